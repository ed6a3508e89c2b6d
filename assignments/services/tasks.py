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
from assignments.choices import ApproverKind, Direction, EventKind, Priority, ProductKind, Status
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
EDITABLE_FIELDS = (
    "title",
    "description",
    "ward",
    "priority",
    "source",
    "target",
    "document",
    "product",
    "approver",
)

#: The columns of the task each compound field of the body writes.
_COLUMNS_OF = {
    "product": ("product_kind", "product_description", "product_file_required"),
    "approver": ("approver_kind", "approver"),
}

#: The outcome's fields a leader may correct before anything is measured (correct_outcome).
CORRECTABLE_OUTCOME_FIELDS = ("indicator", "unit", "baseline", "target", "direction")


class OutcomeSpec(TypedDict, total=False):
    indicator: str
    unit: str
    baseline: Decimal | int | float | str | None
    target: Decimal | int | float | str
    direction: str


class ProductSpec(TypedDict, total=False):
    """What the task must deliver (rõ sản phẩm): a kind, a description, whether a file is required."""

    kind: str
    description: str
    file_required: bool


class ApproverSpec(TypedDict, total=False):
    """Who accepts and returns the task (rõ thẩm quyền); `member` only for a named one."""

    kind: str
    member: Member | None


class ContentChanges(TypedDict, total=False):
    title: str
    description: str
    ward: Ward | None
    priority: str
    source: str
    target: Target | None
    document: Document | None
    product: ProductSpec | None
    approver: ApproverSpec | None


#: A task points only at a document its assigner may read (selectors.documents_visible_to).
DOCUMENT_NOT_READABLE = _("Choose a registered document you may read.")


def _check_document(actor: User, document: Document | None, errors: dict[str, list[Promise | str]]) -> None:
    if document is not None and not selectors.documents_visible_to(actor).filter(pk=document.pk).exists():
        errors["document"] = [DOCUMENT_NOT_READABLE]


def _product_values(spec: ProductSpec, errors: dict[str, list[Promise | str]]) -> dict[str, Any]:
    """The product's columns from a complete spec, or the refusals under `product.*`.

    No kind means no product stated: then neither a description nor a required file."""
    kind = spec.get("kind") or ""
    description = limits.clean_text(spec.get("description"), "product.description", errors=errors)
    file_required = bool(spec.get("file_required"))
    if kind and kind not in ProductKind.values:
        errors["product.kind"] = [_("The kind of product is not valid.")]
    elif not kind and (description or file_required):
        errors["product.kind"] = [_("Choose the kind of product the task must deliver.")]
    elif kind and not description and "product.description" not in errors:
        errors["product.description"] = [_("Say what the product is (clear product).")]
    return {
        "product_kind": kind,
        "product_description": description,
        "product_file_required": file_required,
    }


def _approver_values(
    spec: ApproverSpec, owner: Member | None, errors: dict[str, list[Promise | str]]
) -> dict[str, Any]:
    """The approver's columns from a complete spec, or the refusals under `approver.*`: a
    member is named exactly for "a named Standing Committee member", and is one, active, and
    not the owner (who never accepts their own work)."""
    kind = spec.get("kind") or ApproverKind.GROUP_LEADER
    member = spec.get("member")
    if kind not in ApproverKind.values:
        errors["approver.kind"] = [_("Choose who accepts the task.")]
    elif kind == ApproverKind.STANDING_MEMBER:
        if member is None:
            errors["approver.member"] = [_("Name the Standing Committee member who accepts the task.")]
        elif not (member.active and member.is_standing):
            errors["approver.member"] = [_("The approver must be an active Standing Committee member.")]
        elif owner is not None and member.pk == owner.pk:
            errors["approver.member"] = [_("The owner cannot accept their own task.")]
    elif member is not None:
        errors["approver.member"] = [
            _("Name a member only when a named Standing Committee member accepts the task.")
        ]
        member = None
    return {"approver_kind": kind, "approver": member if kind == ApproverKind.STANDING_MEMBER else None}


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
    product: ProductSpec | None = None,
    approver: ApproverSpec | None = None,
) -> Task:
    """Assign a task that has all five "rõ"; a missing one is a 400 naming the field. Its
    product (what it delivers) and approver (who accepts it: the group's leader by default)
    are optional."""
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
    product_values = _product_values(product or {}, errors)
    approver_values = _approver_values(approver or {}, owner, errors)
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
        **product_values,
        **approver_values,
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
        elif name == "product":
            # The fields not sent keep their value; null states no product.
            value = _product_values({} if value is None else {**product_spec(task), **value}, errors)
        elif name == "approver":
            # Null: back to the group's leader. A kind alone keeps a named member only if unchanged.
            given = value or {}
            kind = given.get("kind", task.approver_kind)
            kept = task.approver if kind == task.approver_kind else None
            member = given.get("member", kept)
            value = _approver_values({"kind": kind, "member": member}, task.owner, errors)
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in cleaned.items() if _current(task, name) != value]
    if not changed:
        return task
    values = {name: {"from": _shown(task, name), "to": None} for name in changed}
    columns: list[str] = []
    for name in changed:
        if name in _COLUMNS_OF:
            for column, column_value in cleaned[name].items():
                setattr(task, column, column_value)
            columns.extend(_COLUMNS_OF[name])
        else:
            setattr(task, name, cleaned[name])
            columns.append(name)
        values[name]["to"] = _shown(task, name)
    record(
        task,
        actor=actor,
        kind=action.event,
        fields=[*columns, *task.refresh_search_text()],
        data={"fields": changed, "changes": values},
    )
    return task


def product_spec(task: Task) -> ProductSpec:
    """The task's product as the body states it."""
    return {
        "kind": task.product_kind,
        "description": task.product_description,
        "file_required": task.product_file_required,
    }


def _current(task: Task, name: str) -> Any:
    """A field of the body as the task holds it: the columns of a compound one."""
    if name in _COLUMNS_OF:
        return {column: getattr(task, column) for column in _COLUMNS_OF[name]}
    return getattr(task, name)


def _shown(task: Task, name: str) -> Any:
    """A field's value as the audit trail keeps it: text as is, a related row as a brief,
    the product and the approver as the API's body states them."""
    if name == "product":
        return dict(product_spec(task))
    if name == "approver":
        member = task.approver
        return {"kind": task.approver_kind, "member": None if member is None else member_brief(member)}
    value = getattr(task, name)
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
