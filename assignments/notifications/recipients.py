"""Who is told at once of an event, and as what kind (docs/rules.md, "Told at once").

The actor is never told of their own action, and nobody is told of a task they may not
read (the visibility rules of assignments/selectors.py decide, person by person).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User

from assignments.choices import ApproverKind, EventKind, NotificationKind
from assignments.models import Event, Member, Task

MemberPicker = Callable[[Task, Event], Iterable[int | None]]


def _owner(task: Task, event: Event) -> Iterable[int | None]:
    return [task.owner_id]


def _leader(task: Task, event: Event) -> Iterable[int | None]:
    return [task.group.leader_id]


def _approvers(task: Task, event: Event) -> Iterable[int | None]:
    """Who accepts the task (rõ thẩm quyền): its group's leader by default, else the named
    Standing Committee member, or every Standing Committee member (the actor, who never
    accepts their own work, is left out by `told_of`)."""
    if task.approver_kind == ApproverKind.STANDING_MEMBER:
        return [task.approver_id]
    if task.approver_kind == ApproverKind.STANDING_COMMITTEE:
        standing = Member.objects.filter(is_standing=True, active=True)
        return standing.order_by("pk").values_list("pk", flat=True)
    return [task.group.leader_id]


def _previous_owner(task: Task, event: Event) -> Iterable[int | None]:
    return [(event.data.get("from_owner") or {}).get("id")]


def _followers(task: Task, event: Event) -> Iterable[int | None]:
    """The coordinators and watchers: told of what changes the task's course."""
    coordinators = Task.coordinators.through.objects.filter(task_id=task.pk).values_list(
        "member_id", flat=True
    )
    watchers = Task.watchers.through.objects.filter(task_id=task.pk).values_list("member_id", flat=True)
    return coordinators.union(watchers, all=True)


@dataclass(frozen=True)
class Rule:
    kind: NotificationKind
    who: MemberPicker
    #: Whether the people picked always read the task (its owner, leader, coordinators and
    #: watchers do, by the visibility rules); if not, each is checked.
    always_reads: bool = True


#: What the followers hear about: the task's course, not each step or measurement.
_FOLLOWED = (
    EventKind.SUBMITTED,
    EventKind.ACCEPTED,
    EventKind.RETURNED,
    EventKind.EXTENDED,
    EventKind.REASSIGNED,
    EventKind.CANCELLED,
    EventKind.PAUSED,
    EventKind.RESUMED,
    EventKind.DIRECTION_GIVEN,
    EventKind.EXPLAINED,
)

AT_ONCE: dict[str, tuple[Rule, ...]] = {
    EventKind.CREATED: (Rule(NotificationKind.ASSIGNED, _owner),),
    EventKind.REASSIGNED: (
        Rule(NotificationKind.HANDED_TO_YOU, _owner),
        # No longer the owner: told only while they may still read the task.
        Rule(NotificationKind.HANDED_AWAY, _previous_owner, always_reads=False),
    ),
    EventKind.RETURNED: (Rule(NotificationKind.RETURNED, _owner),),
    EventKind.ACCEPTED: (Rule(NotificationKind.ACCEPTED, _owner),),
    EventKind.EXTENDED: (Rule(NotificationKind.EXTENDED, _owner),),
    EventKind.SUBMITTED: (Rule(NotificationKind.SUBMITTED, _approvers),),
    EventKind.EXPLAINED: (Rule(NotificationKind.EXPLAINED, _leader),),
    EventKind.DIRECTION_GIVEN: (Rule(NotificationKind.DIRECTION, _owner),),
}
for _kind in _FOLLOWED:
    AT_ONCE[_kind] = (*AT_ONCE.get(_kind, ()), Rule(NotificationKind.UPDATED, _followers))


def told_of(event: Event) -> list[tuple[User, NotificationKind]]:
    """The people to tell of `event` and as what, each person once (their first rule), in
    a few queries whatever their number: the followers' ids, then the people."""
    from assignments.selectors import tasks_visible_to

    rules = AT_ONCE.get(event.kind, ())
    if not rules:
        return []
    task = event.task
    picked: list[tuple[int, Rule]] = [
        (member_id, rule) for rule in rules for member_id in rule.who(task, event) if member_id is not None
    ]
    if not picked:
        return []
    members = {
        m.pk: m
        for m in Member.objects.filter(
            pk__in={pk for pk, _ in picked}, active=True, user__is_active=True
        ).select_related("user")
    }
    told: dict[int, tuple[User, NotificationKind]] = {}
    for member_id, rule in picked:
        member = members.get(member_id)
        if member is None or member.user_id in told or member.user_id == event.actor_id:
            continue
        if not rule.always_reads and not tasks_visible_to(member.user).filter(pk=task.pk).exists():
            continue
        told[member.user_id] = (member.user, rule.kind)
    return list(told.values())
