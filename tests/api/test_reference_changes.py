"""Reference data written through the API leaves its audit row; the office reads the
history at `reference-changes/` (docs/api.md), nobody else does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assignments import clock, services
from assignments.models import ReferenceAction, ReferenceChange, ReferenceKind, Target, Task
from tests.api.api_helpers import API, EN, client_for, error, fresh_client
from tests.factories import MemberFactory, StaffUserFactory, UserFactory

URL = f"{API}reference-changes/"


def only_row(**filters) -> ReferenceChange:
    found = list(ReferenceChange.objects.filter(**filters))
    assert len(found) == 1, [(r.kind, r.action, r.changes) for r in found]
    return found[0]


@pytest.fixture
def target(db) -> Target:
    return services.target_create(
        actor=None,
        code="CT01",
        name="Tỷ lệ hồ sơ đúng hạn",
        unit="%",
        target_value=Decimal("99"),
        deadline=dt.date(2026, 12, 31),
    )


# --------------------------------------------------------------------------- writes leave rows


def test_a_ward_added_through_the_api_is_recorded(cast):
    response = client_for(cast.staff).post(f"{API}wards/", {"code": "00007", "name": "Cống Vị"})

    assert response.status_code == 201
    row = only_row(kind=ReferenceKind.WARD, object_id=response.json()["id"])
    assert (row.action, row.actor) == (ReferenceAction.CREATED, cast.staff)
    assert row.changes["name"] == {"from": None, "to": "Cống Vị"}


def test_a_ward_renamed_through_the_api_is_recorded(cast):
    response = client_for(cast.staff).patch(f"{API}wards/{cast.ward.pk}/", {"name": "Phúc Xá Mới"})

    assert response.status_code == 200
    row = only_row(kind=ReferenceKind.WARD)
    assert (row.object_id, row.actor, row.action) == (cast.ward.pk, cast.staff, ReferenceAction.CHANGED)
    assert row.changes == {"name": {"from": "Phúc Xá", "to": "Phúc Xá Mới"}}


def test_a_member_retired_through_the_api_is_a_deactivation(cast):
    response = client_for(cast.staff).patch(f"{API}members/{cast.group_member.pk}/", {"active": False})

    assert response.status_code == 200
    row = only_row(kind=ReferenceKind.MEMBER)
    assert (row.object_id, row.action) == (cast.group_member.pk, ReferenceAction.DEACTIVATED)
    assert row.changes == {"active": {"from": True, "to": False}}


def test_a_member_added_through_the_api_is_recorded_with_their_login(cast):
    login = UserFactory()

    response = client_for(cast.staff).post(
        f"{API}members/",
        {"user": login.pk, "full_name": "Vũ Thị Mới", "wards": [cast.ward.pk]},
        format="json",
    )

    assert response.status_code == 201
    row = only_row(kind=ReferenceKind.MEMBER, action=ReferenceAction.CREATED)
    assert row.changes["user"] == {"from": None, "to": login.pk}
    assert row.changes["wards"] == {"from": None, "to": [cast.ward.pk]}


def test_a_group_changed_through_the_api_is_recorded(cast):
    newcomer = MemberFactory()
    members = sorted([*(m.pk for m in cast.group.members.all()), newcomer.pk])

    response = client_for(cast.staff).patch(
        f"{API}groups/{cast.group.pk}/", {"members": members, "name": "Tổ 1 mới"}, format="json"
    )

    assert response.status_code == 200
    row = only_row(kind=ReferenceKind.GROUP)
    assert row.changes == {
        "name": {"from": cast.group.name, "to": "Tổ 1 mới"},
        "members": {"from": [m for m in members if m != newcomer.pk], "to": members},
    }


def test_steps_replaced_through_the_api_are_recorded_old_and_new(cast):
    process = cast.task.process
    old = [{"order": s.order, "name": s.name, "expected_days": s.expected_days} for s in process.steps.all()]

    response = client_for(cast.staff).patch(
        f"{API}processes/{process.pk}/",
        {"steps": [{"order": 1, "name": "Mới", "expected_days": 4}]},
        format="json",
    )

    assert response.status_code == 200
    row = only_row(kind=ReferenceKind.PROCESS)
    assert row.changes == {"steps": {"from": old, "to": [{"order": 1, "name": "Mới", "expected_days": 4}]}}


def test_a_target_changed_through_the_api_is_recorded(cast, target):
    response = client_for(cast.staff).patch(
        f"{API}targets/{target.pk}/", {"actual": "99.5", "achieved_on": "2026-06-30"}
    )

    assert response.status_code == 200
    row = only_row(kind=ReferenceKind.TARGET, action=ReferenceAction.CHANGED)
    assert row.changes == {
        "actual": {"from": None, "to": "99.5"},
        "achieved_on": {"from": None, "to": "2026-06-30"},
    }


def test_a_target_deleted_through_the_api_leaves_a_row(cast, target):
    response = client_for(cast.staff).delete(f"{API}targets/{target.pk}/")

    assert response.status_code == 204
    row = only_row(kind=ReferenceKind.TARGET, action=ReferenceAction.DELETED)
    assert (row.object_id, row.actor) == (target.pk, cast.staff)
    assert row.changes["code"] == {"from": "CT01", "to": None}


def test_a_patch_that_changes_nothing_writes_nothing(cast, target):
    office = client_for(cast.staff)
    before = ReferenceChange.objects.count()

    answers = [
        office.patch(f"{API}wards/{cast.ward.pk}/", {"name": "Phúc Xá", "active": True}),
        office.patch(f"{API}members/{cast.owner.pk}/", {"full_name": cast.owner.full_name}),
        office.patch(f"{API}groups/{cast.group.pk}/", {"name": cast.group.name}),
        office.patch(f"{API}targets/{target.pk}/", {"target_value": "99.00"}),
    ]

    assert [a.status_code for a in answers] == [200] * 4
    assert ReferenceChange.objects.count() == before


def test_a_refused_change_writes_nothing(cast, target):
    office = client_for(cast.staff, **EN)
    Task.objects.filter(pk=cast.task.pk).update(target=target)
    before = ReferenceChange.objects.count()
    leaving = [m.pk for m in cast.group.members.all() if m != cast.owner]

    error(office.patch(f"{API}wards/{cast.ward.pk}/", {"code": "1"}), 400)
    error(office.patch(f"{API}groups/{cast.group.pk}/", {"leader": cast.standing.pk}), 400)
    error(office.patch(f"{API}groups/{cast.group.pk}/", {"members": leaving}, format="json"), 409)
    error(office.delete(f"{API}targets/{target.pk}/"), 409, "target_in_use")
    error(client_for(cast.owner.user).patch(f"{API}wards/{cast.ward.pk}/", {"name": "X"}), 403)

    assert ReferenceChange.objects.count() == before


# --------------------------------------------------------------------------- reading the history


@pytest.fixture
def history(cast, target):
    """Three changes at three moments: a ward renamed, a member retired, a target met."""
    moments = [dt.datetime(2026, 2, 2, 9, m, tzinfo=dt.UTC) for m in (0, 10, 20)]
    with clock.frozen_at(moments[0]):
        services.ward_update(cast.ward, actor=cast.staff, changes={"name": "Phúc Xá 2"})
    with clock.frozen_at(moments[1]):
        services.members_deactivate([cast.group_member], actor=None)
    with clock.frozen_at(moments[2]):
        services.target_update(target, actor=cast.staff, changes={"actual": Decimal("99.5")})
    return moments


def test_the_office_reads_the_history_newest_first(cast, target, history):
    response = client_for(cast.staff).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4  # the target's creation too (by the system)
    newest = body["results"][0]
    assert newest == {
        "id": newest["id"],
        "kind": "target",
        "kind_label": "Chỉ tiêu nhiệm kỳ",
        "object_id": target.pk,
        "label": "CT01. Tỷ lệ hồ sơ đúng hạn",
        "action": "changed",
        "action_label": "Sửa đổi",
        "actor": {"id": cast.staff.pk, "username": "office", "name": "office"},
        "at": "2026-02-02T16:20:00+07:00",
        "changes": {"actual": {"from": None, "to": "99.5"}},
    }
    assert [r["kind"] for r in body["results"]] == ["target", "member", "ward", "target"]
    assert body["results"][1]["actor"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "ward"}, ["ward"]),
        ({"kind": ["ward", "member"]}, ["member", "ward"]),
        ({"action": "deactivated"}, ["member"]),
        ({"action": "created"}, ["target"]),
        ({"since": "2026-02-02T16:10:00+07:00"}, ["target", "member"]),
    ],
)
def test_the_history_filters_by_kind_action_and_since(cast, history, params, expected):
    response = client_for(cast.staff).get(URL, params)

    assert [r["kind"] for r in response.json()["results"]] == expected


def test_the_history_filters_by_object_and_user(cast, target, history):
    office = client_for(cast.staff)

    one_target = office.get(URL, {"kind": "target", "object": target.pk}).json()["results"]
    by_office = office.get(URL, {"user": cast.staff.pk}).json()["results"]

    assert [r["action"] for r in one_target] == ["changed", "created"]
    assert [r["kind"] for r in by_office] == ["target", "ward"]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "task"},
        {"action": "renamed"},
        {"object": "1.5"},
        {"object": "99999999999999999999999"},
        {"user": "999999"},
        {"since": "yesterday"},
        {"since": "0001-01-01T00:00:00+07:00"},
        {"who": "1"},
    ],
)
def test_a_bad_filter_is_a_400_naming_it(cast, history, params):
    response = client_for(cast.staff, **EN).get(URL, params)

    assert list(error(response, 400)["errors"]) == list(params)


@pytest.mark.parametrize("role", ["owner", "leader", "standing", "group_member"])
def test_only_the_office_reads_the_history(cast, history, role):
    response = client_for(cast.user(role), **EN).get(URL)

    body = error(response, 403, "permission_denied")
    assert body["detail"] == "Only the committee office reads the history of reference data."


def test_anonymous_gets_401(cast, history):
    error(client_for(None).get(URL), 401)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_has_no_way_to_write_the_history(cast, history, method):
    before = list(ReferenceChange.objects.values_list("id", "label", "changes"))

    response = getattr(client_for(cast.staff), method)(URL, {"label": "sửa"})

    assert response.status_code == 405
    assert list(ReferenceChange.objects.values_list("id", "label", "changes")) == before


# Authentication is forced (no token lookup): the count 1, the page with each row's
# login and its member record joined 1.
HISTORY_QUERIES = 2


@pytest.mark.parametrize("changes", [1, 50])
def test_the_history_costs_the_same_for_1_and_50_rows(cast, changes, django_assert_num_queries):
    office = StaffUserFactory()
    for n in range(changes):
        services.ward_update(
            cast.ward, actor=[office, cast.owner.user][n % 2], changes={"name": f"Phúc Xá {n}"}
        )
    client = fresh_client(cast.staff)

    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(URL, {"page_size": 200})

    assert response.status_code == 200
    assert len(response.json()["results"]) == changes
