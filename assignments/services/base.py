"""What every task service shares: the row lock, the one guard, the event row.

Each service is one transaction that locks the task row, checks in this order the
client's version (412), then the action's row in the action table (assignments/
actions.py: who may, 403; the state, 409; its preconditions, 409), then the input
(400), then changes the task, bumps `version`, sets `updated_at` and writes exactly one
event. On PostgreSQL the lock is `SELECT ... FOR UPDATE`; on SQLite the database
opens every transaction with `BEGIN IMMEDIATE` (settings), which serialises writers
the same way. So of two racing calls where only one may succeed, the second sees
the first one's result and fails cleanly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from assignments import actions, clock, limits
from assignments.actions import TaskAction
from assignments.exceptions import VersionMismatch
from assignments.models import Event, Member, Task, TaskStep

REASON_REQUIRED = _("A reason is required.")
REQUIRED = _("This field is required.")


def lock(task: Task | int, *, with_steps: bool = False, with_files: bool = False) -> Task:
    """The task row, locked, with its group, owner, outcome and approver (and its steps,
    for the actions whose preconditions read them; its current files, for `submit`, which
    looks for the product)."""
    pk = task.pk if isinstance(task, Task) else task
    # Lock the row alone, then read it with what the checks need (and the ward, whose
    # name is in the task's search text, recomputed by edits and handovers). A locking SELECT that
    # joins the owner makes PostgreSQL, after waiting for a racing handover, re-check the
    # join against the new row with the old owner: no row, and the task seems gone.
    Task.objects.select_for_update().filter(pk=pk).values_list("pk").get()
    tasks = Task.objects.select_related("group", "owner", "outcome", "ward", "approver")
    if with_steps:
        tasks = tasks.prefetch_related(Prefetch("steps", queryset=TaskStep.objects.order_by("order")))
    if with_files:
        tasks = tasks.prefetch_related(actions.current_files())
    return tasks.get(pk=pk)


def guard(action: str, task: Task, *, actor: User, expected_version: int | None) -> TaskAction:
    """Check the client's version, then the action's row of the action table."""
    if expected_version is not None and expected_version != task.version:
        raise VersionMismatch(current=task.version)
    return actions.check(action, actor, task)


def begin(
    action: str, task: Task | int, *, actor: User, expected_version: int | None
) -> tuple[Task, TaskAction]:
    """Lock the task, then `guard`: the first lines of every task service."""
    locked = lock(task, with_steps=actions.ACTIONS[action].blocked is not None, with_files=action == "submit")
    return locked, guard(action, locked, actor=actor, expected_version=expected_version)


def require_reason(value: str | None, field: str = "note") -> str:
    text = limits.clean_text(value, field)
    if not text:
        raise ValidationError({field: [REASON_REQUIRED]}, code="required")
    return text


def record(
    task: Task,
    *,
    actor: User,
    kind: str,
    fields: Iterable[str] = (),
    from_status: str = "",
    note: str = "",
    data: Mapping[str, Any] | None = None,
) -> Event:
    """Save the changed fields, bump the version and append the one event."""
    moment = clock.now()
    task.version += 1
    task.updated_at = moment
    task.save(update_fields=[*fields, "version", "updated_at"])
    return event_written(
        Event.objects.create(
            task=task,
            kind=kind,
            actor=actor,
            at=moment,
            from_status=from_status or task.status,
            to_status=task.status,
            note=note,
            data=dict(data or {}),
        )
    )


def event_written(event: Event) -> Event:
    """What follows every event, in its transaction: the people it concerns are told
    (assignments/notifications/) and the event goes into the webhooks' outbox
    (assignments/webhooks/), so a rolled-back action tells nobody and sends nothing."""
    from assignments import notifications, webhooks

    notifications.tell_event(event)
    webhooks.outbox.add(event)
    return event


def transition(
    task: Task,
    action: TaskAction,
    *,
    actor: User,
    note: str = "",
    extra_fields: Iterable[str] = (),
    data: Mapping[str, Any] | None = None,
) -> Task:
    """Move the task to the action's state and write the action's event."""
    from_status = task.status
    if action.to_state is not None:
        task.status = action.to_state
    record(
        task,
        actor=actor,
        kind=action.event,
        fields=["status", *extra_fields] if action.to_state is not None else list(extra_fields),
        from_status=from_status,
        note=note,
        data=data,
    )
    return task


def decimal(value: object, field: str) -> Decimal:
    """A number of the columns' shape, or a 400 naming `field` (assignments/limits.py)."""
    return limits.parse_decimal(value, field)


def member_brief(member: Member) -> dict[str, Any]:
    return {"id": member.pk, "name": member.full_name}
