"""The task page: coordinators and watchers changed, the outcome corrected, the Standing
Committee's directions given and shown apart (issue 16, defects 4 and 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from assignments.models import Event, Note, Task
from tests.factories import MemberFactory
from tests.web.web_helpers import action, client_for, events_of, messages_of, query_count, text

pytestmark = pytest.mark.django_db


def page(user, task, language="en"):
    return client_for(user, language).get(f"/tasks/{task.pk}/")


def test_the_leader_changes_the_coordinators_on_the_page(cast):
    outsider = MemberFactory(full_name="Ngô Thị Địa Chính")
    client = client_for(cast.leader.user)
    assert "Change the coordinators" in text(page(cast.leader.user, cast.task))

    response = action(
        client,
        cast.task,
        "change_coordinators",
        {"coordinators": [cast.coordinator.pk, outsider.pk], "note": "Thêm địa chính"},
        follow=True,
    )

    assert "The coordinators are updated." in messages_of(response)
    shown = text(response)
    assert "Coordinators Lê Văn Phối Hợp, Ngô Thị Địa Chính" in shown
    assert "Coordinators: Lê Văn Phối Hợp → Lê Văn Phối Hợp, Ngô Thị Địa Chính" in shown
    assert events_of(cast.task)[-1] == "coordinators_changed"


def test_a_refused_coordinator_is_said_next_to_the_field_and_nothing_changes(cast):
    services.task_change_watchers(task=cast.task, actor=cast.leader.user, watchers=[cast.group_member])
    client = client_for(cast.leader.user, "vi")

    response = action(client, cast.task, "change_coordinators", {"coordinators": [cast.group_member.pk]})

    assert response.status_code == 400
    assert "Phạm Văn Thành Viên đang theo dõi nhiệm vụ này" in text(response)
    assert "coordinators_changed" not in events_of(cast.task)


def test_the_watchers_are_set_and_shown_and_a_watcher_reads_the_page_without_actions(cast):
    watcher = MemberFactory(full_name="Vũ Thị Theo Dõi")
    response = action(
        client_for(cast.leader.user), cast.task, "change_watchers", {"watchers": [watcher.pk]}, follow=True
    )
    assert "The watchers are updated." in messages_of(response)
    assert "Watchers Vũ Thị Theo Dõi" in text(response)

    seen = page(watcher.user, cast.task)
    assert seen.status_code == 200
    shown = text(seen)
    assert "Watchers Vũ Thị Theo Dõi" in shown
    for offer in ("Start the task", "Add the note", "Leader's decisions", "Give the direction"):
        assert offer not in shown
    refused = action(client_for(watcher.user), cast.task, "add_note", {"text": "Tôi theo dõi"})
    assert refused.status_code == 403
    assert not Note.objects.filter(task=cast.task).exists()
    assert "Tasks I watch" in text(client_for(watcher.user).get("/my-tasks/"))


def test_the_leader_corrects_the_outcome_then_a_measurement_closes_the_correction(cast):
    client = client_for(cast.leader.user)
    form = {
        "indicator": "Số hồ sơ tồn đọng",
        "unit": "hồ sơ",
        "baseline": "40",
        "target": "0",
        "direction": "decrease",
        "reason": "Đo số hồ sơ, không đo tỷ lệ",
    }

    response = action(client, cast.task, "correct_outcome", form, follow=True)

    assert "The outcome measure is corrected." in messages_of(response)
    shown = text(response)
    assert "Indicator Số hồ sơ tồn đọng" in shown
    assert "Target value: 99 → 0" in shown
    event = Event.objects.filter(task=cast.task).last()
    assert event.kind == "outcome_corrected" and event.data["changes"]["unit"] == {"from": "%", "to": "hồ sơ"}

    services.task_start(task=cast.task, actor=cast.owner.user)
    services.measurement_record(
        task=cast.task, actor=cast.owner.user, value=30, measured_on=dt.date(2026, 2, 1)
    )
    shown = text(page(cast.leader.user, cast.task))
    assert "Correct the outcome measure" not in shown
    assert (
        "The outcome measure cannot be corrected: a measured value is already recorded against it." in shown
    )
    refused = action(client, cast.task, "correct_outcome", {**form, "target": "5"})
    assert refused.status_code == 409
    assert Task.objects.get(pk=cast.task.pk).outcome.target == 0


def test_a_standing_committee_member_gives_a_direction_shown_apart(cast):
    client = client_for(cast.standing.user, "vi")
    assert "Gửi ý kiến chỉ đạo" in text(page(cast.standing.user, cast.task, "vi"))

    response = action(client, cast.task, "give_direction", {"text": "Ưu tiên hồ sơ đất đai."}, follow=True)

    assert "Đã gửi ý kiến chỉ đạo của đồng chí." in messages_of(response)
    shown = text(response)
    assert "Ý kiến chỉ đạo của Ban Thường vụ Ý kiến chỉ đạo Đỗ Văn Thường Vụ" in shown
    # Not among the ordinary notes.
    assert "Chưa có ghi chú." in shown
    assert events_of(cast.task)[-1] == "direction_given"
    # The timeline labels it as a direction, not as a note.
    history = shown.split("Nhật ký")[-1]
    assert "Ý kiến chỉ đạo" in history


def test_a_member_has_no_direction_form_and_is_refused(cast):
    assert "Give the direction" not in text(page(cast.owner.user, cast.task))

    response = action(client_for(cast.owner.user), cast.task, "give_direction", {"text": "Chỉ đạo"})

    assert response.status_code == 403
    assert "Only Standing Committee members may give directions." in messages_of(response)
    assert not Note.objects.filter(task=cast.task).exists()


def test_the_leaders_page_costs_the_same_with_watchers_and_directions(cast):
    before = query_count(cast.leader.user, f"/tasks/{cast.task.pk}/")
    services.task_change_watchers(
        task=cast.task, actor=cast.leader.user, watchers=[MemberFactory(), MemberFactory()]
    )
    for n in range(3):
        services.note_add(task=cast.task, actor=cast.standing.user, text=f"Chỉ đạo {n}", kind="direction")
    assert query_count(cast.leader.user, f"/tasks/{cast.task.pk}/") == before
