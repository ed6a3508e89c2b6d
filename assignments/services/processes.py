"""Reference data tasks draw on: process templates with their steps, and the term targets.

As for the organisation (assignments/services/reference.py): the API, the admin and
the demo seed change them only here, each write one transaction with its audit row.
A process's steps are replaced whole; the tasks keep the copies they made when they
were created.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from assignments.choices import Direction
from assignments.exceptions import InvalidTransition
from assignments.models import Process, Target
from assignments.services import reference_audit as audit
from assignments.services.reference import User, locked

TARGET_IN_USE = _("Tasks contribute to this term target, so it cannot be deleted.")


class StepSpec(TypedDict, total=False):
    order: int
    name: str
    expected_days: int


class ProcessChanges(TypedDict, total=False):
    name: str
    description: str
    active: bool
    steps: Sequence[StepSpec]


class TargetChanges(TypedDict, total=False):
    code: str
    name: str
    unit: str
    target_value: Decimal
    direction: str
    deadline: dt.date
    actual: Decimal | None
    achieved_on: dt.date | None


# --------------------------------------------------------------------------- processes


@transaction.atomic
def process_create(
    *, actor: User | None, name: str, steps: Sequence[StepSpec], description: str = "", active: bool = True
) -> Process:
    return audit.create(
        audit.PROCESS,
        {"name": name, "description": description, "active": active, "steps": list(steps)},
        actor=actor,
    )


@transaction.atomic
def process_update(process: Process | int, *, actor: User | None, changes: ProcessChanges) -> Process:
    """Sending `steps` replaces them whole (when they differ from the template's)."""
    row: Process = locked(Process, process)
    audit.update(audit.PROCESS, row, changes, actor=actor)
    return row


@transaction.atomic
def process_delete(process: Process | int, *, actor: User | None) -> None:
    """Only a process no task follows (PROTECT); the admin's delete page says so first."""
    audit.delete(audit.PROCESS, locked(Process, process), actor=actor)


# --------------------------------------------------------------------------- term targets


@transaction.atomic
def target_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    unit: str,
    target_value: Decimal,
    deadline: dt.date,
    direction: str = Direction.INCREASE,
    actual: Decimal | None = None,
    achieved_on: dt.date | None = None,
) -> Target:
    values = {
        "code": code,
        "name": name,
        "unit": unit,
        "target_value": target_value,
        "direction": direction,
        "deadline": deadline,
        "actual": actual,
        "achieved_on": achieved_on,
    }
    return audit.create(audit.TARGET, values, actor=actor)


@transaction.atomic
def target_update(target: Target | int, *, actor: User | None, changes: TargetChanges) -> Target:
    row: Target = locked(Target, target)
    audit.update(audit.TARGET, row, changes, actor=actor)
    return row


@transaction.atomic
def target_delete(target: Target | int, *, actor: User | None) -> None:
    """A target that tasks contribute to is kept: 409 `target_in_use`, nothing written."""
    try:
        # Its own savepoint: the refused DELETE leaves the caller's transaction usable.
        with transaction.atomic():
            audit.delete(audit.TARGET, locked(Target, target), actor=actor)
    except ProtectedError as exc:
        raise InvalidTransition(TARGET_IN_USE, code="target_in_use") from exc
