"""Every write that changes a task's state (STYLE.md: services).

Each service is one transaction that locks the task row, checks in this order
the client's version (412), who may act (403), the state (409) and the input (400),
then changes the task, bumps `version`, sets `updated_at` and writes exactly one
event. On PostgreSQL the lock is `SELECT ... FOR UPDATE`; on SQLite the database
opens every transaction with `BEGIN IMMEDIATE` (settings), which serialises writers
the same way. So of two racing calls where only one may succeed, the second sees
the first one's result and fails cleanly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits, roles
from assignments.choices import Direction, EventKind, Priority, Status
from assignments.exceptions import InvalidTransition, NotPermitted, VersionMismatch
from assignments.models import (
    Event,
    Group,
    Measurement,
    Member,
    Note,
    Outcome,
    Process,
    Target,
    Task,
    TaskStep,
    Ward,
)
from assignments.text import format_date

User = AbstractBaseUser

# Who may: the messages a 403 answers with, naming who may do the action.
ONLY_OWNER = _("Only the task's owner may do this.")
ONLY_MANAGER = _("Only the group's leader or the committee office may do this.")
ONLY_OWNER_OR_LEADER = _("Only the task's owner or the group's leader may do this.")
OWNER_CANNOT_ACCEPT = _(
    "The owner may not accept their own task; the group's leader or the committee office accepts it."
)
ONLY_NOTE_WRITERS = _(
    "Only the owner, the coordinators, the group's leader or the committee office may add notes."
)
ONLY_GROUP_MANAGER_CREATES = _(
    "Only the group's leader or the committee office may assign tasks to the group."
)

REASON_REQUIRED = _("A reason is required.")
REQUIRED = _("This field is required.")

ACTION_LABELS: dict[str, Promise] = {
    "start": _("start"),
    "pause": _("pause"),
    "resume": _("resume"),
    "submit": _("submit"),
    "accept": _("accept"),
    "return": _("return"),
    "cancel": _("cancel"),
    "reassign": _("hand over"),
    "extend": _("extend"),
    "complete_step": _("complete a step of"),
    "record_measurement": _("record a measurement for"),
    "edit": _("edit"),
}

OPEN_STATUSES = frozenset(set(Status) - {Status.DONE, Status.CANCELLED})

#: Content fields a leader may edit (DOMAIN.md); never status, owner or due date.
EDITABLE_FIELDS = ("title", "description", "ward", "priority", "source", "target")


class OutcomeSpec(TypedDict, total=False):
    indicator: str
    unit: str
    baseline: Decimal | int | float | str | None
    target: Decimal | int | float | str
    direction: str


class ContentChanges(TypedDict, total=False):
    title: str
    description: str
    ward: Ward | None
    priority: str
    source: str
    target: Target | None


# --------------------------------------------------------------------------- helpers


def _lock(task: Task | int) -> Task:
    pk = task.pk if isinstance(task, Task) else task
    # Lock the row alone, then read it with its group and owner. A locking SELECT that
    # joins the owner makes PostgreSQL, after waiting for a racing handover, re-check the
    # join against the new row with the old owner: no row, and the task seems gone.
    Task.objects.select_for_update().filter(pk=pk).values_list("pk").get()
    return Task.objects.select_related("group", "owner").get(pk=pk)


def _check_version(task: Task, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != task.version:
        raise VersionMismatch(current=task.version)


def _require(allowed: bool, message: Promise) -> None:
    if not allowed:
        raise NotPermitted(message)


def _require_state(task: Task, action: str, allowed: Iterable[str]) -> None:
    if task.status not in allowed:
        raise InvalidTransition(
            _("Cannot %(action)s a task whose status is “%(status)s”.")
            % {"action": ACTION_LABELS[action], "status": task.get_status_display()}
        )


def _reason(value: str | None, field: str = "note") -> str:
    text = limits.clean_text(value, field)
    if not text:
        raise ValidationError({field: [REASON_REQUIRED]}, code="required")
    return text


def _record(
    task: Task,
    *,
    actor: User,
    kind: EventKind,
    fields: Iterable[str] = (),
    from_status: str = "",
    note: str = "",
    data: Mapping[str, Any] | None = None,
) -> Event:
    """Save the changed fields, bump the version and append the one event."""
    moment = clock.now()
    task.version += 1
    task.updated_at = moment
    task.save(update_fields=[*fields, "version", "updated_at"])
    return Event.objects.create(
        task=task,
        kind=kind,
        actor=actor,
        at=moment,
        from_status=from_status,
        to_status=task.status,
        note=note,
        data=dict(data or {}),
    )


def _transition(
    task: Task,
    *,
    actor: User,
    kind: EventKind,
    to: Status,
    note: str = "",
    extra_fields: Iterable[str] = (),
) -> Task:
    from_status = task.status
    task.status = to
    _record(
        task,
        actor=actor,
        kind=kind,
        fields=["status", *extra_fields],
        from_status=from_status,
        note=note,
    )
    return task


def _member_brief(member: Member) -> dict[str, Any]:
    return {"id": member.pk, "name": member.full_name}


# --------------------------------------------------------------------------- create


@transaction.atomic
def task_create(
    *,
    actor: User,
    title: str,
    description: str,
    group: Group | None,
    owner: Member | None,
    process: Process | None,
    start_date: dt.date | None,
    due_date: dt.date | None,
    outcome: OutcomeSpec | None,
    ward: Ward | None = None,
    priority: str = Priority.NORMAL,
    source: str = "",
    coordinators: Iterable[Member] = (),
    target: Target | None = None,
) -> Task:
    """Assign a task that has all five "rõ"; a missing one is a 400 naming the field."""
    if group is not None:
        _require(roles.is_staff(actor) or roles.leads_group(actor, group), ONLY_GROUP_MANAGER_CREATES)

    errors: dict[str, list[Promise | str]] = {}
    title = limits.clean_text(title, "title", errors=errors)
    description = limits.clean_text(description, "description", errors=errors)
    source = limits.clean_text(source, "source", errors=errors)
    coordinators = list(coordinators)

    if not title:
        errors["title"] = [REQUIRED]
    if not description:
        errors["description"] = [_("Describe the work to be done (clear task).")]
    if group is None:
        errors["group"] = [_("Choose the committee group responsible.")]
    if owner is None:
        errors["owner"] = [_("Every task needs exactly one owner (clear person).")]
    elif group is not None and not (owner.active and group.members.filter(pk=owner.pk).exists()):
        errors["owner"] = [_("The owner must be an active member of the group.")]
    if ward is not None and group is not None:
        if not group.wards.filter(pk=ward.pk).exists():
            errors["ward"] = [_("The ward must be one of the group's wards.")]
        elif not ward.active:
            errors["ward"] = [_("This ward is no longer active.")]
    if process is None:
        errors["process"] = [_("Choose the process to follow (clear process).")]
    elif not process.active:
        errors["process"] = [_("This process is no longer in use.")]
    elif not process.steps.exists():
        errors["process"] = [_("The process must have at least one step.")]
    if start_date is None:
        errors["start_date"] = [REQUIRED]
    if due_date is None:
        errors["due_date"] = [_("A due date is required (clear deadline).")]
    elif start_date is not None and due_date < start_date:
        errors["due_date"] = [_("The due date cannot be before the start date.")]
    limits.check_date_in_window(start_date, "start_date", errors)
    limits.check_date_in_window(due_date, "due_date", errors)
    if priority not in Priority.values:
        errors["priority"] = [_("The priority is not valid.")]
    if owner is not None and any(c.pk == owner.pk for c in coordinators):
        errors["coordinators"] = [_("The owner cannot also be a coordinator.")]
    elif any(not c.active for c in coordinators):
        errors["coordinators"] = [_("Coordinators must be active members.")]

    outcome_values: dict[str, Any] = {}
    if not outcome:
        errors["outcome"] = [_("An outcome measure is required (clear outcome).")]
    else:
        for field in ("indicator", "unit"):
            text = limits.clean_text(outcome.get(field), f"outcome.{field}", errors=errors)
            if not text:
                errors[f"outcome.{field}"] = [REQUIRED]
            outcome_values[field] = text
        direction = outcome.get("direction") or Direction.INCREASE
        if direction not in Direction.values:
            errors["outcome.direction"] = [_("Direction must be “increase” or “decrease”.")]
        outcome_values["direction"] = direction
        for field, required in (("target", True), ("baseline", False)):
            raw = outcome.get(field)
            if raw is None or raw == "":
                if required:
                    errors[f"outcome.{field}"] = [REQUIRED]
                outcome_values[field] = None
                continue
            try:
                outcome_values[field] = limits.parse_decimal(raw, f"outcome.{field}")
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)

    assert group is not None and owner is not None and process is not None  # for the checker
    moment = clock.now()
    task = Task.objects.create(
        title=title,
        description=description,
        group=group,
        ward=ward,
        source=source,
        priority=priority,
        start_date=start_date,
        due_date=due_date,
        original_due_date=due_date,
        owner=owner,
        assigned_by=actor,
        process=process,
        target=target,
        status=Status.ASSIGNED,
        created_at=moment,
        updated_at=moment,
    )
    TaskStep.objects.bulk_create(
        TaskStep(task=task, order=s.order, name=s.name, expected_days=s.expected_days)
        for s in process.steps.order_by("order")
    )
    Outcome.objects.create(task=task, **outcome_values)
    if coordinators:
        task.coordinators.set(coordinators)
    Event.objects.create(
        task=task,
        kind=EventKind.CREATED,
        actor=actor,
        at=moment,
        to_status=Status.ASSIGNED,
        data={"owner": _member_brief(owner), "due_date": due_date.isoformat()},
    )
    return task


# --------------------------------------------------------------------------- status


@transaction.atomic
def task_start(*, task: Task | int, actor: User, expected_version: int | None = None) -> Task:
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.is_owner(actor, task), ONLY_OWNER)
    _require_state(task, "start", {Status.ASSIGNED})
    return _transition(task, actor=actor, kind=EventKind.STARTED, to=Status.IN_PROGRESS)


@transaction.atomic
def task_pause(*, task: Task | int, actor: User, note: str, expected_version: int | None = None) -> Task:
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.is_owner(actor, task) or roles.leads_group(actor, task.group), ONLY_OWNER_OR_LEADER)
    _require_state(task, "pause", {Status.IN_PROGRESS})
    reason = _reason(note)
    return _transition(task, actor=actor, kind=EventKind.PAUSED, to=Status.PAUSED, note=reason)


@transaction.atomic
def task_resume(
    *, task: Task | int, actor: User, note: str = "", expected_version: int | None = None
) -> Task:
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.is_owner(actor, task) or roles.leads_group(actor, task.group), ONLY_OWNER_OR_LEADER)
    _require_state(task, "resume", {Status.PAUSED})
    return _transition(
        task, actor=actor, kind=EventKind.RESUMED, to=Status.IN_PROGRESS, note=limits.clean_text(note, "note")
    )


@transaction.atomic
def task_submit(
    *, task: Task | int, actor: User, note: str = "", expected_version: int | None = None
) -> Task:
    """The owner reports the work done: every step ticked, at least one measurement."""
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.is_owner(actor, task), ONLY_OWNER)
    _require_state(task, "submit", {Status.IN_PROGRESS})
    pending = task.steps.filter(completed_at__isnull=True).order_by("order").first()
    if pending is not None:
        raise InvalidTransition(
            _("Cannot submit yet: step “%(step)s” is not completed.") % {"step": pending.name},
            code="steps_incomplete",
        )
    if not Measurement.objects.filter(outcome__task=task).exists():
        raise InvalidTransition(
            _("Cannot submit yet: record at least one measured value first."),
            code="no_measurement",
        )
    task.submitted_at = clock.now()
    return _transition(
        task,
        actor=actor,
        kind=EventKind.SUBMITTED,
        to=Status.SUBMITTED,
        note=limits.clean_text(note, "note"),
        extra_fields=["submitted_at"],
    )


@transaction.atomic
def task_accept(
    *, task: Task | int, actor: User, note: str = "", expected_version: int | None = None
) -> Task:
    """Accept submitted work; it counts as completed when it was submitted."""
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.manages(actor, task), ONLY_MANAGER)
    _require(not roles.is_owner(actor, task), OWNER_CANNOT_ACCEPT)
    _require_state(task, "accept", {Status.SUBMITTED})
    task.completed_at = task.submitted_at
    return _transition(
        task,
        actor=actor,
        kind=EventKind.ACCEPTED,
        to=Status.DONE,
        note=limits.clean_text(note, "note"),
        extra_fields=["completed_at"],
    )


@transaction.atomic
def task_return(*, task: Task | int, actor: User, note: str, expected_version: int | None = None) -> Task:
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.manages(actor, task), ONLY_MANAGER)
    _require_state(task, "return", {Status.SUBMITTED})
    reason = _reason(note)
    task.submitted_at = None
    return _transition(
        task,
        actor=actor,
        kind=EventKind.RETURNED,
        to=Status.IN_PROGRESS,
        note=reason,
        extra_fields=["submitted_at"],
    )


@transaction.atomic
def task_cancel(*, task: Task | int, actor: User, note: str, expected_version: int | None = None) -> Task:
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.manages(actor, task), ONLY_MANAGER)
    _require_state(task, "cancel", OPEN_STATUSES)
    reason = _reason(note)
    return _transition(task, actor=actor, kind=EventKind.CANCELLED, to=Status.CANCELLED, note=reason)


# --------------------------------------------------------------------------- owner, deadline


@transaction.atomic
def task_reassign(
    *,
    task: Task | int,
    actor: User,
    owner: Member | None,
    reason: str,
    expected_version: int | None = None,
) -> Task:
    """Hand the task over to another member of the group; the one owner changes."""
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.manages(actor, task), ONLY_MANAGER)
    _require_state(task, "reassign", OPEN_STATUSES)
    if owner is None:
        raise ValidationError({"owner": [REQUIRED]})
    if owner.pk == task.owner_id:
        raise ValidationError({"owner": [_("The new owner must differ from the current owner.")]})
    if not (owner.active and task.group.members.filter(pk=owner.pk).exists()):
        raise ValidationError({"owner": [_("The new owner must be an active member of the group.")]})
    text = _reason(reason, "reason")
    previous = task.owner
    task.owner = owner
    # One person, one role on a task: the new owner stops being a coordinator.
    task.coordinators.remove(owner)
    _record(
        task,
        actor=actor,
        kind=EventKind.REASSIGNED,
        fields=["owner"],
        from_status=task.status,
        note=text,
        data={"from_owner": _member_brief(previous), "to_owner": _member_brief(owner)},
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
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.manages(actor, task), ONLY_MANAGER)
    _require_state(task, "extend", OPEN_STATUSES)
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
    text = _reason(reason, "reason")
    previous = task.due_date
    task.due_date = due_date
    _record(
        task,
        actor=actor,
        kind=EventKind.EXTENDED,
        fields=["due_date"],
        from_status=task.status,
        note=text,
        data={"from_due_date": previous.isoformat(), "to_due_date": due_date.isoformat()},
    )
    return task


# --------------------------------------------------------------------------- the work


@transaction.atomic
def task_complete_step(
    *,
    task: Task | int,
    step: TaskStep | int,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
) -> Task:
    """Tick the next step; steps are done in their order."""
    task = _lock(task)
    step_pk = step.pk if isinstance(step, TaskStep) else step
    step = task.steps.get(pk=step_pk)  # another task's step: DoesNotExist, a 404
    _check_version(task, expected_version)
    _require(roles.is_owner(actor, task), ONLY_OWNER)
    _require_state(task, "complete_step", {Status.IN_PROGRESS})
    if step.completed_at is not None:
        raise InvalidTransition(
            _("Step “%(step)s” is already completed.") % {"step": step.name}, code="step_done"
        )
    following = task.steps.filter(completed_at__isnull=True).order_by("order").first()
    if following is not None and following.pk != step.pk:
        raise InvalidTransition(
            _("Steps are completed in order: the next step is “%(step)s”.") % {"step": following.name},
            code="step_out_of_order",
        )
    text = limits.clean_text(note, "note")
    step.completed_at = clock.now()
    step.completed_by = actor
    step.note = text
    step.save(update_fields=["completed_at", "completed_by", "note"])
    _record(
        task,
        actor=actor,
        kind=EventKind.STEP_COMPLETED,
        from_status=task.status,
        note=text,
        data={"step": {"id": step.pk, "order": step.order, "name": step.name}},
    )
    return task


@transaction.atomic
def measurement_record(
    *,
    task: Task | int,
    actor: User,
    value: Decimal | int | float | str | None,
    measured_on: dt.date | None,
    note: str = "",
    expected_version: int | None = None,
) -> Measurement:
    """Log a measured value of the task's outcome, with its evidence."""
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.is_owner(actor, task), ONLY_OWNER)
    _require_state(task, "record_measurement", {Status.IN_PROGRESS, Status.SUBMITTED})
    errors: dict[str, list[Promise | str]] = {}
    number = None
    if value is None or value == "":
        errors["value"] = [REQUIRED]
    else:
        try:
            number = limits.parse_decimal(value, "value")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if measured_on is None:
        errors["measured_on"] = [REQUIRED]
    elif measured_on > clock.today():
        errors["measured_on"] = [_("The measurement date cannot be in the future.")]
    limits.check_date_in_window(measured_on, "measured_on", errors)
    evidence = limits.clean_text(note, "note", errors=errors)
    if errors:
        raise ValidationError(errors)
    outcome = Outcome.objects.select_for_update().get(task=task)
    measurement = Measurement.objects.create(
        outcome=outcome,
        value=number,
        measured_on=measured_on,
        note=evidence,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    latest = outcome.measurements.order_by("-measured_on", "-id").first()
    outcome.actual = latest.value if latest else None
    outcome.save(update_fields=["actual"])
    _record(
        task,
        actor=actor,
        kind=EventKind.MEASUREMENT_RECORDED,
        from_status=task.status,
        note=measurement.note,
        data={
            "measurement": measurement.pk,
            "value": str(measurement.value),
            "measured_on": measured_on.isoformat(),
        },
    )
    return measurement


@transaction.atomic
def note_add(*, task: Task | int, actor: User, text: str, expected_version: int | None = None) -> Note:
    task = _lock(task)
    _check_version(task, expected_version)
    member = roles.member_of(actor)
    _require(
        roles.manages(actor, task)
        or roles.is_owner(actor, task)
        or (member is not None and task.coordinators.filter(pk=member.pk).exists()),
        ONLY_NOTE_WRITERS,
    )
    body = limits.clean_text(text, "text")
    if not body:
        raise ValidationError({"text": [REQUIRED]})
    note = Note.objects.create(task=task, author=actor, text=body, created_at=clock.now())
    _record(
        task,
        actor=actor,
        kind=EventKind.NOTE_ADDED,
        from_status=task.status,
        note=body,
        data={"note": note.pk},
    )
    return note


@transaction.atomic
def task_edit(
    *,
    task: Task | int,
    actor: User,
    changes: ContentChanges,
    expected_version: int | None = None,
) -> Task:
    """Edit content fields. A request that changes nothing writes nothing."""
    task = _lock(task)
    _check_version(task, expected_version)
    _require(roles.manages(actor, task), ONLY_MANAGER)
    _require_state(task, "edit", OPEN_STATUSES)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be edited.")] for name in sorted(unknown)})
    errors: dict[str, list[Promise | str]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("title", "description", "source"):
            value = limits.clean_text(value, name, errors=errors)
            if not value and name != "source":
                errors[name] = [REQUIRED]
        elif name == "priority" and value not in Priority.values:
            errors[name] = [_("The priority is not valid.")]
        elif name == "ward" and value is not None and not task.group.wards.filter(pk=value.pk).exists():
            errors[name] = [_("The ward must be one of the group's wards.")]
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in cleaned.items() if getattr(task, name) != value]
    if not changed:
        return task
    for name in changed:
        setattr(task, name, cleaned[name])
    _record(
        task,
        actor=actor,
        kind=EventKind.EDITED,
        fields=changed,
        from_status=task.status,
        data={"fields": changed},
    )
    return task
