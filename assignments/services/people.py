"""The people around a task besides its one owner: coordinators and watchers (docs/rules.md).

Coordinators (phối hợp) support the owner: they read the task and add notes. Watchers
(người theo dõi) read it and are to be told of it, with no duty: no action is theirs.
Both lists are any active members, whatever their group, never the owner; a member has
one role on a task, so nobody is both a coordinator and a watcher. The group's leader
or the office changes either list; each change is one event with the list before and
after.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.actions import TaskAction
from assignments.models import Member, Task
from assignments.services.base import User, begin, member_brief, record

OWNER_NOT_COORDINATOR = _("The owner cannot also be a coordinator.")
OWNER_NOT_WATCHER = _("The owner cannot also be a watcher.")
COORDINATORS_ACTIVE = _("Coordinators must be active members.")
WATCHERS_ACTIVE = _("Watchers must be active members.")
WATCHER_NOT_COORDINATOR = _(
    "%(names)s already watch this task: a member has one role on a task; take them off the watchers first."
)
COORDINATOR_NOT_WATCHER = _(
    "%(names)s already coordinate this task: a member has one role on a task; take them off the "
    "coordinators first."
)


def _briefs(members: Iterable[Member]) -> list[dict[str, object]]:
    return [member_brief(m) for m in sorted(members, key=lambda m: (m.full_name, m.pk))]


def _change(
    task: Task,
    action: TaskAction,
    *,
    actor: User,
    field: str,
    other_field: str,
    members: Iterable[Member],
    note: str,
    owner_message: Promise,
    active_message: Promise,
    other_message: Promise,
) -> Task:
    """Replace `task.<field>` by `members`, after the checks every list shares."""
    chosen = {m.pk: m for m in members}
    manager = getattr(task, field)
    current = {m.pk: m for m in manager.all()}
    text = limits.clean_text(note, "note")
    added = [m for pk, m in chosen.items() if pk not in current]
    errors: list[Promise | str] = []
    if task.owner_id in chosen:
        errors.append(owner_message)
    # Only those added must be active: a deactivated member can always be taken off.
    elif any(not m.active for m in added):
        errors.append(active_message)
    else:
        both = getattr(task, other_field).filter(pk__in=[m.pk for m in added]).order_by("full_name", "pk")
        names = [m.full_name for m in both]
        if names:
            errors.append(other_message % {"names": ", ".join(names)})
    if errors:
        raise ValidationError({field: errors})
    if set(chosen) == set(current):
        # As a content edit that changes nothing: no event, the version unchanged.
        return task
    manager.set(chosen.values())
    record(
        task,
        actor=actor,
        kind=action.event,
        note=text,
        data={f"from_{field}": _briefs(current.values()), f"to_{field}": _briefs(chosen.values())},
    )
    return task


@transaction.atomic
def task_change_coordinators(
    *,
    task: Task | int,
    actor: User,
    coordinators: Iterable[Member],
    note: str = "",
    expected_version: int | None = None,
) -> Task:
    """Set the task's coordinators to `coordinators` (the whole list; empty for none)."""
    task, action = begin("change_coordinators", task, actor=actor, expected_version=expected_version)
    return _change(
        task,
        action,
        actor=actor,
        field="coordinators",
        other_field="watchers",
        members=coordinators,
        note=note,
        owner_message=OWNER_NOT_COORDINATOR,
        active_message=COORDINATORS_ACTIVE,
        other_message=WATCHER_NOT_COORDINATOR,
    )


@transaction.atomic
def task_change_watchers(
    *,
    task: Task | int,
    actor: User,
    watchers: Iterable[Member],
    note: str = "",
    expected_version: int | None = None,
) -> Task:
    """Set the task's watchers to `watchers` (the whole list; empty for none)."""
    task, action = begin("change_watchers", task, actor=actor, expected_version=expected_version)
    return _change(
        task,
        action,
        actor=actor,
        field="watchers",
        other_field="coordinators",
        members=watchers,
        note=note,
        owner_message=OWNER_NOT_WATCHER,
        active_message=WATCHERS_ACTIVE,
        other_message=COORDINATOR_NOT_WATCHER,
    )
