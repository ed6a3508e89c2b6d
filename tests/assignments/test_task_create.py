"""Creating a task: the five "rõ" (docs/rules.md), who may assign, and what creation writes."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from assignments import services
from assignments.choices import EventKind, Status
from assignments.exceptions import NotPermitted
from assignments.models import Event, Process, ProcessStep, Task
from tests.conftest import NOW, Cast
from tests.factories import ProcessFactory, WardFactory, outcome_spec

REQUIRED = "This field is required."


def create(cast: Cast, *, actor: Any = None, **overrides: Any) -> Task:
    """`task_create` with a complete set of the five "rõ", less whatever `overrides` says."""
    arguments: dict[str, Any] = {
        "title": "Khảo sát thực địa phường Phúc Xá",
        "description": "Khảo sát tình hình trật tự đô thị và báo cáo Thường trực.",
        "group": cast.group,
        "owner": cast.owner,
        "process": ProcessFactory(steps=3),
        "start_date": dt.date(2026, 2, 2),
        "due_date": dt.date(2026, 4, 30),
        "outcome": outcome_spec(),
        "ward": cast.ward,
    }
    arguments.update(overrides)
    return services.task_create(actor=actor or cast.leader.user, **arguments)


def _written(cast: Cast) -> tuple[int, int]:
    return Task.objects.count(), Event.objects.count()


def _inactive_process() -> Process:
    return ProcessFactory(steps=2, active=False)


def _process_without_steps() -> Process:
    return ProcessFactory(steps=0)


def _outcome_without(field: str) -> dict[str, Any]:
    spec = dict(outcome_spec())
    spec[field] = "" if field != "target" else None
    return spec


MISSING = [
    # (case, overrides builder, field named, message)
    ("no owner", lambda c: {"owner": None}, "owner", "Every task needs exactly one owner (clear person)."),
    (
        "owner outside the group",
        lambda c: {"owner": c.other_member},
        "owner",
        "The owner must be an active member of the group.",
    ),
    (
        "no description",
        lambda c: {"description": ""},
        "description",
        "Describe the work to be done (clear task).",
    ),
    (
        "blank description",
        lambda c: {"description": " \n\t "},
        "description",
        "Describe the work to be done (clear task).",
    ),
    ("no group", lambda c: {"group": None}, "group", "Choose the committee group responsible."),
    ("no process", lambda c: {"process": None}, "process", "Choose the process to follow (clear process)."),
    (
        "inactive process",
        lambda c: {"process": _inactive_process()},
        "process",
        "This process is no longer in use.",
    ),
    (
        "process without steps",
        lambda c: {"process": _process_without_steps()},
        "process",
        "The process must have at least one step.",
    ),
    ("no outcome", lambda c: {"outcome": None}, "outcome", "An outcome measure is required (clear outcome)."),
    (
        "empty outcome",
        lambda c: {"outcome": {}},
        "outcome",
        "An outcome measure is required (clear outcome).",
    ),
    ("no indicator", lambda c: {"outcome": _outcome_without("indicator")}, "outcome.indicator", REQUIRED),
    ("no unit", lambda c: {"outcome": _outcome_without("unit")}, "outcome.unit", REQUIRED),
    ("no target", lambda c: {"outcome": _outcome_without("target")}, "outcome.target", REQUIRED),
    (
        "due before start",
        lambda c: {"start_date": dt.date(2026, 3, 1), "due_date": dt.date(2026, 2, 28)},
        "due_date",
        "The due date cannot be before the start date.",
    ),
    ("no due date", lambda c: {"due_date": None}, "due_date", "A due date is required (clear deadline)."),
    ("no start date", lambda c: {"start_date": None}, "start_date", REQUIRED),
    ("no title", lambda c: {"title": "  "}, "title", REQUIRED),
    (
        "ward outside the group",
        lambda c: {"ward": WardFactory(code="00004", name="Trúc Bạch")},
        "ward",
        "The ward must be one of the group's wards.",
    ),
]


@pytest.mark.parametrize(("case", "overrides", "field", "message"), MISSING, ids=[m[0] for m in MISSING])
def test_a_task_missing_one_of_the_five_cannot_be_created_and_the_error_names_the_field(
    cast, case, overrides, field, message
):
    before = _written(cast)
    with pytest.raises(ValidationError) as refused:
        create(cast, **overrides(cast))

    with translation.override("en"):
        assert refused.value.message_dict == {field: [message]}
    assert _written(cast) == before


def test_an_inactive_member_cannot_own_a_task(cast):
    cast.group_member.active = False
    cast.group_member.save(update_fields=["active"])
    with pytest.raises(ValidationError) as refused:
        create(cast, owner=cast.group_member)
    with translation.override("en"):
        assert refused.value.message_dict == {"owner": ["The owner must be an active member of the group."]}


def test_every_missing_field_is_named_at_once(cast):
    with pytest.raises(ValidationError) as refused:
        create(cast, owner=None, description="", process=None, outcome={"indicator": "Tỷ lệ"}, due_date=None)
    assert set(refused.value.message_dict) == {
        "owner",
        "description",
        "process",
        "outcome.unit",
        "outcome.target",
        "due_date",
    }


def test_the_missing_field_is_named_in_vietnamese_by_default(cast):
    with pytest.raises(ValidationError) as refused:
        create(cast, start_date=None)
    assert refused.value.message_dict == {"start_date": ["Trường này là bắt buộc."]}


@pytest.mark.parametrize(
    "role", ["owner", "coordinator", "group_member", "other_member", "other_leader", "standing"]
)
def test_only_the_groups_leader_or_staff_may_assign_a_task(cast, role):
    before = _written(cast)
    with pytest.raises(NotPermitted) as refused:
        create(cast, actor=cast.user(role))
    with translation.override("en"):
        assert str(refused.value.message) == (
            "Only the group's leader or the committee office may assign tasks to the group."
        )
    assert _written(cast) == before


def test_who_may_not_assign_is_told_so_before_any_missing_field(cast):
    with pytest.raises(NotPermitted):
        create(cast, actor=cast.group_member.user, owner=None, description="")


def test_the_leader_may_assign_a_task_in_their_group(cast):
    task = create(cast, actor=cast.leader.user)
    assert task.assigned_by == cast.leader.user


def test_staff_may_assign_a_task_in_any_group(cast):
    task = create(cast, actor=cast.staff, group=cast.other_group, owner=cast.other_member, ward=None)
    assert (task.group, task.owner, task.assigned_by) == (cast.other_group, cast.other_member, cast.staff)


def test_creation_writes_one_created_event_and_starts_at_version_1(cast):
    events_before = Event.objects.count()
    task = create(cast, coordinators=[cast.coordinator])

    task = Task.objects.get(pk=task.pk)
    assert task.status == Status.ASSIGNED
    assert task.version == 1
    assert task.original_due_date == task.due_date == dt.date(2026, 4, 30)
    assert task.created_at == task.updated_at == NOW
    assert task.completed_at is None and task.submitted_at is None
    assert list(task.coordinators.all()) == [cast.coordinator]
    assert Event.objects.count() == events_before + 1
    event = Event.objects.get(task=task)
    assert (event.kind, event.actor, event.at) == (EventKind.CREATED, cast.leader.user, NOW)
    assert (event.from_status, event.to_status) == ("", Status.ASSIGNED)
    assert event.data == {
        "owner": {"id": cast.owner.pk, "name": cast.owner.full_name},
        "due_date": "2026-04-30",
    }


def test_creation_stores_the_outcome_measure(cast):
    task = create(cast, outcome=outcome_spec(baseline="12.5", target=5, direction="decrease", unit="vụ"))
    outcome = task.outcome
    assert (outcome.baseline, outcome.target, outcome.direction, outcome.unit) == (
        Decimal("12.50"),
        Decimal("5.00"),
        "decrease",
        "vụ",
    )
    assert outcome.actual is None and outcome.achieved is False


def test_creation_copies_the_process_steps_and_a_later_template_edit_does_not_change_them(cast):
    process = ProcessFactory(steps=0)
    for order, name, days in [(1, "Tiếp nhận đơn", 1), (2, "Xác minh", 5), (3, "Trả lời công dân", 2)]:
        ProcessStep.objects.create(process=process, order=order, name=name, expected_days=days)
    task = create(cast, process=process)

    ProcessStep.objects.filter(process=process, order=2).update(name="Xác minh thực địa", expected_days=9)
    ProcessStep.objects.filter(process=process, order=3).delete()
    ProcessStep.objects.create(process=process, order=4, name="Lưu hồ sơ")

    steps = list(
        Task.objects.get(pk=task.pk).steps.order_by("order").values_list("order", "name", "expected_days")
    )
    assert steps == [(1, "Tiếp nhận đơn", 1), (2, "Xác minh", 5), (3, "Trả lời công dân", 2)]


def test_vietnamese_sent_decomposed_is_stored_composed(cast):
    title = "Rà soát hồ sơ tồn đọng phường Phúc Xá"
    decomposed = unicodedata.normalize("NFD", title)
    assert decomposed != title

    task = create(
        cast,
        title=decomposed,
        description=unicodedata.normalize("NFD", "Giải quyết dứt điểm hồ sơ quá hạn"),
        outcome=outcome_spec(indicator=unicodedata.normalize("NFD", "Tỷ lệ hồ sơ đúng hạn")),
    )

    task = Task.objects.get(pk=task.pk)
    assert task.title == title
    assert task.description == "Giải quyết dứt điểm hồ sơ quá hạn"
    assert task.outcome.indicator == "Tỷ lệ hồ sơ đúng hạn"
    assert Task.objects.filter(title=title).exists()
