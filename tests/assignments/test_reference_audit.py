"""Reference data changes only through its services, and every change leaves an audit row:
who, when, which object, which fields with their old and new values (docs/rules.md,
"Reference data"). Through the services and through the admin's forms; the history
itself is append-only, down to the database (both databases).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from assignments import services
from assignments.exceptions import AuditTrailImmutable, InvalidTransition
from assignments.filtersets import TaskFilterSet
from assignments.models import (
    Member,
    Process,
    ReferenceAction,
    ReferenceChange,
    ReferenceKind,
    Target,
    Task,
    Ward,
)
from tests.factories import MemberFactory, WardFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def rows(**filters: Any) -> list[ReferenceChange]:
    return list(ReferenceChange.objects.filter(**filters).order_by("id"))


def only_row(**filters: Any) -> ReferenceChange:
    found = rows(**filters)
    assert len(found) == 1, [(r.kind, r.action, r.changes) for r in found]
    return found[0]


@pytest.fixture
def target(db) -> Target:
    return services.target_create(
        actor=None,
        code="CT01",
        name="99% hồ sơ được giải quyết đúng hạn",
        unit="%",
        target_value=Decimal("99"),
        deadline=dt.date(2026, 12, 31),
    )


@pytest.fixture
def staff_client(cast, client):
    client.force_login(cast.staff)
    return client


# --------------------------------------------------------------------------- the services


def test_a_new_ward_is_recorded_with_every_field_who_and_when(cast, frozen_now):
    ward = services.ward_create(actor=cast.staff, code="00007", name="Cống Vị")

    row = only_row(kind=ReferenceKind.WARD, object_id=ward.pk)
    assert (row.action, row.actor, row.label, row.at) == (
        ReferenceAction.CREATED,
        cast.staff,
        "Cống Vị",
        frozen_now,
    )
    assert row.at.tzinfo is not None
    assert row.changes == {
        "code": {"from": None, "to": "00007"},
        "name": {"from": None, "to": "Cống Vị"},
        "active": {"from": None, "to": True},
    }


def test_a_renamed_ward_records_the_old_and_new_name_and_its_tasks_are_found_by_it(cast):
    services.ward_update(cast.ward, actor=cast.staff, changes={"code": "00001", "name": "Phúc Xá Mới"})

    row = only_row(kind=ReferenceKind.WARD)
    assert (row.action, row.label) == (ReferenceAction.CHANGED, "Phúc Xá Mới")
    assert row.changes == {"name": {"from": "Phúc Xá", "to": "Phúc Xá Mới"}}
    found = TaskFilterSet({"q": "phuc xa moi"}, Task.objects.all()).qs
    assert list(found) == [cast.task]


def test_a_save_that_changes_nothing_writes_nothing(cast, target):
    before = ReferenceChange.objects.count()

    services.ward_update(
        cast.ward, actor=cast.staff, changes={"code": "00001", "name": "Phúc Xá", "active": True}
    )
    services.member_update(
        cast.owner, actor=cast.staff, changes={"full_name": cast.owner.full_name, "wards": []}
    )
    services.group_update(
        cast.group,
        actor=cast.staff,
        changes={"name": cast.group.name, "members": list(cast.group.members.all()), "leader": cast.leader},
    )
    process = cast.task.process
    services.process_update(
        process,
        actor=cast.staff,
        changes={"steps": [{"order": s.order, "name": s.name} for s in process.steps.all()]},
    )
    # 99, 99.0 and 99.00 are one number.
    services.target_update(target, actor=cast.staff, changes={"target_value": Decimal("99.00")})

    assert ReferenceChange.objects.count() == before


def test_a_member_changed_records_only_the_fields_that_changed(cast):
    other = WardFactory(code="00004", name="Trúc Bạch")

    services.member_update(
        cast.owner,
        actor=cast.staff,
        changes={"full_name": cast.owner.full_name, "title": "Phó Chủ tịch", "wards": [other, cast.ward]},
    )

    row = only_row(kind=ReferenceKind.MEMBER, object_id=cast.owner.pk)
    assert row.changes == {
        "title": {"from": "Ủy viên Ban Chấp hành", "to": "Phó Chủ tịch"},
        "wards": {"from": [], "to": sorted([other.pk, cast.ward.pk])},
    }


def test_a_member_deactivated_on_their_own_is_a_deactivation(cast):
    services.member_update(cast.group_member, actor=cast.staff, changes={"active": False})

    row = only_row(kind=ReferenceKind.MEMBER)
    assert row.action == ReferenceAction.DEACTIVATED
    assert row.changes == {"active": {"from": True, "to": False}}


def test_bulk_deactivation_writes_one_row_per_member_it_changed(cast):
    cast.other_member.active = False
    cast.other_member.save()
    selected = [cast.owner, cast.group_member, cast.other_member]

    changed = services.members_deactivate(selected, actor=cast.staff)

    assert {m.pk for m in changed} == {cast.owner.pk, cast.group_member.pk}
    written = rows(kind=ReferenceKind.MEMBER)
    assert sorted(r.object_id for r in written) == sorted([cast.owner.pk, cast.group_member.pk])
    assert {(r.action, r.actor_id) for r in written} == {(ReferenceAction.DEACTIVATED, cast.staff.pk)}
    assert all(r.changes == {"active": {"from": True, "to": False}} for r in written)
    assert not Member.objects.filter(pk__in=[m.pk for m in selected], active=True).exists()


def test_bulk_reactivation_writes_one_row_per_member_it_changed(cast):
    services.members_deactivate([cast.owner], actor=cast.staff)

    changed = services.members_reactivate([cast.owner, cast.group_member], actor=cast.staff)

    assert [m.pk for m in changed] == [cast.owner.pk]
    row = rows(kind=ReferenceKind.MEMBER)[-1]
    assert (row.object_id, row.action) == (cast.owner.pk, ReferenceAction.REACTIVATED)
    assert services.members_reactivate([cast.owner], actor=cast.staff) == []
    assert len(rows(kind=ReferenceKind.MEMBER)) == 2


def test_a_group_change_records_members_as_sorted_ids_and_the_leader_as_an_id(cast):
    newcomer = MemberFactory()
    members = [*cast.group.members.all(), newcomer]

    services.group_update(cast.group, actor=cast.staff, changes={"members": members, "leader": cast.leader})

    row = only_row(kind=ReferenceKind.GROUP)
    old = sorted(m.pk for m in members if m != newcomer)
    assert row.changes == {"members": {"from": old, "to": sorted([*old, newcomer.pk])}}


def test_a_refused_group_change_writes_nothing(cast):
    leaving = [m for m in cast.group.members.all() if m != cast.owner]

    with pytest.raises(InvalidTransition):
        services.group_update(cast.group, actor=cast.staff, changes={"members": leaving, "name": "Tổ mới"})

    assert not ReferenceChange.objects.exists()
    cast.group.refresh_from_db()
    assert cast.group.name != "Tổ mới"


def test_replaced_steps_are_recorded_old_and_new_and_tasks_keep_their_copies(cast):
    process = cast.task.process
    old = [{"order": s.order, "name": s.name, "expected_days": s.expected_days} for s in process.steps.all()]

    services.process_update(
        process,
        actor=cast.staff,
        changes={
            "steps": [{"order": 1, "name": "Tiếp nhận", "expected_days": 2}, {"order": 2, "name": "Xử lý"}]
        },
    )

    row = only_row(kind=ReferenceKind.PROCESS)
    assert row.changes == {
        "steps": {
            "from": old,
            "to": [
                {"order": 1, "name": "Tiếp nhận", "expected_days": 2},
                {"order": 2, "name": "Xử lý", "expected_days": 1},
            ],
        }
    }
    assert [s.name for s in Process.objects.get(pk=process.pk).steps.order_by("order")] == [
        "Tiếp nhận",
        "Xử lý",
    ]
    assert [s.name for s in cast.task.steps.order_by("order")] == [o["name"] for o in old]


def test_a_new_process_is_recorded_with_its_steps(cast):
    process = services.process_create(actor=cast.staff, name="Khảo sát", steps=[{"order": 1, "name": "Đi"}])

    row = only_row(kind=ReferenceKind.PROCESS, object_id=process.pk)
    assert row.changes["steps"] == {"from": None, "to": [{"order": 1, "name": "Đi", "expected_days": 1}]}


def test_target_values_are_recorded_as_strings_and_dates_in_iso(cast, target):
    services.target_update(
        target,
        actor=cast.staff,
        changes={"actual": Decimal("99.40"), "achieved_on": dt.date(2026, 6, 30)},
    )

    row = rows(kind=ReferenceKind.TARGET)[-1]
    assert row.changes == {
        "actual": {"from": None, "to": "99.4"},
        "achieved_on": {"from": None, "to": "2026-06-30"},
    }


def test_a_deleted_target_leaves_a_row_with_its_last_values(cast, target):
    pk = target.pk

    services.target_delete(target, actor=cast.staff)

    assert not Target.objects.filter(pk=pk).exists()
    row = only_row(kind=ReferenceKind.TARGET, action=ReferenceAction.DELETED)
    assert (row.object_id, row.label, row.actor) == (
        pk,
        "CT01. 99% hồ sơ được giải quyết đúng hạn",
        cast.staff,
    )
    assert row.changes["code"] == {"from": "CT01", "to": None}
    assert row.changes["target_value"] == {"from": "99", "to": None}


def test_a_target_tasks_serve_is_not_deleted_and_nothing_is_written(cast, target):
    Task.objects.filter(pk=cast.task.pk).update(target=target)
    before = ReferenceChange.objects.count()

    with pytest.raises(InvalidTransition) as refused:
        services.target_delete(target, actor=cast.staff)

    assert refused.value.code == "target_in_use"
    assert Target.objects.filter(pk=target.pk).exists()
    assert ReferenceChange.objects.count() == before


# --------------------------------------------------------------------------- the admin


def admin_url(model: str, view: str, *args: Any) -> str:
    return reverse(f"admin:assignments_{model}_{view}", args=args)


def value_of(bound: Any) -> Any:
    value = bound.value()
    return "" if value is None else value


def form_data(response: Any) -> dict[str, Any]:
    """The change form as a browser submits it untouched: the form, each inline's
    management form and rows."""
    form = response.context["adminform"].form
    data = {name: value_of(form[name]) for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for row in formset.forms:
            data.update({row.add_prefix(name): value_of(row[name]) for name in row.fields})
    return data


def post_change(client: Any, model: str, pk: int, **changes: Any) -> Any:
    page = admin_url(model, "change", pk)
    data = form_data(client.get(page))
    data.update(changes)
    for name in [name for name, value in data.items() if value is False]:
        del data[name]  # an unticked box is not sent
    return client.post(page, data)


def test_the_admin_records_a_ward_renamed_by_the_office(staff_client, cast):
    response = post_change(staff_client, "ward", cast.ward.pk, name="Phúc Xá 2")

    assert response.status_code == 302
    row = only_row(kind=ReferenceKind.WARD)
    assert (row.actor, row.action) == (cast.staff, ReferenceAction.CHANGED)
    assert row.changes == {"name": {"from": "Phúc Xá", "to": "Phúc Xá 2"}}


def test_the_admin_records_a_member_changed(staff_client, cast):
    response = post_change(staff_client, "member", cast.owner.pk, phone="0912 000 111")

    assert response.status_code == 302
    row = only_row(kind=ReferenceKind.MEMBER)
    assert (row.object_id, row.actor) == (cast.owner.pk, cast.staff)
    assert row.changes == {"phone": {"from": "", "to": "0912 000 111"}}


def test_the_admin_records_a_group_changed(staff_client, cast):
    response = post_change(staff_client, "group", cast.group.pk, name="Tổ 1 – Phúc Xá", wards=[])

    assert response.status_code == 302
    row = only_row(kind=ReferenceKind.GROUP)
    assert row.changes == {
        "name": {"from": cast.group.name, "to": "Tổ 1 – Phúc Xá"},
        "wards": {"from": [cast.ward.pk], "to": []},
    }


def test_the_admin_records_a_process_whose_steps_were_edited_in_the_inline(staff_client, cast):
    process = cast.task.process
    old = [{"order": s.order, "name": s.name, "expected_days": s.expected_days} for s in process.steps.all()]

    response = post_change(
        staff_client, "process", process.pk, **{"steps-1-name": "Báo cáo", "steps-0-DELETE": "on"}
    )

    assert response.status_code == 302
    row = only_row(kind=ReferenceKind.PROCESS)
    assert row.actor == cast.staff
    assert row.changes == {"steps": {"from": old, "to": [{**old[1], "name": "Báo cáo"}]}}
    assert [s.name for s in Process.objects.get(pk=process.pk).steps.all()] == ["Báo cáo"]
    assert [s.name for s in cast.task.steps.order_by("order")] == [o["name"] for o in old]


def test_the_admin_records_a_target_changed(staff_client, cast, target):
    response = post_change(staff_client, "target", target.pk, actual="98.5")

    assert response.status_code == 302
    row = rows(kind=ReferenceKind.TARGET)[-1]
    assert (row.actor, row.action) == (cast.staff, ReferenceAction.CHANGED)
    assert row.changes == {"actual": {"from": None, "to": "98.5"}}


def test_an_admin_form_saved_untouched_writes_nothing(staff_client, cast, target):
    before = ReferenceChange.objects.count()
    pages = [
        ("ward", cast.ward.pk),
        ("member", cast.owner.pk),
        ("group", cast.group.pk),
        ("process", cast.task.process_id),
        ("target", target.pk),
    ]

    for model, pk in pages:
        assert post_change(staff_client, model, pk).status_code == 302, model

    assert ReferenceChange.objects.count() == before


def test_the_admin_records_a_ward_added_and_a_ward_deleted(staff_client, cast):
    added = staff_client.post(admin_url("ward", "add"), {"code": "00007", "name": "Cống Vị", "active": "on"})
    ward = Ward.objects.get(code="00007")

    deleted = staff_client.post(admin_url("ward", "delete", ward.pk), {"post": "yes"})

    assert (added.status_code, deleted.status_code) == (302, 302)
    assert [(r.action, r.object_id, r.actor) for r in rows(kind=ReferenceKind.WARD)] == [
        (ReferenceAction.CREATED, ward.pk, cast.staff),
        (ReferenceAction.DELETED, ward.pk, cast.staff),
    ]


def test_the_admin_records_a_new_process_with_its_steps(staff_client, cast):
    data = {
        "name": "Khảo sát địa bàn",
        "description": "",
        "active": "on",
        "steps-TOTAL_FORMS": 1,
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 1,
        "steps-MAX_NUM_FORMS": 1000,
        "steps-0-order": 1,
        "steps-0-name": "Khảo sát",
        "steps-0-expected_days": 3,
    }

    response = staff_client.post(admin_url("process", "add"), data)

    assert response.status_code == 302
    process = Process.objects.get(name="Khảo sát địa bàn")
    row = only_row(kind=ReferenceKind.PROCESS, object_id=process.pk)
    assert row.changes["steps"]["to"] == [{"order": 1, "name": "Khảo sát", "expected_days": 3}]


def test_the_admins_bulk_deactivation_writes_one_row_per_member(staff_client, cast):
    response = staff_client.post(
        admin_url("member", "changelist"),
        {"action": "deactivate", "_selected_action": [cast.owner.pk, cast.group_member.pk]},
    )

    assert response.status_code == 302
    written = rows(kind=ReferenceKind.MEMBER)
    assert sorted(r.object_id for r in written) == sorted([cast.owner.pk, cast.group_member.pk])
    assert {(r.action, r.actor_id) for r in written} == {(ReferenceAction.DEACTIVATED, cast.staff.pk)}


def test_a_group_change_the_admin_refuses_writes_nothing(staff_client, cast):
    keep = [str(m.pk) for m in cast.group.members.all() if m != cast.owner]

    response = post_change(staff_client, "group", cast.group.pk, members=keep, name="Tổ khác")

    assert response.status_code == 200  # the form again, with the refusal
    assert not ReferenceChange.objects.exists()


def test_the_office_reads_the_history_in_the_admin_filtered_by_kind_action_and_user(staff_client, cast):
    services.ward_update(cast.ward, actor=cast.staff, changes={"name": "Phúc Xá 2"})
    services.members_deactivate([cast.owner], actor=None)
    page = admin_url("referencechange", "changelist")

    everything = staff_client.get(page, **EN)
    wards = staff_client.get(page, {"kind__exact": "ward"}, **EN)
    deactivations = staff_client.get(page, {"action__exact": "deactivated"}, **EN)
    by_office = staff_client.get(page, {"actor__id__exact": cast.staff.pk}, **EN)

    assert everything.status_code == 200
    assert everything.context["cl"].result_count == 2
    assert [r.kind for r in wards.context["cl"].result_list] == ["ward"]
    assert [r.object_id for r in deactivations.context["cl"].result_list] == [cast.owner.pk]
    assert [r.kind for r in by_office.context["cl"].result_list] == ["ward"]
    detail = staff_client.get(admin_url("referencechange", "change", rows(kind="ward")[0].pk), **EN)
    assert detail.status_code == 200
    assert "Phúc Xá 2" in detail.content.decode()


def test_the_history_cannot_be_added_changed_or_deleted_in_the_admin(staff_client, cast):
    services.ward_update(cast.ward, actor=cast.staff, changes={"name": "Phúc Xá 2"})
    row = rows()[0]

    assert staff_client.get(admin_url("referencechange", "add")).status_code == 403
    assert (
        staff_client.post(admin_url("referencechange", "delete", row.pk), {"post": "yes"}).status_code == 403
    )
    staff_client.post(admin_url("referencechange", "change", row.pk), {"label": "sửa"})

    assert ReferenceChange.objects.get(pk=row.pk).label == "Phúc Xá 2"


# --------------------------------------------------------------------------- append-only


@pytest.fixture
def history(cast) -> list[tuple]:
    services.ward_update(cast.ward, actor=cast.staff, changes={"name": "Phúc Xá 2"})
    services.members_deactivate([cast.owner], actor=cast.staff)
    return _raw_rows()


def _raw_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, kind, object_id, label, action, actor_id FROM assignments_referencechange ORDER BY id"
        )
        return cursor.fetchall()


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("UPDATE assignments_referencechange SET label = 'sửa lại'", id="UPDATE a label"),
        pytest.param("UPDATE assignments_referencechange SET actor_id = NULL", id="UPDATE who"),
        pytest.param("DELETE FROM assignments_referencechange WHERE kind = 'ward'", id="DELETE a row"),
        pytest.param("DELETE FROM assignments_referencechange", id="DELETE every row"),
    ],
)
def test_the_database_refuses_raw_sql_that_changes_or_removes_a_row(history, statement):
    with (
        pytest.raises(DatabaseError, match="The audit trail is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert _raw_rows() == history


def test_the_model_and_its_queryset_refuse_to_change_or_delete_a_row(history):
    row = ReferenceChange.objects.first()
    row.label = "sửa"

    with pytest.raises(AuditTrailImmutable):
        row.save()
    with pytest.raises(AuditTrailImmutable):
        row.delete()
    with pytest.raises(AuditTrailImmutable):
        ReferenceChange.objects.all().delete()
    with pytest.raises(AuditTrailImmutable):
        ReferenceChange.objects.update(label="sửa")

    assert _raw_rows() == history


def test_the_history_still_grows_through_the_services(history, cast):
    services.ward_update(cast.ward, actor=cast.staff, changes={"name": "Phúc Xá 3"})

    assert _raw_rows()[: len(history)] == history
    assert len(_raw_rows()) == len(history) + 1
