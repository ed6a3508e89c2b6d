"""The audit row of a change of reference data: what each kind records, and the row.

Each kind of reference data is described once (`Shape`): its plain fields, its
many-to-many fields and, for a process, its steps. A service reads the object's
snapshot, works out what the change would make of it, and writes only when something
differs, with one `ReferenceChange` row naming the fields that did, old and new. Values
are stored as JSON: dates in ISO, numbers as strings ("10.2"), related objects as ids,
many-to-many as sorted id lists, steps as a list of {order, name, expected_days}.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import models

from assignments import clock
from assignments.models import (
    Document,
    Group,
    Member,
    Process,
    ProcessStep,
    ReferenceAction,
    ReferenceChange,
    ReferenceKind,
    Target,
    Ward,
)
from assignments.models.reference_changes import LABEL_MAX

Snapshot = dict[str, Any]
Changes = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Shape:
    kind: ReferenceKind
    model: type[models.Model]
    fields: tuple[str, ...]
    many: tuple[str, ...] = ()
    steps: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.fields, *self.many, *(("steps",) if self.steps else ()))


WARD = Shape(ReferenceKind.WARD, Ward, ("code", "name", "active"))
MEMBER = Shape(
    ReferenceKind.MEMBER,
    Member,
    ("user", "full_name", "title", "phone", "is_standing", "active"),
    many=("wards",),
)
GROUP = Shape(ReferenceKind.GROUP, Group, ("number", "name", "leader"), many=("members", "wards"))
PROCESS = Shape(ReferenceKind.PROCESS, Process, ("name", "description", "active"), steps=True)
DOCUMENT = Shape(ReferenceKind.DOCUMENT, Document, ("number", "kind", "issued_on", "issuer", "excerpt"))
TARGET = Shape(
    ReferenceKind.TARGET,
    Target,
    ("code", "name", "unit", "target_value", "direction", "deadline", "actual", "achieved_on"),
)


def json_value(value: Any) -> Any:
    """A field's value as the audit row stores it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        # 10, 10.0 and 10.00 are the same number: "10", so a re-save is no change.
        return format(value.normalize(), "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def id_list(values: Iterable[Any]) -> list[int]:
    return sorted({v.pk if isinstance(v, models.Model) else int(v) for v in values})


def step_list(steps: Iterable[Mapping[str, Any] | ProcessStep]) -> list[dict[str, Any]]:
    """Steps as the audit row stores them, in order; a step sent without days has the default."""
    rows = []
    for step in steps:
        if isinstance(step, ProcessStep):
            rows.append({"order": step.order, "name": step.name, "expected_days": step.expected_days})
        else:
            rows.append(
                {
                    "order": int(step["order"]),
                    "name": step["name"],
                    "expected_days": int(
                        step.get("expected_days", ProcessStep._meta.get_field("expected_days").default)
                    ),
                }
            )
    return sorted(rows, key=lambda row: row["order"])


def snapshot(shape: Shape, obj: models.Model, **known: Any) -> Snapshot:
    """The object as stored, one JSON value per audited field. Relations given in `known`
    (objects or ids, steps as sent) are taken as they are instead of being read."""
    state = {name: json_value(getattr(obj, _attname(shape, name))) for name in shape.fields}
    for name in shape.many:
        state[name] = id_list(known[name] if name in known else getattr(obj, name).all())
    if shape.steps:
        state["steps"] = step_list(known["steps"] if "steps" in known else obj.steps.all())  # type: ignore[attr-defined]
    return state


def proposed(shape: Shape, before: Snapshot, changes: Mapping[str, Any]) -> Snapshot:
    """What `changes` (field -> new value, objects or ids) would make of `before`."""
    after = dict(before)
    for name, value in changes.items():
        if name in shape.many:
            after[name] = id_list(value)
        elif name == "steps" and shape.steps:
            after[name] = step_list(value)
        elif name in shape.fields:
            after[name] = json_value(value)
        else:
            raise ValueError(f"{shape.kind}: {name!r} is not a field of reference data")
    return after


def difference(before: Snapshot, after: Snapshot) -> Changes:
    return {
        name: {"from": before.get(name), "to": after.get(name)}
        for name in after
        if before.get(name) != after.get(name)
    }


def created(after: Snapshot) -> Changes:
    return {name: {"from": None, "to": value} for name, value in after.items()}


def deleted(before: Snapshot) -> Changes:
    return {name: {"from": value, "to": None} for name, value in before.items()}


def action_of(changes: Changes) -> ReferenceAction:
    """A change that unticks or ticks `active` is a deactivation or a reactivation."""
    if "active" in changes:
        return ReferenceAction.REACTIVATED if changes["active"]["to"] else ReferenceAction.DEACTIVATED
    return ReferenceAction.CHANGED


def entry(
    shape: Shape, obj: models.Model, *, actor: User | None, action: ReferenceAction, changes: Changes
) -> ReferenceChange:
    """The row, unsaved (for `bulk_create`)."""
    return ReferenceChange(
        kind=shape.kind,
        object_id=obj.pk,
        label=str(obj)[:LABEL_MAX],
        action=action,
        actor=actor,
        at=clock.now(),
        changes=changes,
    )


def write(
    shape: Shape, obj: models.Model, *, actor: User | None, action: ReferenceAction, changes: Changes
) -> ReferenceChange:
    row = entry(shape, obj, actor=actor, action=action, changes=changes)
    row.save()
    return row


def write_many(rows: Sequence[ReferenceChange]) -> None:
    ReferenceChange.objects.bulk_create(rows)


def create(shape: Shape, values: Mapping[str, Any], *, actor: User | None) -> Any:
    """A new object with its relations (and steps), and its `created` row."""
    obj = shape.model._default_manager.create(
        **{name: values[name] for name in shape.fields if name in values}
    )
    relations = {name: values.get(name, ()) for name in shape.many}
    for name, related in relations.items():
        getattr(obj, name).set(related)
    if shape.steps:
        relations["steps"] = values["steps"]
        _write_steps(obj, step_list(values["steps"]))
    write(
        shape,
        obj,
        actor=actor,
        action=ReferenceAction.CREATED,
        changes=created(snapshot(shape, obj, **relations)),
    )
    return obj


def update(shape: Shape, obj: models.Model, changes: Mapping[str, Any], *, actor: User | None) -> Changes:
    """Write what differs of `changes` to `obj` (locked by the caller) with its row; a
    change that changes nothing writes nothing. Returns what changed."""
    before = snapshot(shape, obj)
    diff = difference(before, proposed(shape, before, changes))
    if not diff:
        return diff
    plain = [name for name in shape.fields if name in diff]
    for name in plain:
        setattr(obj, name, changes[name])
    if plain:
        obj.save(update_fields=plain)
    for name in shape.many:
        if name in diff:
            getattr(obj, name).set(changes[name])
    if "steps" in diff:
        # Tasks copied their steps when they were created: replacing the template's
        # steps never rewrites a task's history.
        obj.steps.all().delete()  # type: ignore[attr-defined]
        _write_steps(obj, diff["steps"]["to"])
    write(shape, obj, actor=actor, action=action_of(diff), changes=diff)
    return diff


def delete(shape: Shape, obj: models.Model, *, actor: User | None) -> None:
    """Delete `obj` (a ProtectedError if tasks point at it) and write its `deleted` row."""
    row = entry(
        shape, obj, actor=actor, action=ReferenceAction.DELETED, changes=deleted(snapshot(shape, obj))
    )
    obj.delete()
    row.save()


def _write_steps(process: Any, steps: list[dict[str, Any]]) -> None:  # a Process
    ProcessStep.objects.bulk_create(ProcessStep(process=process, **step) for step in steps)


def _attname(shape: Shape, name: str) -> str:
    """`leader_id` for `leader`: the id, without reading the related row."""
    return shape.model._meta.get_field(name).attname  # type: ignore[union-attr]
