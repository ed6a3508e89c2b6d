"""The status machine's actions, and the handover and extension (docs/rules.md).

Each function is one action of the action table (assignments/actions.py): it begins
with `base.begin`, which locks the row and runs the table's guard, then checks its
input, changes the task and writes the action's one event.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from assignments import actions, clock, limits
from assignments.choices import Status
from assignments.models import Member, Task
from assignments.services.base import (
    REQUIRED,
    User,
    begin,
    member_brief,
    record,
    require_reason,
    transition,
)
from assignments.text import format_date


@transaction.atomic
def task_start(*, task: Task | int, actor: User, expected_version: int | None = None) -> Task:
    task, action = begin("start", task, actor=actor, expected_version=expected_version)
    return transition(task, action, actor=actor)


@transaction.atomic
def task_pause(*, task: Task | int, actor: User, note: str, expected_version: int | None = None) -> Task:
    task, action = begin("pause", task, actor=actor, expected_version=expected_version)
    return transition(task, action, actor=actor, note=require_reason(note))


@transaction.atomic
def task_resume(
    *, task: Task | int, actor: User, note: str = "", expected_version: int | None = None
) -> Task:
    task, action = begin("resume", task, actor=actor, expected_version=expected_version)
    return transition(task, action, actor=actor, note=limits.clean_text(note, "note"))


@transaction.atomic
def task_submit(
    *, task: Task | int, actor: User, note: str = "", expected_version: int | None = None
) -> Task:
    """The owner reports the work done: every step ticked, at least one measurement, and the
    product attached where a file is required. The event names the product files sent."""
    task, action = begin("submit", task, actor=actor, expected_version=expected_version)
    task.submitted_at = clock.now()
    files = [
        {"id": f.pk, "name": f.name, "sha256": f.sha256, "size": f.size} for f in actions.product_files(task)
    ]
    return transition(
        task,
        action,
        actor=actor,
        note=limits.clean_text(note, "note"),
        extra_fields=["submitted_at"],
        data={"product_files": files},
    )


@transaction.atomic
def task_accept(
    *, task: Task | int, actor: User, note: str = "", expected_version: int | None = None
) -> Task:
    """Accept submitted work; it counts as completed when it was submitted."""
    task, action = begin("accept", task, actor=actor, expected_version=expected_version)
    task.completed_at = task.submitted_at
    return transition(
        task, action, actor=actor, note=limits.clean_text(note, "note"), extra_fields=["completed_at"]
    )


@transaction.atomic
def task_return(*, task: Task | int, actor: User, note: str, expected_version: int | None = None) -> Task:
    task, action = begin("return", task, actor=actor, expected_version=expected_version)
    text = require_reason(note)
    task.submitted_at = None
    return transition(task, action, actor=actor, note=text, extra_fields=["submitted_at"])


@transaction.atomic
def task_cancel(*, task: Task | int, actor: User, note: str, expected_version: int | None = None) -> Task:
    task, action = begin("cancel", task, actor=actor, expected_version=expected_version)
    return transition(task, action, actor=actor, note=require_reason(note))


@transaction.atomic
def task_reassign(
    *,
    task: Task | int,
    actor: User,
    owner: Member | None,
    reason: str,
    expected_version: int | None = None,
) -> Task:
    """Hand the task over to another member of the group; the one owner changes.

    A submitted task goes back to in progress: the work awaiting acceptance was the
    previous owner's, and the new owner answers for it by submitting it again. So the
    one who accepts can never be the one whose submission it is (docs/rules.md).
    """
    task, action = begin("reassign", task, actor=actor, expected_version=expected_version)
    if owner is None:
        raise ValidationError({"owner": [REQUIRED]})
    if owner.pk == task.owner_id:
        raise ValidationError({"owner": [_("The new owner must differ from the current owner.")]})
    # One query says both whether the new owner is of the group and whether they watch
    # the task (then they stop watching it, below): None when not of the group.
    watching = (
        task.group.members.filter(pk=owner.pk)
        .annotate(watching=Exists(Task.watchers.through.objects.filter(task_id=task.pk, member_id=owner.pk)))
        .values_list("watching", flat=True)
        .first()
        if owner.active
        else None
    )
    if watching is None:
        raise ValidationError({"owner": [_("The new owner must be an active member of the group.")]})
    text = require_reason(reason, "reason")
    previous = task.owner
    from_status = task.status
    fields = ["owner"]
    task.owner = owner
    if task.status == Status.SUBMITTED:
        task.status = Status.IN_PROGRESS
        task.submitted_at = None
        fields += ["status", "submitted_at"]
    # One person, one role on a task: the new owner stops being a coordinator or a watcher.
    task.coordinators.remove(owner)
    if watching:
        task.watchers.remove(owner)
    record(
        task,
        actor=actor,
        kind=action.event,
        fields=[*fields, *task.refresh_search_text()],
        from_status=from_status,
        note=text,
        data={"from_owner": member_brief(previous), "to_owner": member_brief(owner)},
    )
    return task


@transaction.atomic
def task_extend(
    *,
    task: Task | int,
    actor: User,
    due_date: dt.date | None,
    reason: str,
    expected_version: int | None = None,
) -> Task:
    """Move the due date later; the original due date is kept for the record."""
    task, action = begin("extend", task, actor=actor, expected_version=expected_version)
    if due_date is None:
        raise ValidationError({"due_date": [REQUIRED]})
    limits.check_date_in_window(due_date, "due_date")
    if due_date <= task.due_date:
        raise ValidationError(
            {
                "due_date": [
                    _("The new due date must be after the current one (%(current)s).")
                    % {"current": format_date(task.due_date)}
                ]
            }
        )
    text = require_reason(reason, "reason")
    previous = task.due_date
    task.due_date = due_date
    record(
        task,
        actor=actor,
        kind=action.event,
        fields=["due_date"],
        note=text,
        data={"from_due_date": previous.isoformat(), "to_due_date": due_date.isoformat()},
    )
    return task


@transaction.atomic
def task_explain(
    *,
    task: Task | int,
    actor: User,
    reason: str,
    proposed_due_date: dt.date | None,
    expected_version: int | None = None,
) -> Task:
    """The owner explains why an overdue task is late and proposes a new due date. It
    holds off the leader's escalation for the current due date; the leader then
    extends (to that date or another) or not."""
    task, action = begin("explain", task, actor=actor, expected_version=expected_version)
    text = require_reason(reason, "reason")
    if proposed_due_date is None:
        raise ValidationError({"proposed_due_date": [REQUIRED]})
    limits.check_date_in_window(proposed_due_date, "proposed_due_date")
    today = clock.today()
    if proposed_due_date <= today:
        raise ValidationError(
            {
                "proposed_due_date": [
                    _("The proposed due date must be later than today (%(today)s).")
                    % {"today": format_date(today)}
                ]
            }
        )
    task.explained_at = clock.now()
    task.explained_for_due_date = task.due_date
    task.explanation = text
    task.proposed_due_date = proposed_due_date
    record(
        task,
        actor=actor,
        kind=action.event,
        fields=["explained_at", "explained_for_due_date", "explanation", "proposed_due_date"],
        note=text,
        data={"due_date": task.due_date.isoformat(), "proposed_due_date": proposed_due_date.isoformat()},
    )
    return task
