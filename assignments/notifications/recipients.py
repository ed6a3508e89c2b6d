"""Who is told at once of an event, and as what kind (docs/rules.md, "Told at once").

The actor is never told of their own action, and nobody is told of a task they may not
read (the visibility rules of assignments/selectors.py decide, person by person).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User

from assignments.choices import EventKind, NotificationKind
from assignments.models import Event, Member, Task

MemberPicker = Callable[[Task, Event], Iterable[Member | None]]


def _owner(task: Task, event: Event) -> Iterable[Member | None]:
    return [task.owner]


def _leader(task: Task, event: Event) -> Iterable[Member | None]:
    return [task.group.leader]


def _previous_owner(task: Task, event: Event) -> Iterable[Member | None]:
    previous = (event.data.get("from_owner") or {}).get("id")
    return [Member.objects.filter(pk=previous).select_related("user").first()] if previous else []


def _followers(task: Task, event: Event) -> Iterable[Member | None]:
    """The coordinators and watchers: told of what changes the task's course."""
    return [*task.coordinators.select_related("user"), *task.watchers.select_related("user")]


@dataclass(frozen=True)
class Rule:
    kind: NotificationKind
    who: MemberPicker


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
        Rule(NotificationKind.HANDED_AWAY, _previous_owner),
    ),
    EventKind.RETURNED: (Rule(NotificationKind.RETURNED, _owner),),
    EventKind.ACCEPTED: (Rule(NotificationKind.ACCEPTED, _owner),),
    EventKind.EXTENDED: (Rule(NotificationKind.EXTENDED, _owner),),
    EventKind.SUBMITTED: (Rule(NotificationKind.SUBMITTED, _leader),),
    EventKind.EXPLAINED: (Rule(NotificationKind.EXPLAINED, _leader),),
    EventKind.DIRECTION_GIVEN: (Rule(NotificationKind.DIRECTION, _owner),),
}
for _kind in _FOLLOWED:
    AT_ONCE[_kind] = (*AT_ONCE.get(_kind, ()), Rule(NotificationKind.UPDATED, _followers))


def told_of(event: Event) -> list[tuple[User, NotificationKind]]:
    """The people to tell of `event` and as what, each person once (their first rule)."""
    from assignments.selectors import tasks_visible_to

    rules = AT_ONCE.get(event.kind, ())
    if not rules:
        return []
    task = event.task
    told: dict[int, tuple[User, NotificationKind]] = {}
    for rule in rules:
        for member in rule.who(task, event):
            if member is None or not member.active or member.user_id in told:
                continue
            user = member.user
            if user.pk == event.actor_id or not user.is_active:
                continue
            if not tasks_visible_to(user).filter(pk=task.pk).exists():
                continue
            told[user.pk] = (user, rule.kind)
    return list(told.values())
