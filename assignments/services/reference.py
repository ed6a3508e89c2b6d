"""Reference data: the rules a change of a committee group must keep (docs/rules.md).

The API's group serializer and the admin's group form both call `check_group_members`
before they save, so the two keep one rule each: the leader is one of the group's
members, and nobody leaves a group while they own an open task there ("one task, one
owner, a member of the group": hand the task over first).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assignments.choices import OPEN_STATUSES
from assignments.exceptions import InvalidTransition
from assignments.models import Group, Member, Task

LEADER_NOT_MEMBER = _("The group leader must be one of the group's members.")

#: How many of the tasks to hand over a refusal names before it says "and N more".
NAMED_TASKS = 5


def open_tasks_of_leavers(group: Group, members: Iterable[Member]) -> list[Task]:
    """The group's open tasks owned by members who would leave it."""
    staying = [m.pk for m in members]
    return list(
        Task.objects.filter(group=group, status__in=OPEN_STATUSES)
        .exclude(owner_id__in=staying)
        .select_related("owner")
        .order_by("id")
    )


def check_group_members(group: Group | None, *, leader: Member | None, members: Iterable[Member]) -> None:
    """Raise a 400 (the leader is not a member) or a 409 naming the open tasks whose
    owners would leave the group; a new group (`group` None) has no tasks yet."""
    members = list(members)
    if leader is not None and leader not in members:
        raise ValidationError({"leader": [LEADER_NOT_MEMBER]}, code="leader_not_member")
    if group is None or group.pk is None:
        return
    blocking = open_tasks_of_leavers(group, members)
    if not blocking:
        return
    named = "; ".join(f"#{t.pk} “{t.title}” ({t.owner.full_name})" for t in blocking[:NAMED_TASKS])
    more = len(blocking) - NAMED_TASKS
    message = _("These members still own open tasks of the group; hand the tasks over first: %(tasks)s.") % {
        "tasks": named
    }
    if more > 0:
        message = _("%(message)s And %(count)d more.") % {"message": message, "count": more}
    raise InvalidTransition(message, code="owner_has_open_tasks")
