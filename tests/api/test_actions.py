"""tasks/{id}/{action}/, steps, measurements, notes and events: through HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from assignments.models import Event, Measurement, Note, Task
from tests.api.api_helpers import EN, client_for, error, ready_to_submit, submitted, task_url

pytestmark = pytest.mark.django_db


def post(user, url, body=None, **headers):
    return client_for(user, **EN).post(url, body if body is not None else {}, **headers)


def reloaded(task: Task) -> Task:
    return Task.objects.get(pk=task.pk)


# --------------------------------------------------------------------------- each action


def test_the_owner_starts_the_task(cast):
    response = post(cast.owner.user, task_url(cast.task, "start/"))

    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert Event.objects.filter(task=cast.task, kind="started", actor=cast.owner.user).count() == 1


def test_the_owner_completes_the_steps_in_order(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)
    first, second = cast.task.steps.order_by("order")

    out_of_order = post(cast.owner.user, task_url(cast.task, f"steps/{second.pk}/complete/"))
    assert (
        error(out_of_order, 409, "step_out_of_order")["detail"]
        == "Steps are completed in order: the next step is “Bước 1”."
    )

    done = post(cast.owner.user, task_url(cast.task, f"steps/{first.pk}/complete/"), {"note": "Đã rà soát"})
    assert done.status_code == 200
    step = done.json()["steps"][0]
    assert step["completed_at"] == "2026-02-02T09:00:00+07:00"
    assert step["note"] == "Đã rà soát"


def test_a_step_of_another_task_is_not_found(cast):
    from tests.factories import make_task

    other = make_task(group=cast.group, owner=cast.owner)
    services.task_start(task=cast.task, actor=cast.owner.user)

    response = post(cast.owner.user, task_url(cast.task, f"steps/{other.steps.first().pk}/complete/"))

    error(response, 404, "not_found")


def test_the_owner_submits_and_the_leader_accepts(cast):
    ready_to_submit(cast.task)

    submitted_ = post(cast.owner.user, task_url(cast.task, "submit/"), {"note": "Đã xong"})
    assert submitted_.json()["status"] == "submitted"

    accepted = post(cast.leader.user, task_url(cast.task, "accept/"), {"note": "Đạt"})
    assert accepted.status_code == 200
    task = accepted.json()
    assert (task["status"], task["deadline_status"]) == ("done", "done_early")
    assert task["completed_at"] == "2026-02-02T09:00:00+07:00"


def test_submitting_before_the_steps_are_done_is_a_conflict(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)

    response = post(cast.owner.user, task_url(cast.task, "submit/"))

    assert (
        error(response, 409, "steps_incomplete")["detail"]
        == "Cannot submit yet: step “Bước 1” is not completed."
    )


def test_the_owner_may_not_accept_their_own_work(cast):
    submitted(cast.task)

    response = post(cast.owner.user, task_url(cast.task, "accept/"))

    assert error(response, 403, "permission_denied")["detail"] == (
        "Only the group's leader or the committee office may do this."
    )
    assert reloaded(cast.task).status == "submitted"


def test_returning_needs_a_reason(cast):
    submitted(cast.task)

    missing = post(cast.leader.user, task_url(cast.task, "return/"), {"note": "  "})
    assert error(missing, 400)["errors"] == {"note": ["A reason is required."]}

    returned = post(cast.leader.user, task_url(cast.task, "return/"), {"note": "Bổ sung biên bản"})
    assert returned.json()["status"] == "in_progress"
    assert Event.objects.get(task=cast.task, kind="returned").note == "Bổ sung biên bản"


def test_the_owner_pauses_with_a_reason_and_the_leader_resumes(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)

    paused = post(cast.owner.user, task_url(cast.task, "pause/"), {"note": "Chờ số liệu"})
    assert paused.json()["status"] == "paused"

    resumed = post(cast.leader.user, task_url(cast.task, "resume/"))
    assert resumed.json()["status"] == "in_progress"


def test_the_office_cancels_with_a_reason_and_a_cancelled_task_cannot_start(cast):
    cancelled = post(cast.staff, task_url(cast.task, "cancel/"), {"note": "Không còn phù hợp"})
    assert cancelled.json()["deadline_status"] == "cancelled"

    response = post(cast.owner.user, task_url(cast.task, "start/"))
    assert (
        error(response, 409, "invalid_state")["detail"] == "Cannot start a task whose status is “Cancelled”."
    )


def test_the_leader_hands_the_task_over(cast):
    response = post(
        cast.leader.user,
        task_url(cast.task, "reassign/"),
        {"owner": cast.coordinator.pk, "reason": "Phân công lại"},
    )

    assert response.status_code == 200
    task = response.json()
    assert task["owner"]["id"] == cast.coordinator.pk
    assert task["coordinators"] == []


def test_handing_over_to_someone_outside_the_group_is_refused(cast):
    response = post(
        cast.leader.user, task_url(cast.task, "reassign/"), {"owner": cast.other_member.pk, "reason": "x"}
    )

    assert error(response, 400)["errors"] == {
        "owner": ["The new owner must be an active member of the group."]
    }


def test_handing_over_to_an_unknown_member_names_the_field(cast):
    response = post(cast.leader.user, task_url(cast.task, "reassign/"), {"owner": 999999, "reason": "x"})

    assert list(error(response, 400)["errors"]) == ["owner"]


def test_the_leader_extends_the_due_date(cast):
    response = post(
        cast.leader.user, task_url(cast.task, "extend/"), {"due_date": "2026-04-30", "reason": "Chờ quý I"}
    )

    task = response.json()
    assert (task["due_date"], task["original_due_date"], task["extended"]) == (
        "2026-04-30",
        "2026-03-31",
        True,
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The new due date must be after the current one (31/03/2026)."),
        ("vi", "Hạn mới phải sau hạn hiện tại (31/03/2026)."),
    ],
)
def test_an_earlier_due_date_is_refused_naming_the_current_one_as_the_pages_show_dates(
    cast, language, message
):
    response = client_for(cast.leader.user, HTTP_ACCEPT_LANGUAGE=language).post(
        task_url(cast.task, "extend/"), {"due_date": "2026-03-01", "reason": "x"}
    )

    assert error(response, 400)["errors"] == {"due_date": [message]}


def test_an_action_on_a_task_the_user_may_not_read_is_not_found_and_changes_nothing(cast):
    response = post(cast.other_member.user, task_url(cast.task, "cancel/"), {"note": "x"})

    error(response, 404, "not_found")
    assert reloaded(cast.task).status == "assigned"


def test_a_forbidden_action_says_who_may_in_vietnamese_by_default(cast):
    response = client_for(cast.group_member.user).post(task_url(cast.task, "start/"))

    assert (
        error(response, 403)["detail"] == "Chỉ đầu mối chủ trì của nhiệm vụ mới được thực hiện thao tác này."
    )


def test_an_action_of_a_task_that_does_not_exist_is_not_found(cast):
    error(post(cast.staff, task_url(999999, "cancel/"), {"note": "x"}), 404)


def test_actions_answer_only_post(cast):
    response = client_for(cast.owner.user).get(task_url(cast.task, "start/"))

    error(response, 405, "method_not_allowed")


# --------------------------------------------------------------------------- If-Match


def test_a_stale_if_match_is_412_and_changes_nothing(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)  # version 2

    response = post(cast.owner.user, task_url(cast.task, "pause/"), {"note": "Chờ"}, HTTP_IF_MATCH='"1"')

    data = error(response, 412, "version_mismatch")
    assert data["detail"] == "The task was changed by someone else; reload it and try again."
    assert response.headers["ETag"] == '"2"'
    task = reloaded(cast.task)
    assert (task.status, task.version) == ("in_progress", 2)
    assert not Event.objects.filter(task=cast.task, kind="paused").exists()


def test_a_stale_if_match_wins_over_a_forbidden_action(cast):
    response = post(cast.group_member.user, task_url(cast.task, "start/"), HTTP_IF_MATCH='"7"')

    error(response, 412, "version_mismatch")


@pytest.mark.parametrize("header", ['"1"', 'W/"1"', "*"])
def test_a_current_if_match_lets_the_action_through(cast, header):
    response = post(cast.owner.user, task_url(cast.task, "start/"), HTTP_IF_MATCH=header)

    assert response.status_code == 200


@pytest.mark.parametrize("header", ["1", '"one"', '"1", "2"', ""])
def test_a_malformed_if_match_is_a_400_and_changes_nothing(cast, header):
    response = post(cast.owner.user, task_url(cast.task, "start/"), HTTP_IF_MATCH=header)

    error(response, 400, "invalid_if_match")
    assert reloaded(cast.task).status == "assigned"


def test_a_stale_if_match_on_patch_is_412(cast):
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"title": "Một"})

    response = client_for(cast.leader.user).patch(task_url(cast.task), {"title": "Hai"}, HTTP_IF_MATCH='"1"')

    error(response, 412, "version_mismatch")
    assert reloaded(cast.task).title == "Một"


# --------------------------------------------------------------------------- measurements, notes, events


def test_the_owner_records_a_measurement_and_the_outcome_follows(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)

    response = post(
        cast.owner.user,
        task_url(cast.task, "measurements/"),
        {"value": 99.5, "measured_on": "2026-02-01", "note": "Báo cáo phường"},
    )

    assert response.status_code == 201
    assert response.json()["value"] == 99.5
    assert response.json()["recorded_by"]["name"] == cast.owner.full_name
    assert response.headers["ETag"] == '"3"'
    listed = client_for(cast.group_member.user).get(task_url(cast.task, "measurements/")).json()
    assert [m["value"] for m in listed["results"]] == [99.5]
    outcome = client_for(cast.owner.user).get(task_url(cast.task)).json()["outcome"]
    assert (outcome["actual"], outcome["achieved"]) == (99.5, True)


def test_a_measurement_in_the_future_is_refused(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)

    response = post(
        cast.owner.user, task_url(cast.task, "measurements/"), {"value": 1, "measured_on": "2026-02-03"}
    )

    assert error(response, 400)["errors"] == {
        "measured_on": ["The measurement date cannot be in the future."]
    }


def test_a_measurement_before_the_task_started_is_a_conflict(cast):
    response = post(
        cast.owner.user, task_url(cast.task, "measurements/"), {"value": 1, "measured_on": "2026-02-01"}
    )

    error(response, 409, "invalid_state")
    assert not Measurement.objects.exists()


def test_a_coordinator_adds_a_note_and_every_reader_sees_it(cast):
    response = post(cast.coordinator.user, task_url(cast.task, "notes/"), {"text": "Đã liên hệ phường."})

    assert response.status_code == 201
    assert response.json()["author"]["name"] == cast.coordinator.full_name
    notes = client_for(cast.standing.user).get(task_url(cast.task, "notes/")).json()["results"]
    assert [n["text"] for n in notes] == ["Đã liên hệ phường."]


def test_a_group_member_who_is_not_on_the_task_may_not_add_notes(cast):
    response = post(cast.group_member.user, task_url(cast.task, "notes/"), {"text": "x"})

    assert error(response, 403)["detail"] == (
        "Only the owner, the coordinators, the group's leader or the committee office may add notes."
    )
    assert not Note.objects.exists()


def test_an_empty_note_is_refused(cast):
    response = post(cast.owner.user, task_url(cast.task, "notes/"), {"text": " "})

    assert error(response, 400)["errors"] == {"text": ["This field is required."]}


def test_the_events_are_oldest_first_with_actor_and_kind_label(cast):
    from assignments import clock
    from tests.conftest import NOW

    with clock.frozen_at(NOW + dt.timedelta(hours=1)):
        services.task_start(task=cast.task, actor=cast.owner.user)
    with clock.frozen_at(NOW + dt.timedelta(hours=2)):
        services.task_pause(task=cast.task, actor=cast.leader.user, note="Chờ ý kiến")

    events = client_for(cast.group_member.user, **EN).get(task_url(cast.task, "events/")).json()["results"]

    assert [(e["kind"], e["kind_label"], e["actor"]["name"]) for e in events] == [
        ("created", "Task assigned", cast.leader.full_name),
        ("started", "Started", cast.owner.full_name),
        ("paused", "Paused", cast.leader.full_name),
    ]
    assert [e["at"] for e in events] == [
        "2026-02-02T09:00:00+07:00",
        "2026-02-02T10:00:00+07:00",
        "2026-02-02T11:00:00+07:00",
    ]
    assert (events[2]["from_status"], events[2]["to_status"], events[2]["note"]) == (
        "in_progress",
        "paused",
        "Chờ ý kiến",
    )


@pytest.mark.parametrize("suffix", ["events/", "notes/", "measurements/"])
def test_the_records_of_a_task_the_user_may_not_read_are_not_found(cast, suffix):
    error(client_for(cast.other_member.user).get(task_url(cast.task, suffix)), 404, "not_found")


def test_records_of_a_task_that_does_not_exist_are_not_found(cast):
    error(client_for(cast.staff).get(task_url(424242, "events/")), 404, "not_found")
