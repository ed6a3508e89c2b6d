"""Assigning a task with its five "rõ", editing its content, correcting its outcome measure
(docs/rules.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits, roles, selectors
from assignments.actions import ONLY_GROUP_MANAGER_CREATES
from assignments.choices import Direction, EventKind, Priority, Status
from assignments.exceptions import NotPermitted
from assignments.models import (
    Document,
    Event,
    Group,
    Member,
    Outcome,
    Process,
    Target,
    Task,
    TaskStep,
    Ward,
)
from assignments.services.base import (
    REQUIRED,
    User,
    begin,
    decimal,
    event_written,
    member_brief,
    record,
    require_reason,
)

#: Content fields a leader may edit (docs/rules.md); never status, owner or due date.
EDITABLE_FIELDS = ("title", "description", "ward", "priority", "source", "target", "document")

#: The outcome's fields a leader may correct before anything is measured (correct_outcome).
CORRECTABLE_OUTCOME_FIELDS = ("indicator", "unit", "baseline", "target", "direction")


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
    document: Document | None


#: A task points only at a document its assigner may read (selectors.documents_visible_to).
DOCUMENT_NOT_READABLE = _("Choose a registered document you may read.")


def _check_document(actor: User, document: Document | None, errors: dict[str, list[Promise | str]]) -> None:
    if document is not None and not selectors.documents_visible_to(actor).filter(pk=document.pk).exists():
        errors["document"] = [DOCUMENT_NOT_READABLE]


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
    document: Document | None = None,
) -> Task:
    """Assign a task that has all five "rõ"; a missing one is a 400 naming the field."""
    if group is not None and not roles.assigns_in(actor, group):
        raise NotPermitted(ONLY_GROUP_MANAGER_CREATES)

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
    _check_document(actor, document, errors)
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
                outcome_values[field] = decimal(raw, f"outcome.{field}")
            except ValidationError as exc:
                # Lists of str, only read from here on: no Promise is added to them.
                errors.update(exc.message_dict)  # type: ignore[arg-type]
    if errors:
        raise ValidationError(errors)

    assert group is not None and owner is not None and process is not None  # for the checker
    assert start_date is not None and due_date is not None
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
        document=document,
        status=Status.ASSIGNED,
        created_at=moment,
        updated_at=moment,
        search_text=Task.search_text_for(title=title, description=description, owner=owner, ward=ward),
    )
    TaskStep.objects.bulk_create(
        TaskStep(task=task, order=s.order, name=s.name, expected_days=s.expected_days)
        for s in process.steps.order_by("order")
    )
    Outcome.objects.create(task=task, **outcome_values)
    if coordinators:
        task.coordinators.set(coordinators)
    event_written(
        Event.objects.create(
            task=task,
            kind=EventKind.CREATED,
            actor=actor,
            at=moment,
            to_status=Status.ASSIGNED,
            data={"owner": member_brief(owner), "due_date": due_date.isoformat()},
        )
    )
    return task


@transaction.atomic
def task_edit(
    *,
    task: Task | int,
    actor: User,
    changes: ContentChanges,
    expected_version: int | None = None,
) -> Task:
    """Edit content fields. A request that changes nothing writes nothing."""
    task, action = begin("edit", task, actor=actor, expected_version=expected_version)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be edited.")] for name in sorted(unknown)})
    errors: dict[str, list[Promise | str]] = {}
    cleaned: dict[str, Any] = {}
    value: Any  # each field's own type (ContentChanges); checked below, name by name
    for name, value in changes.items():
        if name in ("title", "description", "source"):
            value = limits.clean_text(value, name, errors=errors)
            if not value and name != "source":
                errors[name] = [REQUIRED]
        elif name == "priority" and value not in Priority.values:
            errors[name] = [_("The priority is not valid.")]
        elif name == "ward" and value is not None and value.pk != task.ward_id:
            # As on creation: one of the group's wards, still in force.
            if not task.group.wards.filter(pk=value.pk).exists():
                errors[name] = [_("The ward must be one of the group's wards.")]
            elif not value.active:
                errors[name] = [_("This ward is no longer active.")]
        elif name == "document" and value is not None and value.pk != task.document_id:
            _check_document(actor, value, errors)
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in cleaned.items() if getattr(task, name) != value]
    if not changed:
        return task
    values = {name: {"from": _shown(getattr(task, name)), "to": _shown(cleaned[name])} for name in changed}
    for name in changed:
        setattr(task, name, cleaned[name])
    record(
        task,
        actor=actor,
        kind=action.event,
        fields=[*changed, *task.refresh_search_text()],
        data={"fields": changed, "changes": values},
    )
    return task


def _shown(value: Any) -> Any:
    """A field's value as the audit trail keeps it: text as is, a related row as a brief."""
    if value is None or isinstance(value, str):
        return value
    return {"id": value.pk, "name": str(value)}


@transaction.atomic
def outcome_correct(
    *,
    task: Task | int,
    actor: User,
    changes: OutcomeSpec,
    reason: str,
    expected_version: int | None = None,
) -> Task:
    """Correct a wrongly set outcome measure, while no value is measured against it.

    `changes` holds the fields to correct (the others keep their value); a request that
    changes nothing writes nothing. The event keeps each field's old and new value.
    """
    task, action = begin("correct_outcome", task, actor=actor, expected_version=expected_version)
    unknown = set(changes) - set(CORRECTABLE_OUTCOME_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be corrected.")] for name in sorted(unknown)})
    errors: dict[str, list[Any]] = {}  # messages, lazy or not
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("indicator", "unit"):
            value = limits.clean_text(value, name, errors=errors)
            if not value:
                errors[name] = [REQUIRED]
        elif name == "direction":
            if value not in Direction.values:
                errors[name] = [_("Direction must be “increase” or “decrease”.")]
        elif value is None or value == "":
            if name == "target":
                errors[name] = [REQUIRED]
            value = None
        else:
            try:
                value = decimal(value, name)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        cleaned[name] = value
    try:
        text = require_reason(reason, "reason")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    outcome = task.outcome
    changed = [name for name, value in cleaned.items() if getattr(outcome, name) != value]
    if not changed:
        return task
    values = {
        name: {"from": _number(getattr(outcome, name)), "to": _number(cleaned[name])} for name in changed
    }
    for name in changed:
        setattr(outcome, name, cleaned[name])
    outcome.save(update_fields=changed)
    record(task, actor=actor, kind=action.event, note=text, data={"fields": changed, "changes": values})
    return task


def _number(value: Any) -> Any:
    """A number as the audit trail keeps it (a string, as the measurements' events do)."""
    return str(value) if isinstance(value, Decimal) else value
