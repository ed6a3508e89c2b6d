"""Wards, members, groups, processes: everyone reads, the office writes; filters."""

from __future__ import annotations

import unicodedata

import pytest
from rest_framework.test import APIClient

from assignments.models import Group, Member, Process, Ward
from tests.api.api_helpers import API, EN, client_for, error
from tests.factories import MemberFactory, ProcessFactory, StandingMemberFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db


def results(response) -> list[dict]:
    assert response.status_code == 200, response.json()
    return response.json()["results"]


# --------------------------------------------------------------------------- reading


def test_every_member_reads_the_reference_data(cast):
    client = client_for(cast.other_member.user)

    assert results(client.get(f"{API}wards/")) == [
        {"id": cast.ward.pk, "code": "00001", "name": "Phúc Xá", "active": True}
    ]
    group = client.get(f"{API}groups/{cast.group.pk}/").json()
    assert group["leader"] == {"id": cast.leader.pk, "name": cast.leader.full_name}
    assert sorted(m["id"] for m in group["members"]) == sorted(
        [cast.leader.pk, cast.owner.pk, cast.coordinator.pk, cast.group_member.pk]
    )
    assert group["wards"] == [{"id": cast.ward.pk, "code": "00001", "name": "Phúc Xá"}]
    owner = client.get(f"{API}members/{cast.owner.pk}/").json()
    assert owner["full_name"] == "Trần Thị Chủ Trì"
    assert owner["groups"] == [{"id": cast.group.pk, "number": 1, "name": cast.group.name}]
    assert "user" not in owner
    process = client.get(f"{API}processes/{cast.task.process_id}/").json()
    assert process["steps"] == [
        {"order": 1, "name": "Bước 1", "expected_days": 1},
        {"order": 2, "name": "Bước 2", "expected_days": 1},
    ]


def test_an_unknown_id_is_not_found(cast):
    error(client_for(cast.owner.user).get(f"{API}wards/999999/"), 404, "not_found")


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize("role", ["owner", "leader", "standing"])
def test_only_the_office_writes_reference_data(cast, role):
    response = client_for(cast.user(role), **EN).post(f"{API}wards/", {"code": "00099", "name": "Phường Mới"})

    assert (
        error(response, 403, "permission_denied")["detail"]
        == "Only the committee office may change reference data."
    )
    assert not Ward.objects.filter(code="00099").exists()


def test_the_office_adds_and_retires_a_ward(cast):
    office = client_for(cast.staff)

    created = office.post(
        f"{API}wards/", {"code": "00099", "name": unicodedata.normalize("NFD", "Phường Mới")}
    )
    assert created.status_code == 201
    assert Ward.objects.get(code="00099").name == "Phường Mới"

    retired = office.patch(f"{API}wards/{created.json()['id']}/", {"active": False})
    assert retired.json()["active"] is False


def test_a_ward_code_is_five_digits_and_unique(cast):
    office = client_for(cast.staff, **EN)

    assert error(office.post(f"{API}wards/", {"code": "1", "name": "X"}), 400)["errors"] == {
        "code": ["A ward code has exactly 5 digits."]
    }
    assert list(error(office.post(f"{API}wards/", {"code": "00001", "name": "X"}), 400)["errors"]) == ["code"]


def test_reference_data_is_never_deleted_through_the_api(cast):
    error(client_for(cast.staff).delete(f"{API}wards/{cast.ward.pk}/"), 405, "method_not_allowed")
    assert Ward.objects.filter(pk=cast.ward.pk).exists()


def test_the_office_creates_a_member_for_a_login(cast):
    login = UserFactory(username="new-member")

    response = client_for(cast.staff).post(
        f"{API}members/",
        {"user": login.pk, "full_name": "Vũ Thị Mới", "title": "Ủy viên", "wards": [cast.ward.pk]},
    )

    assert response.status_code == 201
    assert response.json()["username"] == "new-member"
    assert response.json()["wards"] == [{"id": cast.ward.pk, "code": "00001", "name": "Phúc Xá"}]
    assert Member.objects.get(user=login).wards.get() == cast.ward


def test_a_member_without_a_login_is_refused(cast):
    response = client_for(cast.staff, **EN).post(f"{API}members/", {"full_name": "Vũ Thị Mới"})

    assert error(response, 400)["errors"] == {"user": ["This field is required."]}


def test_a_members_login_cannot_be_changed(cast):
    other_login = UserFactory()

    response = client_for(cast.staff).patch(
        f"{API}members/{cast.owner.pk}/", {"user": other_login.pk, "title": "Mới"}
    )

    assert response.status_code == 200
    assert Member.objects.get(pk=cast.owner.pk).user == cast.owner.user


def test_the_office_creates_a_group_led_by_one_of_its_members(cast):
    leader = StandingMemberFactory()

    response = client_for(cast.staff).post(
        f"{API}groups/",
        {"number": 7, "name": "Tổ 7", "leader": leader.pk, "members": [leader.pk], "wards": []},
    )

    assert response.status_code == 201
    assert response.json()["leader"] == {"id": leader.pk, "name": leader.full_name}
    assert list(Group.objects.get(number=7).members.all()) == [leader]


def test_a_group_leader_must_be_a_member_of_the_group_and_of_the_standing_committee(cast):
    office = client_for(cast.staff, **EN)
    plain = MemberFactory()

    outside = office.post(
        f"{API}groups/", {"number": 8, "name": "Tổ 8", "leader": cast.standing.pk, "members": [plain.pk]}
    )
    assert error(outside, 400)["errors"] == {
        "leader": ["The group leader must be one of the group's members."]
    }

    not_standing = office.patch(f"{API}groups/{cast.group.pk}/", {"leader": cast.owner.pk})
    assert error(not_standing, 400)["errors"] == {
        "leader": ["The group leader must be a Standing Committee member."]
    }


def test_a_group_number_too_large_for_the_column_is_a_400(cast):
    response = client_for(cast.staff).patch(f"{API}groups/{cast.group.pk}/", {"number": 40000})

    assert list(error(response, 400)["errors"]) == ["number"]


def test_the_office_creates_a_process_with_ordered_steps(cast):
    response = client_for(cast.staff).post(
        f"{API}processes/",
        {
            "name": "Giải quyết đơn thư",
            "steps": [{"order": 2, "name": "Xử lý", "expected_days": 10}, {"order": 1, "name": "Tiếp nhận"}],
        },
    )

    assert response.status_code == 201
    assert [(s["order"], s["name"]) for s in response.json()["steps"]] == [(1, "Tiếp nhận"), (2, "Xử lý")]


def test_a_process_needs_steps_numbered_once(cast):
    office = client_for(cast.staff, **EN)

    empty = office.post(f"{API}processes/", {"name": "Trống", "steps": []})
    assert list(error(empty, 400)["errors"]) == ["steps"]

    twice = office.post(
        f"{API}processes/",
        {"name": "Hai lần", "steps": [{"order": 1, "name": "A"}, {"order": 1, "name": "B"}]},
    )
    assert error(twice, 400)["errors"] == {"steps": ["Each step number is used once in a process."]}

    unnamed = office.post(
        f"{API}processes/", {"name": "Thiếu tên", "steps": [{"order": 1}, {"order": 2, "name": ""}]}
    )
    assert set(error(unnamed, 400)["errors"]) == {"steps.0.name", "steps.1.name"}


def test_new_steps_replace_the_template_but_not_the_tasks_copies(cast):
    process = cast.task.process

    response = client_for(cast.staff).patch(
        f"{API}processes/{process.pk}/", {"steps": [{"order": 1, "name": "Mới"}]}
    )

    assert response.status_code == 200
    assert [s.name for s in Process.objects.get(pk=process.pk).steps.all()] == ["Mới"]
    assert [s.name for s in cast.task.steps.order_by("order")] == ["Bước 1", "Bước 2"]


def test_a_patch_replaces_the_steps_whole_so_each_needs_its_number_and_name(cast):
    process = cast.task.process

    response = client_for(cast.staff, **EN).patch(
        f"{API}processes/{process.pk}/", {"steps": [{"expected_days": 3}, {"order": 2, "name": "Xử lý"}]}
    )

    assert error(response, 400)["errors"] == {
        "steps.0.order": ["This field is required."],
        "steps.0.name": ["This field is required."],
    }
    assert [s.name for s in Process.objects.get(pk=process.pk).steps.all()] == ["Bước 1", "Bước 2"]


def test_the_browsable_api_shows_the_offices_forms(cast):
    client = APIClient()
    client.force_login(cast.staff)

    response = client.get(f"{API}groups/{cast.group.pk}/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "Phúc Xá" in response.content.decode()


# --------------------------------------------------------------------------- filters


def ids(user, path, params) -> list[int]:
    return [row["id"] for row in results(client_for(user).get(f"{API}{path}", params))]


def test_members_filter_by_group_standing_ward_and_name(cast):
    cast.owner.wards.add(cast.ward)
    user = cast.group_member.user

    assert sorted(ids(user, "members/", {"group": cast.other_group.pk})) == sorted(
        [cast.other_member.pk, cast.other_leader.pk]
    )
    assert sorted(ids(user, "members/", {"is_standing": "true"})) == sorted(
        [cast.leader.pk, cast.other_leader.pk, cast.standing.pk]
    )
    assert ids(user, "members/", {"ward": cast.ward.pk}) == [cast.owner.pk]
    assert ids(user, "members/", {"q": unicodedata.normalize("NFD", "chủ trì")}) == [cast.owner.pk]


def test_wards_filter_by_active_group_and_member(cast):
    retired = WardFactory(active=False)
    cast.owner.wards.add(cast.ward)
    user = cast.owner.user

    assert ids(user, "wards/", {"active": "false"}) == [retired.pk]
    assert ids(user, "wards/", {"group": cast.group.pk}) == [cast.ward.pk]
    assert ids(user, "wards/", {"group": cast.other_group.pk}) == []
    assert ids(user, "wards/", {"member": cast.owner.pk}) == [cast.ward.pk]
    assert ids(user, "wards/", {"q": "phúc"}) == [cast.ward.pk]


def test_groups_filter_by_member_ward_and_leader(cast):
    user = cast.owner.user

    assert ids(user, "groups/", {"member": cast.owner.pk}) == [cast.group.pk]
    assert ids(user, "groups/", {"ward": cast.ward.pk}) == [cast.group.pk]
    assert ids(user, "groups/", {"leader": cast.other_leader.pk}) == [cast.other_group.pk]


def test_processes_filter_by_active(cast):
    retired = ProcessFactory(active=False)

    assert ids(cast.owner.user, "processes/", {"active": "false"}) == [retired.pk]
    assert cast.task.process_id in ids(cast.owner.user, "processes/", {"active": "true"})


@pytest.mark.parametrize(
    "path,params",
    [("members/", {"group": "x"}), ("members/", {"is_standing": "perhaps"}), ("wards/", {"active": "2"}),
     ("groups/", {"leader": 999999}), ("processes/", {"active": "maybe"})],
)  # fmt: skip
def test_an_invalid_reference_filter_is_a_400(cast, path, params):
    assert list(error(client_for(cast.owner.user).get(f"{API}{path}", params), 400)["errors"]) == list(params)


# --------------------------------------------------------------------------- one owner, a member of the group


def _members_without(group, member) -> list[int]:
    return [m.pk for m in group.members.all() if m.pk != member.pk]


def test_the_office_cannot_remove_a_member_who_owns_an_open_task_of_the_group(cast):
    keep = _members_without(cast.group, cast.owner)
    response = client_for(cast.staff, **EN).patch(
        f"{API}groups/{cast.group.pk}/", {"members": keep}, format="json"
    )
    body = error(response, 409, "owner_has_open_tasks")
    # The refusal names the task to hand over first, and who owns it.
    assert f"#{cast.task.pk}" in body["detail"] and cast.owner.full_name in body["detail"]
    assert cast.group.members.filter(pk=cast.owner.pk).exists()


def test_a_member_leaves_the_group_once_their_open_tasks_are_handed_over(cast):
    from assignments import services

    services.task_reassign(
        task=cast.task, actor=cast.staff, owner=cast.group_member, reason="Chuyển công tác"
    )
    keep = _members_without(cast.group, cast.owner)
    response = client_for(cast.staff).patch(f"{API}groups/{cast.group.pk}/", {"members": keep}, format="json")
    assert response.status_code == 200
    assert not cast.group.members.filter(pk=cast.owner.pk).exists()


def test_a_member_who_owns_only_closed_tasks_may_leave_the_group(cast):
    from assignments import services

    services.task_cancel(task=cast.task, actor=cast.staff, note="Không còn phù hợp")
    keep = _members_without(cast.group, cast.owner)
    response = client_for(cast.staff).patch(f"{API}groups/{cast.group.pk}/", {"members": keep}, format="json")
    assert response.status_code == 200
