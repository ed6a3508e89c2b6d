"""The filters and ordering of tasks/ (docs/api.md), and what an invalid value gives."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from assignments import clock, services
from assignments.models import Target
from tests.api.api_helpers import API, EN, client_for, error
from tests.conftest import NOW
from tests.factories import MemberFactory, make_task

pytestmark = pytest.mark.django_db


def ids(cast, params, user=None) -> list[int]:
    response = client_for(user or cast.staff).get(f"{API}tasks/", params)
    assert response.status_code == 200, response.json()
    return [t["id"] for t in response.json()["results"]]


@pytest.fixture
def tasks(cast):
    """Four tasks of group 1 besides the cast's, each different in one way."""
    process = cast.task.process
    target = Target.objects.create(
        code="CT01", name="Hồ sơ đúng hạn", unit="%", target_value=99, deadline=dt.date(2030, 12, 31)
    )
    early = make_task(
        group=cast.group,
        owner=cast.group_member,
        process=process,
        title="Kiểm tra an toàn thực phẩm",
        description="Chợ Long Biên",
        due_date=dt.date(2026, 2, 4),
        priority="urgent",
    )
    wardless = make_task(
        group=cast.group,
        owner=cast.group_member,
        process=process,
        title="Tuyên truyền Nghị quyết",
        description="Phường Phúc Xá và các khu dân cư",
        due_date=dt.date(2026, 5, 31),
        priority="low",
        target=target,
    )
    late = make_task(
        group=cast.group,
        owner=cast.coordinator,
        ward=cast.ward,
        process=process,
        title="Giải quyết đơn thư",
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 1, 31),
        priority="high",
    )
    other = make_task(group=cast.other_group, owner=cast.other_member, process=process, title="Tổ 2")
    return {"early": early, "wardless": wardless, "late": late, "other": other, "target": target}


def test_status_is_repeatable(cast, tasks):
    services.task_start(task=tasks["early"], actor=cast.group_member.user)
    services.task_cancel(task=tasks["wardless"], actor=cast.leader.user, note="Không còn phù hợp")

    assert ids(cast, {"status": "in_progress"}) == [tasks["early"].pk]
    assert sorted(ids(cast, {"status": ["in_progress", "cancelled"]})) == sorted(
        [tasks["early"].pk, tasks["wardless"].pk]
    )


def test_deadline_status_uses_the_domain_definition_as_of_today(cast, tasks):
    assert ids(cast, {"deadline_status": "open_overdue"}) == [tasks["late"].pk]
    assert ids(cast, {"deadline_status": "open_due_soon"}) == [tasks["early"].pk]
    assert sorted(ids(cast, {"deadline_status": ["open_overdue", "open_due_soon"]})) == sorted(
        [tasks["late"].pk, tasks["early"].pk]
    )
    with clock.frozen_at(NOW + dt.timedelta(days=3)):
        assert sorted(ids(cast, {"deadline_status": "open_overdue"})) == sorted(
            [tasks["late"].pk, tasks["early"].pk]
        )


def test_relations_filter(cast, tasks):
    assert tasks["other"].pk not in ids(cast, {"group": cast.group.pk})
    assert ids(cast, {"group": cast.other_group.pk}) == [tasks["other"].pk]
    assert sorted(ids(cast, {"ward": cast.ward.pk})) == sorted([cast.task.pk, tasks["late"].pk])
    assert sorted(ids(cast, {"owner": cast.group_member.pk})) == sorted(
        [tasks["early"].pk, tasks["wardless"].pk]
    )
    assert ids(cast, {"coordinator": cast.coordinator.pk}) == [cast.task.pk]
    assert ids(cast, {"target": tasks["target"].pk}) == [tasks["wardless"].pk]
    assert len(ids(cast, {"assigned_by": cast.leader.user.pk})) == 4
    assert len(ids(cast, {"process": cast.task.process_id})) == 5


def test_ward_none_finds_the_tasks_without_a_ward(cast, tasks):
    assert sorted(ids(cast, {"ward": "none"})) == sorted(
        [tasks["early"].pk, tasks["wardless"].pk, tasks["other"].pk]
    )


def test_mine_is_the_tasks_i_own(cast, tasks):
    assert sorted(ids(cast, {"mine": "true"}, user=cast.group_member.user)) == sorted(
        [tasks["early"].pk, tasks["wardless"].pk]
    )
    assert sorted(ids(cast, {"mine": "false"}, user=cast.group_member.user)) == sorted(
        [cast.task.pk, tasks["late"].pk]
    )
    assert ids(cast, {"mine": "true"}) == []  # the office owns nothing


def test_due_dates_bound_inclusively(cast, tasks):
    assert ids(cast, {"due_before": "2026-02-04"}) == [tasks["late"].pk, tasks["early"].pk]
    assert ids(cast, {"due_after": "2026-05-31"}) == [tasks["wardless"].pk]
    assert ids(cast, {"due_after": "2026-02-04", "due_before": "2026-03-31"}) == [
        tasks["early"].pk,
        cast.task.pk,
        tasks["other"].pk,
    ]


def test_updated_since_returns_what_changed_since_the_last_sync(cast, tasks):
    later = NOW + dt.timedelta(hours=2)
    with clock.frozen_at(later):
        services.task_start(task=tasks["early"], actor=cast.group_member.user)

    assert ids(cast, {"updated_since": "2026-02-02T10:00:00+07:00"}) == [tasks["early"].pk]
    assert ids(cast, {"updated_since": "2026-02-02T04:00:00Z"}) == [tasks["early"].pk]
    # At the same moment: included, so a sync never misses a change made at its boundary.
    assert ids(cast, {"updated_since": later.isoformat()}) == [tasks["early"].pk]
    assert len(ids(cast, {"updated_since": "2026-02-02T08:00:00+07:00"})) == 5


def test_updated_since_survives_an_unencoded_plus_sign(cast, tasks):
    with clock.frozen_at(NOW + dt.timedelta(hours=2)):
        services.task_start(task=tasks["early"], actor=cast.group_member.user)

    response = client_for(cast.staff).get(f"{API}tasks/?updated_since=2026-02-02T10:00:00+07:00")

    assert [t["id"] for t in response.json()["results"]] == [tasks["early"].pk]


def test_q_searches_title_and_description_whatever_the_accents_encoding(cast, tasks):
    composed = "phúc xá"
    decomposed = unicodedata.normalize("NFD", "Phúc Xá")

    assert ids(cast, {"q": composed}) == [tasks["wardless"].pk]
    assert ids(cast, {"q": decomposed}) == [tasks["wardless"].pk]
    assert ids(cast, {"q": "AN TOÀN"}) == ([tasks["early"].pk] if _folds_unicode() else [])
    assert ids(cast, {"q": "long biên"}) == [tasks["early"].pk]


def _folds_unicode() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def test_ordering_by_priority_is_by_urgency_not_alphabet(cast, tasks):
    urgency = ids(cast, {"ordering": "-priority", "group": cast.group.pk})

    assert urgency == [tasks["early"].pk, tasks["late"].pk, cast.task.pk, tasks["wardless"].pk]
    assert ids(cast, {"ordering": "priority", "group": cast.group.pk}) == urgency[::-1]


def test_ordering_by_due_date_is_the_default_and_can_be_reversed(cast, tasks):
    default = ids(cast, {"group": cast.group.pk})

    assert default == [tasks["late"].pk, tasks["early"].pk, cast.task.pk, tasks["wardless"].pk]
    assert ids(cast, {"group": cast.group.pk, "ordering": "-due_date"}) == default[::-1]


def test_ordering_by_updated_at(cast, tasks):
    with clock.frozen_at(NOW + dt.timedelta(hours=1)):
        services.task_start(task=cast.task, actor=cast.owner.user)

    assert ids(cast, {"ordering": "-updated_at"})[0] == cast.task.pk


def test_filters_apply_within_the_users_scope(cast, tasks):
    assert ids(cast, {"group": cast.group.pk}, user=cast.other_member.user) == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "finished"},
        {"deadline_status": "late"},
        {"group": "abc"},
        {"group": 999999},
        {"ward": "somewhere"},
        {"owner": "-1"},
        {"due_before": "31/03/2026"},
        {"due_after": "2026-02-30"},
        {"updated_since": "yesterday"},
        {"mine": "maybe"},
        {"ordering": "title"},
        {"q": "a\x00b"},
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_it(cast, params):
    response = client_for(cast.staff, **EN).get(f"{API}tasks/", params)

    data = error(response, 400, "invalid")
    assert list(data["errors"]) == list(params)


def test_a_member_filter_value_of_someone_unknown_is_a_400(cast):
    stranger = MemberFactory()
    stranger_pk = stranger.pk
    stranger.delete()

    error(client_for(cast.staff).get(f"{API}tasks/", {"owner": stranger_pk}), 400)
