"""The task actions, each declared once (docs/rules.md, "Who does what").

For every action on an existing task, one `TaskAction` row says its name (the key the
API's `@action`s, the pages' forms and `policies` all use), its label (the verb in
"Cannot %(action)s a task whose status is …"), who may do it and the message when
they may not, the states it starts from, the state it ends in, the event it writes,
whether a reason is required, and what else must hold before it can be done.

`check()` is the one guard: the services call it after locking the row and checking
the version, in the order who (403), state (409), preconditions (409); `policies`
asks the same rows, without raising, to draw the buttons a user may press. Adding an
action is one row here, its service (assignments/services/) and its tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from assignments import clock, roles
from assignments.choices import OPEN_STATUSES, ApproverKind, AttachmentKind, EventKind, Status
from assignments.exceptions import DomainError, InvalidTransition, NotPermitted
from assignments.models import Attachment, Task, TaskStep
from assignments.roles import AnyUser

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

#: Every state but done and cancelled: where most actions may start from.
OPEN = OPEN_STATUSES


@dataclass(frozen=True)
class Who:
    """A role check and the 403 message naming who may; where who may depends on the task
    (its approver), `says` words the message for that task."""

    allows: Callable[[AnyUser, Task], bool]
    message: StrPromise
    says: Callable[[Task], str | StrPromise] | None = None

    def message_for(self, task: Task) -> str | StrPromise:
        return self.message if self.says is None else self.says(task)


@dataclass(frozen=True)
class Refusal:
    """Why an action cannot be done now: a person's message and a stable code."""

    message: str | StrPromise
    code: str


def _owner_or_leader(user: AnyUser, task: Task) -> bool:
    return roles.is_owner(user, task) or roles.leads_group(user, task.group)


def _note_writer(user: AnyUser, task: Task) -> bool:
    if roles.manages(user, task) or roles.is_owner(user, task):
        return True
    member = roles.member_of(user)
    # `.all()` reads the prefetched coordinators when the task was read with them.
    return member is not None and any(c.pk == member.pk for c in task.coordinators.all())


OWNER = Who(roles.is_owner, _("Only the task's owner may do this."))
MANAGER = Who(roles.manages, _("Only the group's leader or the committee office may do this."))
OWNER_OR_LEADER = Who(_owner_or_leader, _("Only the task's owner or the group's leader may do this."))


def approves(user: AnyUser, task: Task) -> bool:
    """Whether `user` holds the authority that accepts and returns `task` (rõ thẩm quyền):
    the group's leader or the office by default; any Standing Committee member (neither
    the office nor the leader as such) when the Standing Committee accepts; else only the
    named member."""
    if task.approver_kind == ApproverKind.STANDING_COMMITTEE:
        return roles.is_standing(user)
    if task.approver_kind == ApproverKind.STANDING_MEMBER:
        member = roles.member_of(user)
        return member is not None and member.pk == task.approver_id
    return roles.manages(user, task)


def _approver_says(task: Task) -> str | StrPromise:
    if task.approver_kind == ApproverKind.STANDING_COMMITTEE:
        return _("Only a Standing Committee member may accept or return this task.")
    if task.approver_kind == ApproverKind.STANDING_MEMBER and task.approver is not None:
        return _("Only %(name)s (Standing Committee) may accept or return this task.") % {
            "name": task.approver.full_name
        }
    return MANAGER.message


def _not_submitter_says(task: Task) -> str | StrPromise:
    if task.approver_kind == ApproverKind.STANDING_COMMITTEE:
        return _("The owner may not accept their own task; another Standing Committee member accepts it.")
    if task.approver_kind == ApproverKind.STANDING_MEMBER and task.approver is not None:
        return _("The owner may not accept their own task; %(name)s accepts it.") % {
            "name": task.approver.full_name
        }
    return NOT_OWN_TASK


NOT_OWN_TASK = _(
    "The owner may not accept their own task; the group's leader or the committee office accepts it."
)
#: Who accepts and returns the task: its approver (Task.approver_kind).
APPROVER = Who(approves, _("Only the task's approver may accept or return it."), _approver_says)
# "Never the owner" means never the person whose submission is accepted. Handing over a
# submitted task sends it back to in progress (task_reassign), so the one who submitted
# the work awaiting acceptance is always its current owner.
NOT_SUBMITTER = Who(lambda user, task: not roles.is_owner(user, task), NOT_OWN_TASK, _not_submitter_says)
NOTE_WRITER = Who(
    _note_writer,
    _("Only the owner, the coordinators, the group's leader or the committee office may add notes."),
)
FILE_WRITER = Who(
    _note_writer,
    _(
        "Only the owner, the coordinators, the group's leader or the committee office may attach or "
        "withdraw files."
    ),
)
STANDING = Who(
    lambda user, task: roles.is_standing(user),
    _("Only Standing Committee members may give directions."),
)

#: The 403 of `task_create`, which has no task yet and so no row below.
ONLY_GROUP_MANAGER_CREATES = _(
    "Only the group's leader or the committee office may assign tasks to the group."
)

#: Why no step can be ticked on a task whose steps are all completed.
ALL_STEPS_DONE = _("Every step is completed.")


def next_step(task: Task) -> TaskStep | None:
    """The first step not yet completed: the only one that may be ticked. Reads
    `task.steps.all()`, so a task read with its steps prefetched costs no query."""
    pending = [s for s in task.steps.all() if s.completed_at is None]
    return min(pending, key=lambda s: s.order) if pending else None


def _submit_blocked(task: Task) -> Refusal | None:
    step = next_step(task)
    if step is not None:
        return Refusal(
            _("Cannot submit yet: step “%(step)s” is not completed.") % {"step": step.name},
            "steps_incomplete",
        )
    if not task.outcome.measurements.all():
        return Refusal(_("Cannot submit yet: record at least one measured value first."), "no_measurement")
    if task.product_file_required and not product_files(task):
        return Refusal(
            _("Cannot submit yet: attach the product (%(kind)s: “%(description)s”) first.")
            % {"kind": task.get_product_kind_display(), "description": task.product_description},
            "product_missing",
        )
    return None


def current_files() -> Prefetch:
    """A task's files not withdrawn, read as `task.attachments.all()` (`product_files`)."""
    return Prefetch("attachments", queryset=Attachment.objects.current().order_by("uploaded_at", "id"))


def product_files(task: Task) -> list[Attachment]:
    """The task's current (not withdrawn) files of the kind `product`, oldest first. Reads
    `task.attachments.all()`, so a task read with its files prefetched costs no query."""
    return [a for a in task.attachments.all() if a.kind == AttachmentKind.PRODUCT and a.withdrawn_at is None]


def _step_blocked(task: Task) -> Refusal | None:
    return Refusal(ALL_STEPS_DONE, "step_done") if next_step(task) is None else None


#: Why an outcome measure can no longer be corrected.
ALREADY_MEASURED = _(
    "The outcome measure cannot be corrected: a measured value is already recorded against it."
)


def _measured(task: Task) -> Refusal | None:
    # A measured value was read against this indicator, unit and target: correcting them
    # now would change what the value means.
    return Refusal(ALREADY_MEASURED, "already_measured") if task.outcome.measurements.all() else None


#: Why a delay cannot be explained: the task is not overdue.
NOT_OVERDUE = _("Only an overdue task's delay can be explained.")


def _not_overdue(task: Task) -> Refusal | None:
    return Refusal(NOT_OVERDUE, "not_overdue") if task.due_date >= clock.today() else None


@dataclass(frozen=True)
class TaskAction:
    name: str
    label: StrPromise
    #: Who may, checked in order; the first that fails gives its message.
    who: tuple[Who, ...]
    #: The states the action starts from; None: any state.
    from_states: frozenset[str] | None
    #: The state it ends in; None: the status does not change.
    to_state: str | None
    event: EventKind
    reason_required: bool = False
    #: What else must hold, read from the task (with its steps and measurements).
    blocked: Callable[[Task], Refusal | None] | None = None

    def refusal(self, user: AnyUser, task: Task) -> tuple[type[DomainError], Refusal] | None:
        """Why `user` may not do this to `task` now, or None (input not considered)."""
        for who in self.who:
            if not who.allows(user, task):
                return NotPermitted, Refusal(who.message_for(task), NotPermitted.code)
        if self.from_states is not None and task.status not in self.from_states:
            return InvalidTransition, Refusal(self.state_message(task), InvalidTransition.code)
        if self.blocked is not None:
            refusal = self.blocked(task)
            if refusal is not None:
                return InvalidTransition, refusal
        return None

    def state_message(self, task: Task) -> str:
        return _("Cannot %(action)s a task whose status is “%(status)s”.") % {
            "action": self.label,
            "status": task.get_status_display(),
        }


_ACTIONS = (
    TaskAction(
        "start", _("start"), (OWNER,), frozenset({Status.ASSIGNED}), Status.IN_PROGRESS, EventKind.STARTED
    ),
    TaskAction(
        "complete_step",
        _("complete a step of"),
        (OWNER,),
        frozenset({Status.IN_PROGRESS}),
        None,
        EventKind.STEP_COMPLETED,
        blocked=_step_blocked,
    ),
    TaskAction(
        "record_measurement",
        _("record a measurement for"),
        (OWNER,),
        frozenset({Status.IN_PROGRESS, Status.SUBMITTED}),
        None,
        EventKind.MEASUREMENT_RECORDED,
    ),
    TaskAction(
        "submit",
        _("submit"),
        (OWNER,),
        frozenset({Status.IN_PROGRESS}),
        Status.SUBMITTED,
        EventKind.SUBMITTED,
        blocked=_submit_blocked,
    ),
    TaskAction(
        "pause",
        _("pause"),
        (OWNER_OR_LEADER,),
        frozenset({Status.IN_PROGRESS}),
        Status.PAUSED,
        EventKind.PAUSED,
        reason_required=True,
    ),
    TaskAction(
        "resume",
        _("resume"),
        (OWNER_OR_LEADER,),
        frozenset({Status.PAUSED}),
        Status.IN_PROGRESS,
        EventKind.RESUMED,
    ),
    TaskAction(
        "accept",
        _("accept"),
        (APPROVER, NOT_SUBMITTER),
        frozenset({Status.SUBMITTED}),
        Status.DONE,
        EventKind.ACCEPTED,
    ),
    TaskAction(
        "return",
        _("return"),
        (APPROVER,),
        frozenset({Status.SUBMITTED}),
        Status.IN_PROGRESS,
        EventKind.RETURNED,
        reason_required=True,
    ),
    # A submitted task handed over goes back to in progress (see NOT_SUBMITTER).
    TaskAction(
        "reassign", _("hand over"), (MANAGER,), OPEN, None, EventKind.REASSIGNED, reason_required=True
    ),
    TaskAction("extend", _("extend"), (MANAGER,), OPEN, None, EventKind.EXTENDED, reason_required=True),
    TaskAction(
        "cancel", _("cancel"), (MANAGER,), OPEN, Status.CANCELLED, EventKind.CANCELLED, reason_required=True
    ),
    TaskAction("add_note", _("add a note to"), (NOTE_WRITER,), None, None, EventKind.NOTE_ADDED),
    # A note of the kind "direction" (ý kiến chỉ đạo): the Standing Committee, on any task.
    TaskAction(
        "give_direction", _("give a direction on"), (STANDING,), None, None, EventKind.DIRECTION_GIVEN
    ),
    TaskAction("edit", _("edit"), (MANAGER,), OPEN, None, EventKind.EDITED),
    TaskAction(
        "change_coordinators",
        _("change the coordinators of"),
        (MANAGER,),
        OPEN,
        None,
        EventKind.COORDINATORS_CHANGED,
    ),
    TaskAction(
        "change_watchers", _("change the watchers of"), (MANAGER,), OPEN, None, EventKind.WATCHERS_CHANGED
    ),
    # The owner explains a delay (giải trình): a reason and a proposed new due date, which
    # the leader then grants by extending, or not (docs/rules.md, "Escalation").
    TaskAction(
        "explain",
        _("explain the delay of"),
        (OWNER,),
        OPEN,
        None,
        EventKind.EXPLAINED,
        reason_required=True,
        blocked=_not_overdue,
    ),
    TaskAction(
        "correct_outcome",
        _("correct the outcome measure of"),
        (MANAGER,),
        OPEN,
        None,
        EventKind.OUTCOME_CORRECTED,
        reason_required=True,
        blocked=_measured,
    ),
    # Files: evidence, the product, anything else, on the task or one of its records. A file
    # is never deleted, only withdrawn with a reason (docs/rules.md, "Files"); the service
    # also lets only its uploader, the group's leader or the office withdraw it.
    TaskAction("attach_file", _("attach a file to"), (FILE_WRITER,), OPEN, None, EventKind.FILE_ATTACHED),
    TaskAction(
        "withdraw_file",
        _("withdraw a file of"),
        (FILE_WRITER,),
        OPEN,
        None,
        EventKind.FILE_WITHDRAWN,
        reason_required=True,
    ),
)

#: Every action on an existing task, by name, in the order the pages show them.
ACTIONS: dict[str, TaskAction] = {action.name: action for action in _ACTIONS}


def check(name: str, user: AnyUser, task: Task) -> TaskAction:
    """Raise the action's refusal (NotPermitted: 403, InvalidTransition: 409), or
    answer its row for the service to carry out."""
    action = ACTIONS[name]
    refused = action.refusal(user, task)
    if refused is not None:
        error, refusal = refused
        raise error(refusal.message, code=refusal.code)
    return action
