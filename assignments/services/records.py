"""The owner's records of the work: steps ticked, measured values, notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits
from assignments.actions import next_step
from assignments.choices import NoteKind
from assignments.exceptions import InvalidTransition
from assignments.models import Measurement, Note, Outcome, Task, TaskStep
from assignments.services.base import REQUIRED, User, begin, decimal, guard, lock, record
from assignments.text import format_date


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
    task = lock(task, with_steps=True)
    step_pk = step.pk if isinstance(step, TaskStep) else step
    found = next((s for s in task.steps.all() if s.pk == step_pk), None)
    if found is None:  # another task's step: a 404, before anything else is said of it
        raise TaskStep.DoesNotExist
    step = found
    action = guard("complete_step", task, actor=actor, expected_version=expected_version)
    if step.completed_at is not None:
        raise InvalidTransition(
            _("Step “%(step)s” is already completed.") % {"step": step.name}, code="step_done"
        )
    following = next_step(task)
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
    record(
        task,
        actor=actor,
        kind=action.event,
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
    """Log a measured value of the task's outcome, with its evidence. A value is measured
    during the work: not before the task started, not in the future."""
    task, action = begin("record_measurement", task, actor=actor, expected_version=expected_version)
    errors: dict[str, list[Promise | str]] = {}
    number = None
    if value is None or value == "":
        errors["value"] = [REQUIRED]
    else:
        try:
            number = decimal(value, "value")
        except ValidationError as exc:
            # Lists of str, only read from here on: no Promise is added to them.
            errors.update(exc.message_dict)  # type: ignore[arg-type]
    if measured_on is None:
        errors["measured_on"] = [REQUIRED]
    elif measured_on > clock.today():
        errors["measured_on"] = [_("The measurement date cannot be in the future.")]
    elif measured_on < task.start_date:
        errors["measured_on"] = [
            _("The measurement date cannot be before the task's start date (%(start)s).")
            % {"start": format_date(task.start_date)}
        ]
    limits.check_date_in_window(measured_on, "measured_on", errors)
    evidence = limits.clean_text(note, "note", errors=errors)
    if errors:
        raise ValidationError(errors)
    assert measured_on is not None and number is not None  # for the checker: errors were raised above
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
    record(
        task,
        actor=actor,
        kind=action.event,
        note=measurement.note,
        data={
            "measurement": measurement.pk,
            "value": str(measurement.value),
            "measured_on": measured_on.isoformat(),
        },
    )
    return measurement


#: The action of the table that writes each kind of note: an ordinary note (the owner,
#: the coordinators, the leader, the office) or a direction (the Standing Committee).
NOTE_ACTIONS = {NoteKind.NOTE: "add_note", NoteKind.DIRECTION: "give_direction"}


@transaction.atomic
def note_add(
    *,
    task: Task | int,
    actor: User,
    text: str,
    kind: str = NoteKind.NOTE,
    expected_version: int | None = None,
) -> Note:
    """Add a note, or a direction ("ý kiến chỉ đạo") with `kind="direction"`: each kind is
    its own action of the table, with its own who and its own event."""
    if kind not in NOTE_ACTIONS:
        raise ValidationError({"kind": [_("The kind of note is not valid.")]})
    task, action = begin(NOTE_ACTIONS[NoteKind(kind)], task, actor=actor, expected_version=expected_version)
    body = limits.clean_text(text, "text")
    if not body:
        raise ValidationError({"text": [REQUIRED]})
    note = Note.objects.create(task=task, author=actor, kind=kind, text=body, created_at=clock.now())
    record(task, actor=actor, kind=action.event, note=body, data={"note": note.pk})
    return note
