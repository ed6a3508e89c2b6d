"""The action table of docs/rules.md ("Status"), every action x starting state x role.

The cast's task is brought to each state through the services (tests/assignments/
lifecycle.py); the action is then done an hour later, so `updated_at` visibly moves.
Messages are checked in English. One with a value in it (a status, a step, a date) is
worded when it is raised, in the language active then, so those calls run under
`translation.override("en")`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from assignments import clock, services
from assignments.choices import EventKind, Status
from assignments.exceptions import InvalidTransition, NotPermitted, VersionMismatch
from assignments.models import Event, Measurement, Task
from assignments.text import format_date
from tests.assignments.lifecycle import ALL_STATUSES, bring_to, do_the_work
from tests.conftest import NOW, Cast
from tests.factories import WardFactory

LATER = NOW + dt.timedelta(hours=1)

ROLES = (
    "owner",
    "coordinator",
    "group_member",
    "other_member",
    "leader",
    "other_leader",
    "standing",
    "staff",
)

OPEN = frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.PAUSED, Status.SUBMITTED})

ONLY_OWNER = "Only the task's owner may do this."
ONLY_OWNER_OR_LEADER = "Only the task's owner or the group's leader may do this."
ONLY_MANAGER = "Only the group's leader or the committee office may do this."
ONLY_NOTE_WRITERS = (
    "Only the owner, the coordinators, the group's leader or the committee office may add notes."
)


def _next_step(task: Task) -> Any:
    """The step the owner would tick next (the last one when all are done)."""
    return task.steps.filter(completed_at__isnull=True).order_by("order").first() or task.steps.last()


@dataclass(frozen=True)
class Action:
    run: Callable[..., Any]
    roles: frozenset[str]
    states: frozenset[str]
    kind: EventKind
    who_may: str
    #: The status after success; None: unchanged.
    to: Status | None = None
    #: Finish the steps and record a measurement while bringing the task to its state.
    needs_work: bool = False


ACTIONS: dict[str, Action] = {
    "start": Action(
        run=lambda task, actor, cast, **kw: services.task_start(task=task, actor=actor, **kw),
        roles=frozenset({"owner"}),
        states=frozenset({Status.ASSIGNED}),
        kind=EventKind.STARTED,
        who_may=ONLY_OWNER,
        to=Status.IN_PROGRESS,
    ),
    "pause": Action(
        run=lambda task, actor, cast, **kw: services.task_pause(
            task=task, actor=actor, note="Chờ ý kiến chỉ đạo", **kw
        ),
        roles=frozenset({"owner", "leader"}),
        states=frozenset({Status.IN_PROGRESS}),
        kind=EventKind.PAUSED,
        who_may=ONLY_OWNER_OR_LEADER,
        to=Status.PAUSED,
    ),
    "resume": Action(
        run=lambda task, actor, cast, **kw: services.task_resume(task=task, actor=actor, **kw),
        roles=frozenset({"owner", "leader"}),
        states=frozenset({Status.PAUSED}),
        kind=EventKind.RESUMED,
        who_may=ONLY_OWNER_OR_LEADER,
        to=Status.IN_PROGRESS,
    ),
    "submit": Action(
        run=lambda task, actor, cast, **kw: services.task_submit(task=task, actor=actor, **kw),
        roles=frozenset({"owner"}),
        states=frozenset({Status.IN_PROGRESS}),
        kind=EventKind.SUBMITTED,
        who_may=ONLY_OWNER,
        to=Status.SUBMITTED,
        needs_work=True,
    ),
    "accept": Action(
        run=lambda task, actor, cast, **kw: services.task_accept(task=task, actor=actor, **kw),
        roles=frozenset({"leader", "staff"}),
        states=frozenset({Status.SUBMITTED}),
        kind=EventKind.ACCEPTED,
        who_may=ONLY_MANAGER,
        to=Status.DONE,
    ),
    "return": Action(
        run=lambda task, actor, cast, **kw: services.task_return(
            task=task, actor=actor, note="Bổ sung minh chứng", **kw
        ),
        roles=frozenset({"leader", "staff"}),
        states=frozenset({Status.SUBMITTED}),
        kind=EventKind.RETURNED,
        who_may=ONLY_MANAGER,
        to=Status.IN_PROGRESS,
    ),
    "cancel": Action(
        run=lambda task, actor, cast, **kw: services.task_cancel(
            task=task, actor=actor, note="Không còn phù hợp", **kw
        ),
        roles=frozenset({"leader", "staff"}),
        states=OPEN,
        kind=EventKind.CANCELLED,
        who_may=ONLY_MANAGER,
        to=Status.CANCELLED,
    ),
    "reassign": Action(
        run=lambda task, actor, cast, **kw: services.task_reassign(
            task=task, actor=actor, owner=cast.group_member, reason="Điều chỉnh phân công", **kw
        ),
        roles=frozenset({"leader", "staff"}),
        states=OPEN,
        kind=EventKind.REASSIGNED,
        who_may=ONLY_MANAGER,
    ),
    "extend": Action(
        run=lambda task, actor, cast, **kw: services.task_extend(
            task=task,
            actor=actor,
            due_date=task.due_date + dt.timedelta(days=14),
            reason="Chờ số liệu quý I",
            **kw,
        ),
        roles=frozenset({"leader", "staff"}),
        states=OPEN,
        kind=EventKind.EXTENDED,
        who_may=ONLY_MANAGER,
    ),
    "complete_step": Action(
        run=lambda task, actor, cast, **kw: services.task_complete_step(
            task=task, step=_next_step(task), actor=actor, **kw
        ),
        roles=frozenset({"owner"}),
        states=frozenset({Status.IN_PROGRESS}),
        kind=EventKind.STEP_COMPLETED,
        who_may=ONLY_OWNER,
    ),
    "record_measurement": Action(
        run=lambda task, actor, cast, **kw: services.measurement_record(
            task=task, actor=actor, value=Decimal("97.25"), measured_on=clock.today(), **kw
        ),
        roles=frozenset({"owner"}),
        states=frozenset({Status.IN_PROGRESS, Status.SUBMITTED}),
        kind=EventKind.MEASUREMENT_RECORDED,
        who_may=ONLY_OWNER,
    ),
    "add_note": Action(
        run=lambda task, actor, cast, **kw: services.note_add(
            task=task, actor=actor, text="Đã làm việc với phường", **kw
        ),
        roles=frozenset({"owner", "coordinator", "leader", "staff"}),
        states=frozenset(ALL_STATUSES),
        kind=EventKind.NOTE_ADDED,
        who_may=ONLY_NOTE_WRITERS,
    ),
    "edit": Action(
        run=lambda task, actor, cast, **kw: services.task_edit(
            task=task, actor=actor, changes={"title": "Rà soát hồ sơ tồn đọng (bổ sung)"}, **kw
        ),
        roles=frozenset({"leader", "staff"}),
        states=OPEN,
        kind=EventKind.EDITED,
        who_may=ONLY_MANAGER,
    ),
}

CASES = list(itertools.product(ACTIONS, ALL_STATUSES, ROLES))
ALLOWED = [c for c in CASES if c[2] in ACTIONS[c[0]].roles and c[1] in ACTIONS[c[0]].states]
WRONG_ROLE = [c for c in CASES if c[2] not in ACTIONS[c[0]].roles]
WRONG_STATE = [c for c in CASES if c[2] in ACTIONS[c[0]].roles and c[1] not in ACTIONS[c[0]].states]


def _ids(case: tuple[str, str, str]) -> str:
    return "-".join(case)


def snapshot(task: Task) -> dict[str, Any]:
    """Everything a failed action must leave as it was."""
    fresh = Task.objects.get(pk=task.pk)
    return {
        "status": fresh.status,
        "version": fresh.version,
        "updated_at": fresh.updated_at,
        "owner": fresh.owner_id,
        "due_date": fresh.due_date,
        "title": fresh.title,
        "submitted_at": fresh.submitted_at,
        "completed_at": fresh.completed_at,
        "events": Event.objects.filter(task=fresh).count(),
        "notes": fresh.notes.count(),
        "measurements": Measurement.objects.filter(outcome__task=fresh).count(),
        "steps_done": fresh.steps.filter(completed_at__isnull=False).count(),
    }


def _prepare(cast: Cast, action: str, state: str) -> Task:
    return bring_to(cast.task, state, work_done=ACTIONS[action].needs_work)


# --------------------------------------------------------------------------- the table


def test_the_table_covers_every_action_state_and_role():
    assert len(CASES) == 13 * 6 * 8
    assert len(ALLOWED) + len(WRONG_ROLE) + len(WRONG_STATE) == len(CASES)


@pytest.mark.parametrize(("action", "state", "role"), ALLOWED, ids=[_ids(c) for c in ALLOWED])
def test_allowed_action_succeeds_and_writes_one_event(cast, action, state, role):
    spec = ACTIONS[action]
    task = _prepare(cast, action, state)
    before = snapshot(task)
    actor = cast.user(role)

    with clock.frozen_at(LATER):
        spec.run(task, actor, cast)

    after = Task.objects.get(pk=task.pk)
    # A submitted task handed over goes back to in progress: the new owner submits it.
    handed_back = action == "reassign" and state == Status.SUBMITTED
    assert after.status == (Status.IN_PROGRESS if handed_back else spec.to or state)
    assert after.version == before["version"] + 1
    assert after.updated_at == LATER
    new_events = list(Event.objects.filter(task=task).order_by("id")[before["events"] :])
    assert len(new_events) == 1
    event = new_events[0]
    assert event.kind == spec.kind
    assert event.actor_id == actor.pk
    assert event.at == LATER
    assert (event.from_status, event.to_status) == (state, after.status)


@pytest.mark.parametrize(("action", "state", "role"), WRONG_ROLE, ids=[_ids(c) for c in WRONG_ROLE])
def test_action_by_a_role_not_allowed_is_refused_naming_who_may_and_writes_nothing(cast, action, state, role):
    # The role is checked before the state: a wrong role in a wrong state is still a 403.
    spec = ACTIONS[action]
    task = _prepare(cast, action, state)
    before = snapshot(task)

    with clock.frozen_at(LATER), pytest.raises(NotPermitted) as refused:
        spec.run(task, cast.user(role), cast)

    assert refused.value.code == "permission_denied"
    with translation.override("en"):
        assert str(refused.value.message) == spec.who_may
    assert snapshot(task) == before


@pytest.mark.parametrize(("action", "state", "role"), WRONG_STATE, ids=[_ids(c) for c in WRONG_STATE])
def test_action_from_a_wrong_state_is_refused_and_writes_nothing(cast, action, state, role):
    spec = ACTIONS[action]
    task = _prepare(cast, action, state)
    before = snapshot(task)

    # A message with the task's status in it is worded when raised, in the active language.
    with translation.override("en"), clock.frozen_at(LATER), pytest.raises(InvalidTransition) as refused:
        spec.run(task, cast.user(role), cast)

    assert refused.value.code == "invalid_state"
    assert str(refused.value.message).startswith("Cannot ")
    with translation.override("en"):
        assert f"“{Status(state).label}”" in str(refused.value.message)
    assert snapshot(task) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_stale_expected_version_is_refused_before_anything_else_and_writes_nothing(cast, action):
    # 412 comes first: even the wrong person in the wrong state learns only that the copy is stale.
    spec = ACTIONS[action]
    state = next(s for s in ALL_STATUSES if s in spec.states)
    task = _prepare(cast, action, state)
    before = snapshot(task)
    stale = Task.objects.get(pk=task.pk)
    stale.version -= 1

    for role in ("owner", "other_member"):
        with pytest.raises(VersionMismatch) as refused:
            spec.run(stale, cast.user(role), cast, expected_version=stale.version)
        assert refused.value.current == before["version"]
        assert snapshot(task) == before


def test_current_expected_version_is_accepted(cast):
    task = Task.objects.get(pk=cast.task.pk)
    services.task_start(task=task, actor=cast.owner.user, expected_version=task.version)
    assert Task.objects.get(pk=task.pk).version == task.version + 1


# --------------------------------------------------------------------------- accept


def test_owner_cannot_accept_own_task(cast):
    task = bring_to(cast.task, Status.SUBMITTED)
    before = snapshot(task)
    with pytest.raises(NotPermitted):
        services.task_accept(task=task, actor=cast.owner.user)
    assert snapshot(task) == before


def test_leader_who_owns_a_task_of_their_own_group_cannot_accept_it_but_staff_can(cast):
    from tests.factories import ProcessFactory, make_task

    task = make_task(group=cast.group, owner=cast.leader, process=ProcessFactory(steps=1))
    task = bring_to(task, Status.SUBMITTED)
    before = snapshot(task)

    with pytest.raises(NotPermitted) as refused:
        services.task_accept(task=task, actor=cast.leader.user)
    with translation.override("en"):
        assert str(refused.value.message) == (
            "The owner may not accept their own task; the group's leader or the committee office accepts it."
        )
    assert snapshot(task) == before

    services.task_accept(task=task, actor=cast.staff)
    assert Task.objects.get(pk=task.pk).status == Status.DONE


def test_accept_counts_the_task_completed_when_it_was_submitted(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS, work_done=True)
    submitted_at = NOW + dt.timedelta(days=3, hours=2)
    with clock.frozen_at(submitted_at):
        services.task_submit(task=task, actor=cast.owner.user)
    with clock.frozen_at(submitted_at + dt.timedelta(days=5)):
        services.task_accept(task=task, actor=cast.leader.user)

    task.refresh_from_db()
    assert task.completed_at == submitted_at
    assert task.submitted_at == submitted_at


def test_return_clears_the_submission_so_the_next_one_counts(cast):
    task = bring_to(cast.task, Status.SUBMITTED)
    with clock.frozen_at(LATER):
        services.task_return(task=task, actor=cast.leader.user, note="Bổ sung minh chứng")
    resubmitted_at = LATER + dt.timedelta(days=2)
    with clock.frozen_at(resubmitted_at):
        services.task_submit(task=task, actor=cast.owner.user)
        services.task_accept(task=task, actor=cast.staff)
    assert Task.objects.get(pk=task.pk).completed_at == resubmitted_at


# --------------------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    ("action", "state", "field"),
    [
        ("pause", Status.IN_PROGRESS, "note"),
        ("return", Status.SUBMITTED, "note"),
        ("cancel", Status.ASSIGNED, "note"),
        ("reassign", Status.IN_PROGRESS, "reason"),
        ("extend", Status.IN_PROGRESS, "reason"),
    ],
)
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_action_without_a_reason_is_refused_naming_the_field(cast, action, state, field, reason):
    task = bring_to(cast.task, state)
    before = snapshot(task)
    leader = cast.leader.user
    calls = {
        "pause": lambda: services.task_pause(task=task, actor=leader, note=reason),
        "return": lambda: services.task_return(task=task, actor=leader, note=reason),
        "cancel": lambda: services.task_cancel(task=task, actor=leader, note=reason),
        "reassign": lambda: services.task_reassign(
            task=task, actor=leader, owner=cast.group_member, reason=reason
        ),
        "extend": lambda: services.task_extend(
            task=task, actor=leader, due_date=task.due_date + dt.timedelta(days=7), reason=reason
        ),
    }
    with pytest.raises(ValidationError) as refused:
        calls[action]()

    with translation.override("en"):
        assert refused.value.message_dict == {field: ["A reason is required."]}
    assert snapshot(task) == before


def test_a_wrong_state_is_reported_before_a_missing_reason(cast):
    task = bring_to(cast.task, Status.ASSIGNED)
    with pytest.raises(InvalidTransition):
        services.task_pause(task=task, actor=cast.owner.user, note="")


def test_the_reason_is_kept_on_the_event(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    services.task_pause(task=task, actor=cast.leader.user, note="  Chờ ý kiến Thường trực  ")
    assert Event.objects.filter(task=task).last().note == "Chờ ý kiến Thường trực"


# --------------------------------------------------------------------------- submit and steps


def test_submit_with_a_step_not_completed_is_refused_saying_which(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    first = task.steps.order_by("order").first()
    services.task_complete_step(task=task, step=first, actor=cast.owner.user)
    services.measurement_record(task=task, actor=cast.owner.user, value=90, measured_on=clock.today())
    before = snapshot(task)

    with translation.override("en"), pytest.raises(InvalidTransition) as refused:
        services.task_submit(task=task, actor=cast.owner.user)

    assert refused.value.code == "steps_incomplete"
    with translation.override("en"):
        assert str(refused.value.message) == "Cannot submit yet: step “Bước 2” is not completed."
    assert snapshot(task) == before


def test_submit_without_a_measurement_is_refused_saying_why(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    for step in task.steps.order_by("order"):
        services.task_complete_step(task=task, step=step, actor=cast.owner.user)
    before = snapshot(task)

    with pytest.raises(InvalidTransition) as refused:
        services.task_submit(task=task, actor=cast.owner.user)

    assert refused.value.code == "no_measurement"
    with translation.override("en"):
        assert str(refused.value.message) == "Cannot submit yet: record at least one measured value first."
    assert snapshot(task) == before


def test_steps_are_completed_in_order(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    first, second = task.steps.order_by("order")
    before = snapshot(task)

    with translation.override("en"), pytest.raises(InvalidTransition) as refused:
        services.task_complete_step(task=task, step=second, actor=cast.owner.user)
    assert refused.value.code == "step_out_of_order"
    with translation.override("en"):
        assert str(refused.value.message) == "Steps are completed in order: the next step is “Bước 1”."
    assert snapshot(task) == before

    with clock.frozen_at(LATER):
        services.task_complete_step(task=task, step=first, actor=cast.owner.user, note="Đã họp tổ")
    first.refresh_from_db()
    assert (first.completed_at, first.completed_by_id, first.note) == (LATER, cast.owner.user.pk, "Đã họp tổ")
    event = Event.objects.filter(task=task).last()
    assert event.data["step"] == {"id": first.pk, "order": 1, "name": "Bước 1"}


def test_a_completed_step_cannot_be_completed_again(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    first = task.steps.order_by("order").first()
    services.task_complete_step(task=task, step=first, actor=cast.owner.user)
    before = snapshot(task)

    with pytest.raises(InvalidTransition) as refused:
        services.task_complete_step(task=task, step=first, actor=cast.owner.user)
    assert refused.value.code == "step_done"
    assert snapshot(task) == before


def test_a_step_of_another_task_is_not_found(cast):
    from tests.factories import make_task

    other = make_task(group=cast.group, owner=cast.owner)
    task = bring_to(cast.task, Status.IN_PROGRESS)
    before = snapshot(task)
    with pytest.raises(type(other.steps.first()).DoesNotExist):
        services.task_complete_step(task=task, step=other.steps.first(), actor=cast.owner.user)
    assert snapshot(task) == before


def test_the_latest_measurement_is_the_outcome_actual(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    owner = cast.owner.user
    services.measurement_record(task=task, actor=owner, value="98.5", measured_on=dt.date(2026, 2, 1))
    services.measurement_record(task=task, actor=owner, value=90, measured_on=dt.date(2026, 1, 15))
    task.outcome.refresh_from_db()
    assert task.outcome.actual == Decimal("98.50")
    assert task.outcome.achieved is False


def test_a_measurement_dated_in_the_future_is_refused(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    before = snapshot(task)
    with pytest.raises(ValidationError) as refused:
        services.measurement_record(
            task=task, actor=cast.owner.user, value=1, measured_on=clock.today() + dt.timedelta(days=1)
        )
    assert set(refused.value.message_dict) == {"measured_on"}
    assert snapshot(task) == before


# --------------------------------------------------------------------------- extend


def test_extend_keeps_the_original_due_date(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    original = task.due_date
    services.task_extend(
        task=task, actor=cast.leader.user, due_date=original + dt.timedelta(days=10), reason="Chờ số liệu"
    )
    services.task_extend(
        task=task, actor=cast.staff, due_date=original + dt.timedelta(days=30), reason="Chờ số liệu quý"
    )

    task.refresh_from_db()
    assert task.due_date == original + dt.timedelta(days=30)
    assert task.original_due_date == original
    assert task.extended is True
    last = Event.objects.filter(task=task).last()
    assert last.data == {
        "from_due_date": (original + dt.timedelta(days=10)).isoformat(),
        "to_due_date": (original + dt.timedelta(days=30)).isoformat(),
    }


@pytest.mark.parametrize("days", [0, -1, -30])
def test_extend_to_a_date_not_later_than_the_current_one_is_refused(cast, days):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    before = snapshot(task)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.task_extend(
            task=task,
            actor=cast.leader.user,
            due_date=task.due_date + dt.timedelta(days=days),
            reason="Chờ số liệu",
        )
    with translation.override("en"):
        assert refused.value.message_dict == {
            "due_date": [f"The new due date must be after the current one ({format_date(task.due_date)})."]
        }
    assert snapshot(task) == before


# --------------------------------------------------------------------------- reassign


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("other_member", "The new owner must be an active member of the group."),
        ("inactive_member", "The new owner must be an active member of the group."),
        ("owner", "The new owner must differ from the current owner."),
        ("nobody", "This field is required."),
    ],
)
def test_reassign_to_someone_who_cannot_own_the_task_is_refused_on_owner(cast, who, message):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    if who == "inactive_member":
        cast.group_member.active = False
        cast.group_member.save(update_fields=["active"])
        new_owner = cast.group_member
    else:
        new_owner = {"other_member": cast.other_member, "owner": cast.owner, "nobody": None}[who]
    before = snapshot(task)

    with pytest.raises(ValidationError) as refused:
        services.task_reassign(task=task, actor=cast.leader.user, owner=new_owner, reason="Điều chỉnh")

    with translation.override("en"):
        assert refused.value.message_dict == {"owner": [message]}
    assert snapshot(task) == before


def test_reassign_hands_the_task_over_and_records_both_owners(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    services.task_reassign(task=task, actor=cast.leader.user, owner=cast.coordinator, reason="Điều chỉnh")

    task.refresh_from_db()
    assert task.owner == cast.coordinator
    # One person, one role: the new owner is no longer listed as a coordinator.
    assert list(task.coordinators.all()) == []
    event = Event.objects.filter(task=task).last()
    assert event.data == {
        "from_owner": {"id": cast.owner.pk, "name": cast.owner.full_name},
        "to_owner": {"id": cast.coordinator.pk, "name": cast.coordinator.full_name},
    }
    # The former owner lost the owner actions; the new one has them.
    with pytest.raises(NotPermitted):
        services.task_pause(task=task, actor=cast.owner.user, note="Nghỉ phép")
    services.task_pause(task=task, actor=cast.coordinator.user, note="Nghỉ phép")


# --------------------------------------------------------------------------- edit


def test_edit_that_changes_nothing_writes_nothing(cast):
    task = Task.objects.get(pk=cast.task.pk)
    before = snapshot(task)
    with clock.frozen_at(LATER):
        services.task_edit(
            task=task,
            actor=cast.leader.user,
            changes={"title": task.title, "ward": task.ward, "priority": task.priority},
        )
    assert snapshot(task) == before


def test_edit_records_the_fields_that_changed(cast):
    task = Task.objects.get(pk=cast.task.pk)
    previous_priority = task.priority
    services.task_edit(
        task=task,
        actor=cast.staff,
        changes={"title": task.title, "priority": "urgent", "source": "Kết luận số 12-KL/QU", "ward": None},
    )
    task.refresh_from_db()
    assert (task.priority, task.source, task.ward) == ("urgent", "Kết luận số 12-KL/QU", None)
    # Which fields, and their old and new values: a ward as a brief, text as it was.
    assert Event.objects.filter(task=task).last().data == {
        "fields": ["priority", "source", "ward"],
        "changes": {
            "priority": {"from": previous_priority, "to": "urgent"},
            "source": {"from": "", "to": "Kết luận số 12-KL/QU"},
            "ward": {"from": {"id": cast.ward.pk, "name": str(cast.ward)}, "to": None},
        },
    }


def test_edit_refuses_a_retired_ward_as_creation_does(cast):
    retired = WardFactory(code="00099", name="Phường cũ", active=False)
    cast.group.wards.add(retired)
    task = Task.objects.get(pk=cast.task.pk)
    before = snapshot(task)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.task_edit(task=task, actor=cast.leader.user, changes={"ward": retired})
        assert error.value.message_dict == {"ward": ["This ward is no longer active."]}
    assert snapshot(task) == before


@pytest.mark.parametrize("field", ["status", "owner", "due_date"])
def test_edit_cannot_touch_status_owner_or_due_date(cast, field):
    task = Task.objects.get(pk=cast.task.pk)
    before = snapshot(task)
    value = {"status": Status.DONE, "owner": cast.group_member, "due_date": dt.date(2027, 1, 1)}[field]
    with pytest.raises(ValidationError) as refused:
        services.task_edit(task=task, actor=cast.staff, changes={field: value})
    assert set(refused.value.message_dict) == {field}
    assert snapshot(task) == before


def test_edit_to_a_ward_outside_the_group_is_refused(cast):
    from tests.factories import WardFactory

    task = Task.objects.get(pk=cast.task.pk)
    before = snapshot(task)
    with pytest.raises(ValidationError) as refused:
        services.task_edit(task=task, actor=cast.leader.user, changes={"ward": WardFactory(code="00004")})
    assert set(refused.value.message_dict) == {"ward"}
    assert snapshot(task) == before


# --------------------------------------------------------------------------- the whole life


def test_a_full_life_leaves_one_event_per_action_in_order(cast):
    task = Task.objects.get(pk=cast.task.pk)
    owner, leader = cast.owner.user, cast.leader.user
    services.task_start(task=task, actor=owner)
    services.task_pause(task=task, actor=leader, note="Chờ ý kiến")
    services.task_resume(task=task, actor=owner)
    do_the_work(task)
    services.task_submit(task=task, actor=owner)
    services.task_accept(task=task, actor=leader)

    kinds = list(Event.objects.filter(task=task).order_by("id").values_list("kind", flat=True))
    assert kinds == [
        "created",
        "started",
        "paused",
        "resumed",
        "step_completed",
        "step_completed",
        "measurement_recorded",
        "submitted",
        "accepted",
    ]
    assert Task.objects.get(pk=task.pk).version == len(kinds)
