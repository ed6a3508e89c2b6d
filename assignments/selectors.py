"""Reads: what each user may see, in one place (docs/rules.md, "Who sees and does what")."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from assignments import roles
from assignments.models import Event, Group, Task
from assignments.models.tasks import TaskQuerySet
from assignments.roles import AnyUser


def task_visibility(user: AnyUser) -> Q | None:
    """The filter of the tasks `user` may read; None means every task."""
    if roles.reads_everything(user):
        return None
    member = roles.member_of(user)
    if member is None:
        return Q(pk__in=[])
    # Subqueries rather than joins, so the list needs no DISTINCT.
    member_groups = Group.members.through.objects.filter(member=member).values("group_id")
    coordinated = Task.coordinators.through.objects.filter(member=member).values("task_id")
    watched = Task.watchers.through.objects.filter(member=member).values("task_id")
    return (
        Q(group_id__in=member_groups)
        | Q(group__leader=member)
        | Q(owner=member)
        | Q(pk__in=coordinated)
        | Q(pk__in=watched)
    )


def tasks_visible_to(user: AnyUser) -> TaskQuerySet:
    visibility = task_visibility(user)
    tasks = Task.objects.all()
    return tasks if visibility is None else tasks.filter(visibility)


def task_for(user: AnyUser, pk: int) -> Task:
    """The task, if `user` may read it; `Task.DoesNotExist` otherwise (a 404, not a 403)."""
    return tasks_visible_to(user).get(pk=pk)


def events_visible_to(user: AnyUser) -> QuerySet[Event]:
    return Event.objects.filter(task__in=tasks_visible_to(user).values("pk"))
