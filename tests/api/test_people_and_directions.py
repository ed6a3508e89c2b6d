"""Coordinators and watchers changed after creation, the outcome measure corrected before
anything is measured, and the Standing Committee's directions: through HTTP (issue 16,
defects 4 and 5; docs/rules.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from assignments.models import Event, Note, Outcome, Task
from tests.api.api_helpers import API, EN, client_for, error, task_url
from tests.factories import MemberFactory, StandingMemberFactory

pytestmark = pytest.mark.django_db


def post(user, url, body=None, **headers):
    return client_for(user, **EN).post(url, body if body is not None else {}, **headers)


def post_vi(user, url, body=None):
    return client_for(user).post(url, body if body is not None else {})


def reloaded(task: Task) -> Task:
    return Task.objects.get(pk=task.pk)


def events(task: Task, kind: str) -> list[Event]:
    return list(Event.objects.filter(task=task, kind=kind))


@pytest.fixture
def watcher(cast):
    """A member of another group who watches the cast's task: entitled to read nothing else."""
    member = MemberFactory(full_name="Vũ Thị Theo Dõi")
    services.task_change_watchers(task=cast.task, actor=cast.leader.user, watchers=[member])
    return member


# --------------------------------------------------------------------------- coordinators


def test_the_leader_changes_the_coordinators_and_the_event_keeps_both_lists(cast):
    outsider = MemberFactory(full_name="Ngô Thị Địa Chính")  # any group's member may coordinate

    response = post(
        cast.leader.user,
        task_url(cast.task, "change_coordinators/"),
        {"coordinators": [cast.group_member.pk, outsider.pk], "note": "Bổ sung cán bộ địa chính."},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert [c["name"] for c in body["coordinators"]] == ["Ngô Thị Địa Chính", "Phạm Văn Thành Viên"]
    assert body["version"] == 2 and response.headers["ETag"] == '"2"'
    (event,) = events(cast.task, "coordinators_changed")
    assert event.actor == cast.leader.user and event.note == "Bổ sung cán bộ địa chính."
    assert event.data == {
        "from_coordinators": [{"id": cast.coordinator.pk, "name": "Lê Văn Phối Hợp"}],
        "to_coordinators": [
            {"id": outsider.pk, "name": "Ngô Thị Địa Chính"},
            {"id": cast.group_member.pk, "name": "Phạm Văn Thành Viên"},
        ],
    }
    assert set(reloaded(cast.task).coordinators.all()) == {cast.group_member, outsider}


def test_an_empty_list_removes_every_coordinator(cast):
    response = post(cast.staff, task_url(cast.task, "change_coordinators/"), {"coordinators": []})

    assert response.status_code == 200
    assert response.json()["coordinators"] == []
    (event,) = events(cast.task, "coordinators_changed")
    assert event.data["to_coordinators"] == []


def test_the_same_list_again_writes_nothing(cast):
    response = post(
        cast.leader.user, task_url(cast.task, "change_coordinators/"), {"coordinators": [cast.coordinator.pk]}
    )

    assert response.status_code == 200
    assert reloaded(cast.task).version == 1
    assert events(cast.task, "coordinators_changed") == []


@pytest.mark.parametrize(
    ("who", "vi", "en"),
    [
        (
            "owner",
            "Đầu mối chủ trì không đồng thời là người phối hợp.",
            "The owner cannot also be a coordinator.",
        ),
        (
            "inactive",
            "Người phối hợp phải là ủy viên đang hoạt động.",
            "Coordinators must be active members.",
        ),
    ],
)
def test_the_owner_or_an_inactive_member_cannot_coordinate_in_either_language(cast, who, vi, en):
    member = cast.owner if who == "owner" else MemberFactory(active=False)
    url = task_url(cast.task, "change_coordinators/")

    assert error(post_vi(cast.leader.user, url, {"coordinators": [member.pk]}), 400)["errors"] == {
        "coordinators": [vi]
    }
    assert error(post(cast.leader.user, url, {"coordinators": [member.pk]}), 400)["errors"] == {
        "coordinators": [en]
    }
    assert list(reloaded(cast.task).coordinators.all()) == [cast.coordinator]
    assert reloaded(cast.task).version == 1
    assert events(cast.task, "coordinators_changed") == []


def test_a_deactivated_coordinator_can_still_be_taken_off(cast):
    cast.coordinator.active = False
    cast.coordinator.save()

    response = post(cast.leader.user, task_url(cast.task, "change_coordinators/"), {"coordinators": []})

    assert response.status_code == 200
    assert reloaded(cast.task).coordinators.count() == 0


def test_a_watcher_cannot_also_coordinate(cast, watcher):
    response = post(
        cast.leader.user, task_url(cast.task, "change_coordinators/"), {"coordinators": [watcher.pk]}
    )

    (message,) = error(response, 400)["errors"]["coordinators"]
    assert message.startswith("Vũ Thị Theo Dõi already watch this task")


def test_only_the_leader_or_the_office_changes_the_coordinators(cast):
    url = task_url(cast.task, "change_coordinators/")
    for user in (cast.owner.user, cast.coordinator.user, cast.standing.user, cast.other_leader.user):
        data = error(post(user, url, {"coordinators": []}), 403, "permission_denied")
        assert data["detail"] == "Only the group's leader or the committee office may do this."
    assert list(reloaded(cast.task).coordinators.all()) == [cast.coordinator]
    assert events(cast.task, "coordinators_changed") == []


def test_the_coordinators_of_a_closed_task_cannot_change(cast):
    services.task_cancel(task=cast.task, actor=cast.leader.user, note="Không còn cần")

    data = error(
        post(cast.leader.user, task_url(cast.task, "change_coordinators/"), {"coordinators": []}),
        409,
        "invalid_state",
    )
    assert data["detail"] == "Cannot change the coordinators of a task whose status is “Cancelled”."


def test_an_unknown_member_is_a_400_naming_the_field(cast):
    response = post(cast.leader.user, task_url(cast.task, "change_coordinators/"), {"coordinators": [999999]})

    assert list(error(response, 400)["errors"]) == ["coordinators"]


# --------------------------------------------------------------------------- watchers


def test_the_leader_sets_the_watchers_and_the_task_shows_them(cast):
    watcher = StandingMemberFactory(full_name="Bùi Văn Theo Dõi")

    response = post(cast.leader.user, task_url(cast.task, "change_watchers/"), {"watchers": [watcher.pk]})

    assert response.status_code == 200, response.content
    assert response.json()["watchers"] == [{"id": watcher.pk, "name": "Bùi Văn Theo Dõi"}]
    (event,) = events(cast.task, "watchers_changed")
    assert event.data == {
        "from_watchers": [],
        "to_watchers": [{"id": watcher.pk, "name": "Bùi Văn Theo Dõi"}],
    }
    detail = client_for(cast.owner.user).get(task_url(cast.task)).json()
    assert detail["watchers"] == [{"id": watcher.pk, "name": "Bùi Văn Theo Dõi"}]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("owner", "Đầu mối chủ trì không đồng thời là người theo dõi."),
        ("coordinator", None),
    ],
)
def test_the_owner_and_a_coordinator_cannot_watch(cast, who, message):
    member = getattr(cast, who)
    response = post_vi(cast.leader.user, task_url(cast.task, "change_watchers/"), {"watchers": [member.pk]})

    (said,) = error(response, 400)["errors"]["watchers"]
    if message:
        assert said == message
    else:
        assert said.startswith("Lê Văn Phối Hợp đang phối hợp nhiệm vụ này")
    assert reloaded(cast.task).watchers.count() == 0
    assert events(cast.task, "watchers_changed") == []


def test_a_watcher_reads_the_task_its_records_and_finds_it_in_the_list(cast, watcher):
    client = client_for(watcher.user)

    assert client.get(task_url(cast.task)).status_code == 200
    assert client.get(task_url(cast.task, "events/")).status_code == 200
    assert client.get(task_url(cast.task, "notes/")).status_code == 200
    listed = client.get(f"{API}tasks/").json()
    assert [t["id"] for t in listed["results"]] == [cast.task.pk]


def test_a_watcher_has_no_duty_every_action_is_refused(cast, watcher):
    client = client_for(watcher.user, **EN)
    version = reloaded(cast.task).version
    for action, body in (
        ("start/", {}),
        ("cancel/", {"note": "x"}),
        ("change_watchers/", {"watchers": []}),
        ("correct_outcome/", {"target": 1, "reason": "x"}),
    ):
        error(client.post(task_url(cast.task, action), body), 403, "permission_denied")
    refused = client.post(task_url(cast.task, "notes/"), {"text": "Tôi theo dõi"})
    assert error(refused, 403)["detail"] == (
        "Only the owner, the coordinators, the group's leader or the committee office may add notes."
    )
    assert reloaded(cast.task).version == version
    assert not Note.objects.filter(task=cast.task).exists()


def test_watching_stops_when_taken_off_the_list(cast, watcher):
    services.task_change_watchers(task=cast.task, actor=cast.leader.user, watchers=[])

    error(client_for(watcher.user).get(task_url(cast.task)), 404)


def test_the_list_filters_by_watcher_and_by_watched_by_me(cast, watcher):
    from tests.factories import make_task

    other = make_task(group=cast.group, owner=cast.group_member, process=cast.task.process)
    office = client_for(cast.staff)

    by_watcher = office.get(f"{API}tasks/", {"watcher": watcher.pk}).json()
    assert [t["id"] for t in by_watcher["results"]] == [cast.task.pk]
    mine = client_for(watcher.user).get(f"{API}tasks/", {"watching": "true"}).json()
    assert [t["id"] for t in mine["results"]] == [cast.task.pk]
    not_mine = office.get(f"{API}tasks/", {"watching": "false"}).json()
    assert {t["id"] for t in not_mine["results"]} == {cast.task.pk, other.pk}  # the office watches none
    assert list(error(office.get(f"{API}tasks/", {"watcher": 999999}), 400)["errors"]) == ["watcher"]


def test_handing_over_to_a_watcher_makes_them_owner_only(cast):
    services.task_change_watchers(task=cast.task, actor=cast.leader.user, watchers=[cast.group_member])

    response = post(
        cast.leader.user,
        task_url(cast.task, "reassign/"),
        {"owner": cast.group_member.pk, "reason": "Đầu mối đi học"},
    )

    assert response.status_code == 200
    assert response.json()["watchers"] == []


# --------------------------------------------------------------------------- the outcome measure


def test_the_leader_corrects_the_outcome_before_any_measurement(cast):
    response = post(
        cast.leader.user,
        task_url(cast.task, "correct_outcome/"),
        {"target": 95, "unit": "phần trăm", "reason": "Nhập nhầm giá trị mục tiêu."},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200, response.content
    outcome = response.json()["outcome"]
    assert (outcome["target"], outcome["unit"], outcome["indicator"]) == (
        95.0,
        "phần trăm",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
    )
    (event,) = events(cast.task, "outcome_corrected")
    assert event.note == "Nhập nhầm giá trị mục tiêu."
    assert event.data == {
        "fields": ["unit", "target"],
        "changes": {"unit": {"from": "%", "to": "phần trăm"}, "target": {"from": "99.00", "to": "95.00"}},
    }
    assert reloaded(cast.task).version == 2


def test_correcting_needs_a_reason_in_either_language(cast):
    url = task_url(cast.task, "correct_outcome/")

    assert error(post_vi(cast.leader.user, url, {"target": 95}), 400)["errors"] == {
        "reason": ["Cần nêu lý do."]
    }
    assert error(post(cast.leader.user, url, {"target": 95}), 400)["errors"] == {
        "reason": ["A reason is required."]
    }
    assert Outcome.objects.get(task=cast.task).target == 99
    assert events(cast.task, "outcome_corrected") == []


def test_an_empty_indicator_or_target_and_an_unknown_field_are_400s(cast):
    url = task_url(cast.task, "correct_outcome/")

    data = error(post(cast.leader.user, url, {"indicator": " ", "target": None, "reason": "x"}), 400)
    assert data["errors"] == {"indicator": ["This field is required."], "target": ["This field is required."]}
    data = error(post(cast.leader.user, url, {"actual": 5, "reason": "x"}), 400)
    assert data["errors"] == {"actual": ["This field cannot be corrected."]}
    assert Outcome.objects.get(task=cast.task).indicator == "Tỷ lệ hồ sơ giải quyết đúng hạn"


def test_after_a_measurement_the_outcome_cannot_be_corrected(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)
    services.measurement_record(
        task=cast.task, actor=cast.owner.user, value=90, measured_on=dt.date(2026, 2, 1)
    )
    url = task_url(cast.task, "correct_outcome/")
    version = reloaded(cast.task).version

    data = error(post(cast.leader.user, url, {"target": 95, "reason": "x"}), 409, "already_measured")
    assert data["detail"] == (
        "The outcome measure cannot be corrected: a measured value is already recorded against it."
    )
    data = error(post_vi(cast.leader.user, url, {"target": 95, "reason": "x"}), 409, "already_measured")
    assert data["detail"].startswith("Không điều chỉnh được chỉ số đo lường hiệu quả")
    assert Outcome.objects.get(task=cast.task).target == 99
    assert reloaded(cast.task).version == version
    assert events(cast.task, "outcome_corrected") == []


def test_only_the_leader_or_the_office_corrects_the_outcome(cast):
    url = task_url(cast.task, "correct_outcome/")
    for user in (cast.owner.user, cast.standing.user):
        error(post(user, url, {"target": 95, "reason": "x"}), 403, "permission_denied")
    assert post(cast.staff, url, {"direction": "decrease", "reason": "Đo số hồ sơ tồn"}).status_code == 200
    assert Outcome.objects.get(task=cast.task).direction == "decrease"


# --------------------------------------------------------------------------- directions


def test_a_standing_committee_member_gives_a_direction_on_any_task(cast):
    response = post(
        cast.standing.user,
        task_url(cast.task, "notes/"),
        {"kind": "direction", "text": "Ưu tiên hồ sơ đất đai."},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["kind_label"], body["text"]) == (
        "direction",
        "Direction",
        "Ưu tiên hồ sơ đất đai.",
    )
    assert response.headers["ETag"] == '"2"'
    (event,) = events(cast.task, "direction_given")
    assert (event.actor, event.note, event.data) == (
        cast.standing.user,
        "Ưu tiên hồ sơ đất đai.",
        {"note": body["id"]},
    )
    assert events(cast.task, "note_added") == []


def test_a_direction_is_labelled_apart_in_vietnamese(cast):
    services.note_add(task=cast.task, actor=cast.owner.user, text="Đã liên hệ phường.")
    services.note_add(task=cast.task, actor=cast.standing.user, text="Báo cáo trước 15/3.", kind="direction")
    client = client_for(cast.coordinator.user)

    notes = client.get(task_url(cast.task, "notes/")).json()["results"]
    assert [(n["kind"], n["kind_label"]) for n in notes] == [
        ("note", "Ghi chú"),
        ("direction", "Ý kiến chỉ đạo"),
    ]
    directions = client.get(task_url(cast.task, "notes/"), {"kind": "direction"}).json()["results"]
    assert [n["text"] for n in directions] == ["Báo cáo trước 15/3."]
    trail = client.get(task_url(cast.task, "events/"), {"kind": "direction_given"}).json()["results"]
    assert [(e["kind_label"], e["note"]) for e in trail] == [("Ý kiến chỉ đạo", "Báo cáo trước 15/3.")]


@pytest.mark.parametrize("role", ["owner", "coordinator", "leader_not_standing", "staff"])
def test_anyone_else_giving_a_direction_is_refused_and_nothing_is_written(cast, role):
    if role == "staff":
        user = cast.staff
    elif role == "leader_not_standing":
        cast.leader.is_standing = False
        cast.leader.save()
        user = cast.leader.user
    else:
        user = getattr(cast, role).user

    response = post_vi(user, task_url(cast.task, "notes/"), {"kind": "direction", "text": "Chỉ đạo"})

    assert error(response, 403, "permission_denied")["detail"] == (
        "Chỉ Ủy viên Ban Thường vụ mới được cho ý kiến chỉ đạo."
    )
    assert not Note.objects.filter(task=cast.task).exists()
    assert reloaded(cast.task).version == 1


def test_a_standing_member_does_not_add_ordinary_notes_to_tasks_not_theirs(cast):
    response = post(cast.standing.user, task_url(cast.task, "notes/"), {"text": "Ghi chú"})

    error(response, 403, "permission_denied")


def test_an_unknown_kind_of_note_is_a_400(cast):
    response = post(cast.owner.user, task_url(cast.task, "notes/"), {"kind": "order", "text": "x"})

    assert list(error(response, 400)["errors"]) == ["kind"]
    assert list(
        error(client_for(cast.owner.user).get(task_url(cast.task, "notes/"), {"kind": "x"}), 400)["errors"]
    ) == ["kind"]
