"""What a user may do to a task right now, and why not: the buttons a page may draw.

The services decide; this module answers the same question before anyone presses a
button, so a page can disable "submit" and say which step is missing instead of
letting the owner find out by failing. Both read the same rows of the action table
(assignments/actions.py) through `TaskAction.refusal`, so they cannot disagree. It
writes nothing and, given a task read with `task_for_policies`, queries nothing.

tests/assignments/test_policies.py runs every action for every role in every status
through both this module and the service, and fails where they disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from assignments import roles
from assignments.actions import (
    ACTIONS,
    ALL_STEPS_DONE,
    ONLY_GROUP_MANAGER_CREATES,
    current_files,
    next_step,
    product_files,
)
from assignments.exceptions import NotPermitted
from assignments.models import Group, Task
from assignments.models.tasks import TaskQuerySet
from assignments.roles import AnyUser

__all__ = [
    "ACTIONS",
    "ALL_STEPS_DONE",
    "Availability",
    "availability",
    "available_actions",
    "current_files",
    "groups_visible_to",
    "may_assign_in",
    "next_step",
    "product_files",
    "task_for_policies",
]


@dataclass(frozen=True)
class Availability:
    """Whether `user` may do `action` now; if not, the service's message and code."""

    action: str
    #: The user's role allows the action on this task (whatever its state).
    permitted: bool
    #: The service would accept the action now (with valid input).
    allowed: bool
    reason: str | Promise = ""
    code: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def task_for_policies(tasks: TaskQuerySet) -> TaskQuerySet:
    """What the answers read, fetched with the tasks: then `available_actions` queries nothing."""
    return tasks.for_display().prefetch_related("outcome__measurements", current_files())


def availability(user: AnyUser, task: Task, action: str) -> Availability:
    refused = ACTIONS[action].refusal(user, task)
    if refused is None:
        return Availability(action, permitted=True, allowed=True)
    error, refusal = refused
    permitted = error is not NotPermitted
    return Availability(action, permitted=permitted, allowed=False, reason=refusal.message, code=refusal.code)


def available_actions(user: AnyUser, task: Task) -> dict[str, Availability]:
    """Every action on `task` for `user`, by name (the action table's order)."""
    return {name: availability(user, task, name) for name in ACTIONS}


def may_assign_in(user: AnyUser, group: Group) -> Availability:
    """Whether `user` may create tasks in `group` (services.task_create's first check)."""
    if roles.assigns_in(user, group):
        return Availability("create", permitted=True, allowed=True)
    return Availability(
        "create",
        permitted=False,
        allowed=False,
        reason=ONLY_GROUP_MANAGER_CREATES,
        code="permission_denied",
    )


def groups_visible_to(user: AnyUser) -> QuerySet[Group]:
    """The groups whose board `user` may open: every group for the Standing Committee
    and the office; otherwise the groups the user belongs to or leads (whose tasks they
    read, selectors.task_visibility)."""
    if roles.reads_everything(user):
        return Group.objects.all()
    member = roles.member_of(user)
    if member is None:
        return Group.objects.none()
    member_groups = Group.members.through.objects.filter(member=member).values("group_id")
    return Group.objects.filter(Q(pk__in=member_groups) | Q(leader=member))
