"""tasks/: the list, assigning, reading and editing content."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments.models import Event, Task
from tests.api.api_helpers import API, EN, client_for, create_body, error, task_url
from tests.factories import MemberFactory, ProcessFactory, make_task

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- reading


def test_a_task_reads_back_with_briefs_labels_and_hanoi_times(cast):
    response = client_for(cast.owner.user, **EN).get(task_url(cast.task))

    assert response.status_code == 200
    task = response.json()
    assert task["group"] == {"id": cast.group.pk, "number": 1, "name": cast.group.name}
    assert task["ward"] == {"id": cast.ward.pk, "code": "00001", "name": "Phúc Xá"}
    assert task["owner"] == {"id": cast.owner.pk, "name": "Trần Thị Chủ Trì"}
    assert task["coordinators"] == [{"id": cast.coordinator.pk, "name": "Lê Văn Phối Hợp"}]
    assert task["assigned_by"] == {
        "id": cast.leader.user.pk,
        "username": cast.leader.user.username,
        "name": cast.leader.full_name,
    }
    assert task["process"] == {"id": cast.task.process_id, "name": cast.task.process.name}
    assert task["target"] is None
    assert [(s["order"], s["name"], s["completed_at"]) for s in task["steps"]] == [
        (1, "Bước 1", None),
        (2, "Bước 2", None),
    ]
    assert task["outcome"] == {
        "indicator": "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "unit": "%",
        "baseline": 80.0,
        "target": 99.0,
        "direction": "increase",
        "actual": None,
        "achieved": False,
    }
    assert (task["status"], task["status_label"]) == ("assigned", "Assigned")
    assert (task["deadline_status"], task["deadline_status_label"]) == (
        "open_on_track",
        "In progress within deadline",
    )
    assert (task["priority"], task["priority_label"]) == ("normal", "Normal")
    assert task["due_date"] == task["original_due_date"] == "2026-03-31"
    assert task["extended"] is False
    assert task["version"] == 1
    assert task["created_at"] == "2026-02-02T09:00:00+07:00"
    assert response.headers["ETag"] == '"1"'


def test_labels_are_vietnamese_by_default(cast):
    task = client_for(cast.owner.user).get(task_url(cast.task)).json()

    assert task["status_label"] == "Đã giao"
    assert task["deadline_status_label"] == "Đang thực hiện trong hạn"


def test_an_office_login_without_member_record_is_named_by_username(cast):
    task = make_task(group=cast.group, owner=cast.owner, actor=cast.staff)

    data = client_for(cast.staff).get(task_url(task)).json()

    assert data["assigned_by"]["name"] == "office"


def test_the_list_is_scoped_to_what_the_user_may_read(cast):
    other_task = make_task(group=cast.other_group, owner=cast.other_member)

    def listed(user):
        return sorted(t["id"] for t in client_for(user).get(f"{API}tasks/").json()["results"])

    assert listed(cast.other_member.user) == [other_task.pk]
    assert listed(cast.group_member.user) == [cast.task.pk]
    assert listed(cast.coordinator.user) == [cast.task.pk]
    assert listed(cast.standing.user) == sorted([cast.task.pk, other_task.pk])
    assert listed(cast.staff) == sorted([cast.task.pk, other_task.pk])


def test_a_task_the_user_may_not_read_is_not_found(cast):
    response = client_for(cast.other_member.user, **EN).get(task_url(cast.task))

    assert error(response, 404, "not_found")["detail"] == "Not found."


def test_a_task_id_too_large_for_the_database_is_not_found_not_a_crash(cast):
    response = client_for(cast.staff).get(f"{API}tasks/99999999999999999999999/")

    error(response, 404, "not_found")


def test_the_list_is_paginated_with_page_size_up_to_200(cast):
    for _ in range(3):
        make_task(group=cast.group, owner=cast.owner, process=cast.task.process)

    page = client_for(cast.staff).get(f"{API}tasks/", {"page_size": 2}).json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 4
    assert len(page["results"]) == 2
    assert "page=2" in page["next"]

    assert len(client_for(cast.staff).get(f"{API}tasks/", {"page_size": 1000}).json()["results"]) == 4


def test_a_page_out_of_range_is_not_found_in_the_error_shape(cast):
    response = client_for(cast.staff, **EN).get(f"{API}tasks/", {"page": 9})

    assert error(response, 404, "not_found")["detail"] == "Invalid page."


# --------------------------------------------------------------------------- creating


def test_the_leader_assigns_a_task_and_gets_it_back_with_location_and_etag(cast):
    response = client_for(cast.leader.user).post(f"{API}tasks/", create_body(cast))

    assert response.status_code == 201, response.json()
    task = response.json()
    assert task["status"] == "assigned"
    assert task["priority"] == "high"
    assert task["owner"]["id"] == cast.owner.pk
    assert task["outcome"]["target"] == 99.0
    assert [s["name"] for s in task["steps"]] == ["Bước 1", "Bước 2"]
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(f"/api/v1/tasks/{task['id']}/")
    assert Event.objects.filter(task_id=task["id"], kind="created", actor=cast.leader.user).count() == 1


def test_the_office_assigns_a_task_in_any_group(cast):
    response = client_for(cast.staff).post(f"{API}tasks/", create_body(cast))

    assert response.status_code == 201


def test_a_leader_cannot_assign_a_task_in_another_group(cast):
    response = client_for(cast.other_leader.user).post(f"{API}tasks/", create_body(cast))

    data = error(response, 403, "permission_denied")
    assert data["detail"] == "Chỉ tổ trưởng của tổ hoặc Văn phòng Quận ủy mới được giao nhiệm vụ cho tổ."
    assert Task.objects.count() == 1


def test_a_member_who_leads_no_group_cannot_assign_whatever_the_body(cast):
    response = client_for(cast.owner.user, **EN).post(f"{API}tasks/", {"title": 5})

    data = error(response, 403, "permission_denied")
    assert data["detail"] == "Only the group's leader or the committee office may assign tasks to the group."


def test_a_task_missing_its_five_clear_points_names_each_field(cast):
    body = create_body(cast, owner=None, description="  ", outcome={"indicator": "Tỷ lệ", "unit": "%"})
    del body["process"]

    response = client_for(cast.leader.user, **EN).post(f"{API}tasks/", body)

    data = error(response, 400, "invalid")
    assert data["detail"] == "Invalid input."
    assert data["errors"]["owner"] == ["Every task needs exactly one owner (clear person)."]
    assert data["errors"]["description"] == ["Describe the work to be done (clear task)."]
    assert data["errors"]["process"] == ["Choose the process to follow (clear process)."]
    assert data["errors"]["outcome.target"] == ["This field is required."]


def test_a_task_without_outcome_says_the_outcome_is_required(cast):
    response = client_for(cast.leader.user, **EN).post(f"{API}tasks/", create_body(cast, outcome=None))

    assert error(response, 400)["errors"] == {"outcome": ["An outcome measure is required (clear outcome)."]}


def test_badly_typed_values_are_field_errors_with_dotted_names(cast):
    body = create_body(cast, owner=99999, due_date="31/03/2026", coordinators="x")
    body["outcome"]["target"] = "lots"

    errors = error(client_for(cast.leader.user, **EN).post(f"{API}tasks/", body), 400)["errors"]

    assert set(errors) == {"owner", "due_date", "coordinators", "outcome.target"}
    assert errors["outcome.target"] == ["A valid number is required."]


def test_a_due_date_before_the_start_is_refused(cast):
    response = client_for(cast.leader.user, **EN).post(
        f"{API}tasks/", create_body(cast, start_date="2026-04-01", due_date="2026-03-31")
    )

    assert error(response, 400)["errors"] == {"due_date": ["The due date cannot be before the start date."]}


def test_a_title_longer_than_the_column_is_a_400_not_a_crash(cast):
    response = client_for(cast.leader.user).post(f"{API}tasks/", create_body(cast, title="x" * 301))

    assert "title" in error(response, 400)["errors"]


def test_decomposed_vietnamese_is_stored_composed(cast):
    import unicodedata

    title = unicodedata.normalize("NFD", "Phúc Xá: rà soát")
    response = client_for(cast.leader.user).post(f"{API}tasks/", create_body(cast, title=title))

    assert response.status_code == 201
    assert Task.objects.get(pk=response.json()["id"]).title == unicodedata.normalize("NFC", title)


# --------------------------------------------------------------------------- editing content


def test_the_leader_edits_the_content_and_the_version_moves_on(cast):
    response = client_for(cast.leader.user).patch(
        task_url(cast.task), {"title": "Rà soát hồ sơ (đợt 2)", "priority": "urgent", "ward": None}
    )

    assert response.status_code == 200
    task = response.json()
    assert (task["title"], task["priority"], task["ward"]) == ("Rà soát hồ sơ (đợt 2)", "urgent", None)
    assert task["version"] == 2
    assert response.headers["ETag"] == '"2"'
    edited = Event.objects.get(task=cast.task, kind="edited")
    assert sorted(edited.data["fields"]) == ["priority", "title", "ward"]


@pytest.mark.parametrize("field", ["status", "owner", "due_date", "version", "group"])
def test_fields_outside_the_content_cannot_be_patched(cast, field):
    response = client_for(cast.leader.user, **EN).patch(task_url(cast.task), {field: "x", "title": "Mới"})

    assert error(response, 400)["errors"] == {field: ["This field cannot be edited."]}
    assert Task.objects.get(pk=cast.task.pk).version == 1


def test_the_owner_cannot_edit_the_content(cast):
    response = client_for(cast.owner.user, **EN).patch(task_url(cast.task), {"title": "Mới"})

    assert error(response, 403)["detail"] == "Only the group's leader or the committee office may do this."


def test_a_ward_outside_the_group_is_refused_on_edit(cast):
    from tests.factories import WardFactory

    elsewhere = WardFactory()
    response = client_for(cast.leader.user, **EN).patch(task_url(cast.task), {"ward": elsewhere.pk})

    assert error(response, 400)["errors"] == {"ward": ["The ward must be one of the group's wards."]}


@pytest.mark.parametrize("method", ["put", "delete"])
def test_tasks_are_neither_replaced_nor_deleted(cast, method):
    response = getattr(client_for(cast.staff), method)(task_url(cast.task), create_body(cast))

    error(response, 405, "method_not_allowed")
    assert Task.objects.filter(pk=cast.task.pk).exists()


def test_the_owner_sees_a_task_reassigned_to_them_and_the_previous_owner_does_not(cast):
    from assignments import services

    outsider = MemberFactory()
    cast.other_group.members.add(outsider)
    services.task_reassign(task=cast.task, actor=cast.leader.user, owner=cast.group_member, reason="Đi học")

    assert (
        client_for(cast.group_member.user).get(task_url(cast.task)).json()["owner"]["id"]
        == cast.group_member.pk
    )
    error(client_for(outsider.user).get(task_url(cast.task)), 404)


def test_the_due_date_extension_shows_in_the_task(cast):
    from assignments import services

    services.task_extend(
        task=cast.task, actor=cast.leader.user, due_date=dt.date(2026, 4, 30), reason="Chờ số liệu"
    )

    task = client_for(cast.owner.user).get(task_url(cast.task)).json()

    assert (task["due_date"], task["original_due_date"], task["extended"]) == (
        "2026-04-30",
        "2026-03-31",
        True,
    )


def test_a_process_without_steps_is_refused(cast):
    empty = ProcessFactory(steps=0)

    response = client_for(cast.leader.user, **EN).post(f"{API}tasks/", create_body(cast, process=empty.pk))

    assert error(response, 400)["errors"] == {"process": ["The process must have at least one step."]}
