"""What a user may do to a task right now, and why not: the buttons a page may draw.

The services decide (assignments/services.py); this module answers the same question
before anyone presses a button, so a page can disable "submit" and say which step is
missing instead of letting the owner find out by failing. It uses the services' own
checks in the services' order (who, then the state, then the action's preconditions),
the same `roles` functions and the same messages, imported from the services or with
the services' exact wording. It writes nothing and, given a task read with its steps,
coordinators and measurements prefetched (`task_for_policies`), queries nothing.

tests/assignments/test_policies.py runs every action for every role in every status
through both this module and the service, and fails where they disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments import roles, services
from assignments.choices import Status
from assignments.models import Group, Task, TaskStep
from assignments.roles import AnyUser

#: Every action on an existing task, in the order pages show them.
ACTIONS = (
    "start",
    "complete_step",
    "record_measurement",
    "submit",
    "pause",
    "resume",
    "accept",
    "return",
    "reassign",
    "extend",
    "cancel",
    "add_note",
    "edit",
)

#: Why no step can be ticked on a task whose steps are all completed.
ALL_STEPS_DONE = _("Every step is completed.")


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


Check = Callable[[AnyUser, Task], bool]


def _owner(user: AnyUser, task: Task) -> bool:
    return roles.is_owner(user, task)


def _owner_or_leader(user: AnyUser, task: Task) -> bool:
    return roles.is_owner(user, task) or roles.leads_group(user, task.group)


def _manager(user: AnyUser, task: Task) -> bool:
    return roles.manages(user, task)


def _not_owner(user: AnyUser, task: Task) -> bool:
    return not roles.is_owner(user, task)


def _note_writer(user: AnyUser, task: Task) -> bool:
    if roles.manages(user, task) or roles.is_owner(user, task):
        return True
    member = roles.member_of(user)
    # `.all()` reads the prefetched coordinators when the task was read with them.
    return member is not None and any(c.pk == member.pk for c in task.coordinators.all())


@dataclass(frozen=True)
class _Rule:
    #: Who may, checked in order; the first that fails gives its message.
    who: tuple[tuple[Check, Promise], ...]
    #: The states the action starts from; None: any state.
    states: frozenset[str] | None


_OPEN = frozenset(services.OPEN_STATUSES)

# The services' checks, one line per service (see each function in services.py).
_RULES: dict[str, _Rule] = {
    "start": _Rule(((_owner, services.ONLY_OWNER),), frozenset({Status.ASSIGNED})),
    "pause": _Rule(((_owner_or_leader, services.ONLY_OWNER_OR_LEADER),), frozenset({Status.IN_PROGRESS})),
    "resume": _Rule(((_owner_or_leader, services.ONLY_OWNER_OR_LEADER),), frozenset({Status.PAUSED})),
    "submit": _Rule(((_owner, services.ONLY_OWNER),), frozenset({Status.IN_PROGRESS})),
    "accept": _Rule(
        ((_manager, services.ONLY_MANAGER), (_not_owner, services.OWNER_CANNOT_ACCEPT)),
        frozenset({Status.SUBMITTED}),
    ),
    "return": _Rule(((_manager, services.ONLY_MANAGER),), frozenset({Status.SUBMITTED})),
    "cancel": _Rule(((_manager, services.ONLY_MANAGER),), _OPEN),
    "reassign": _Rule(((_manager, services.ONLY_MANAGER),), _OPEN),
    "extend": _Rule(((_manager, services.ONLY_MANAGER),), _OPEN),
    "complete_step": _Rule(((_owner, services.ONLY_OWNER),), frozenset({Status.IN_PROGRESS})),
    "record_measurement": _Rule(
        ((_owner, services.ONLY_OWNER),), frozenset({Status.IN_PROGRESS, Status.SUBMITTED})
    ),
    "add_note": _Rule(((_note_writer, services.ONLY_NOTE_WRITERS),), None),
    "edit": _Rule(((_manager, services.ONLY_MANAGER),), _OPEN),
}


def task_for_policies(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """What the answers read, fetched with the tasks: then `available_actions` queries nothing."""
    return tasks.select_related("group", "owner", "outcome").prefetch_related(
        Prefetch("steps", queryset=TaskStep.objects.order_by("order")),
        "coordinators",
        "outcome__measurements",
    )


def next_step(task: Task) -> TaskStep | None:
    """The first step not yet completed: the only one that may be ticked."""
    pending = [s for s in task.steps.all() if s.completed_at is None]
    return min(pending, key=lambda s: s.order) if pending else None


def _state_message(task: Task, action: str) -> str:
    # The services' wording (services._require_state), for the same message on a page.
    return _("Cannot %(action)s a task whose status is “%(status)s”.") % {
        "action": services.ACTION_LABELS[action],
        "status": task.get_status_display(),
    }


def _precondition(task: Task, action: str) -> tuple[str | Promise, str] | None:
    """What still stands in the way once who and state are right: (message, code)."""
    if action == "submit":
        step = next_step(task)
        if step is not None:
            return (
                _("Cannot submit yet: step “%(step)s” is not completed.") % {"step": step.name},
                "steps_incomplete",
            )
        if not task.outcome.measurements.all():
            return _("Cannot submit yet: record at least one measured value first."), "no_measurement"
    if action == "complete_step" and next_step(task) is None:
        return ALL_STEPS_DONE, "step_done"
    return None


def availability(user: AnyUser, task: Task, action: str) -> Availability:
    rule = _RULES[action]
    for check, message in rule.who:
        if not check(user, task):
            return Availability(
                action, permitted=False, allowed=False, reason=message, code="permission_denied"
            )
    if rule.states is not None and task.status not in rule.states:
        return Availability(
            action, permitted=True, allowed=False, reason=_state_message(task, action), code="invalid_state"
        )
    blocked = _precondition(task, action)
    if blocked is not None:
        return Availability(action, permitted=True, allowed=False, reason=blocked[0], code=blocked[1])
    return Availability(action, permitted=True, allowed=True)


def available_actions(user: AnyUser, task: Task) -> dict[str, Availability]:
    """Every action on `task` for `user`, by name (see ACTIONS)."""
    return {action: availability(user, task, action) for action in ACTIONS}


def may_assign_in(user: AnyUser, group: Group) -> Availability:
    """Whether `user` may create tasks in `group` (services.task_create's first check)."""
    if roles.is_staff(user) or roles.leads_group(user, group):
        return Availability("create", permitted=True, allowed=True)
    return Availability(
        "create",
        permitted=False,
        allowed=False,
        reason=services.ONLY_GROUP_MANAGER_CREATES,
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
