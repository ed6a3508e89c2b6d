"""Reads: what each user may see, in one place (docs/rules.md, "Who sees and does what")."""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from assignments import roles
from assignments.choices import OWNER_WORKS, Escalation
from assignments.models import Attachment, Document, Event, Group, Task
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


def documents_visible_to(user: AnyUser) -> QuerySet[Document]:
    """The documents `user` may read: every one for the Standing Committee and the office;
    otherwise those one of whose tasks they may read, and those they registered (a leader's
    document before its tasks are assigned)."""
    if roles.reads_everything(user):
        return Document.objects.all()
    if not user.is_authenticated:
        return Document.objects.none()
    with_visible_task = tasks_visible_to(user).filter(document_id__isnull=False).values("document_id")
    return Document.objects.filter(Q(pk__in=with_visible_task) | Q(created_by_id=user.pk))


def attachments_visible_to(user: AnyUser) -> QuerySet[Attachment]:
    """The files `user` may read, withdrawn or not: a task's when they may read the task,
    a document's when they may read the document. Any other is a 404, whoever knows its id."""
    if roles.reads_everything(user):
        return Attachment.objects.all()
    if not user.is_authenticated:
        return Attachment.objects.none()
    return Attachment.objects.filter(
        Q(task__in=tasks_visible_to(user).values("pk"))
        | Q(document__in=documents_visible_to(user).values("pk"))
    )


def events_visible_to(user: AnyUser) -> QuerySet[Event]:
    return Event.objects.filter(task__in=tasks_visible_to(user).values("pk"))


def sees_overdue_list(user: AnyUser) -> bool:
    """Who the list of unexplained overdue tasks is for: group leaders, the Standing
    Committee and the office."""
    if roles.reads_everything(user):
        return True
    member = roles.member_of(user)
    return member is not None and Group.objects.filter(leader=member).exists()


def unexplained_overdue(user: AnyUser) -> TaskQuerySet:
    """The open tasks with their owner, raised to the leader or the committee and not
    explained for their current due date (docs/rules.md, "Escalation"): of the groups the
    user leads, or of every group for the Standing Committee and the office, a leader's
    own groups first, then the longest overdue. One query, as cards."""
    tasks = tasks_visible_to(user)
    member = roles.member_of(user)
    if not roles.reads_everything(user):
        tasks = tasks.filter(group__leader=member)
    own_first = Case(When(group__leader=member, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        tasks.filter(status__in=OWNER_WORKS)
        .exclude(explained_for_due_date=F("due_date"))
        .for_cards()
        .filter(escalation__in=[Escalation.LEADER, Escalation.COMMITTEE])
        .alias(own_first=own_first)
        .order_by("own_first", "due_date", "group__number", "id")
    )
