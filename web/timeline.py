"""A task's audit trail as the timeline shows it: one entry per event, with its details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import cast

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from assignments.choices import Direction, EventKind, Status
from assignments.models import Event, Outcome, Task
from web.templatetags.web_tags import number


@dataclass(frozen=True)
class Entry:
    event: Event
    details: list[str] = field(default_factory=list)


#: The column whose name an edit of a compound field of the task is shown by.
_EDITED_COLUMN = {"product": "product_description", "approver": "approver_kind"}


def _day(iso: str | None) -> str:
    if not iso:
        return "–"
    return date_format(dt.date.fromisoformat(iso), "d/m/Y")


def _value(text: str | None) -> str:
    try:
        return number(Decimal(text or ""))
    except InvalidOperation:
        return text or ""


def _status(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def details(event: Event) -> list[str]:
    """What else the event changed, in words: owners, due dates, the step, the value."""
    data = event.data or {}
    lines = []
    if event.from_status and event.from_status != event.to_status:
        lines.append(
            _("Status: %(from)s → %(to)s")
            % {"from": _status(event.from_status), "to": _status(event.to_status)}
        )
    if event.kind == EventKind.CREATED:
        owner = (data.get("owner") or {}).get("name", "")
        lines.append(_("Owner: %(owner)s") % {"owner": owner})
        lines.append(_("Due date: %(date)s") % {"date": _day(data.get("due_date"))})
    elif event.kind == EventKind.REASSIGNED:
        lines.append(
            _("Owner: %(from)s → %(to)s")
            % {
                "from": (data.get("from_owner") or {}).get("name", ""),
                "to": (data.get("to_owner") or {}).get("name", ""),
            }
        )
    elif event.kind == EventKind.EXTENDED:
        lines.append(
            _("Due date: %(from)s → %(to)s")
            % {"from": _day(data.get("from_due_date")), "to": _day(data.get("to_due_date"))}
        )
    elif event.kind == EventKind.EXPLAINED:
        lines.append(
            _("Proposed new due date: %(date)s (the due date was %(due)s)")
            % {"date": _day(data.get("proposed_due_date")), "due": _day(data.get("due_date"))}
        )
    elif event.kind == EventKind.STEP_COMPLETED:
        step = data.get("step") or {}
        lines.append(
            _("Step %(order)s: %(name)s") % {"order": step.get("order", ""), "name": step.get("name", "")}
        )
    elif event.kind == EventKind.MEASUREMENT_RECORDED:
        lines.append(
            _("Value %(value)s, measured on %(date)s")
            % {"value": _value(data.get("value")), "date": _day(data.get("measured_on"))}
        )
    elif event.kind == EventKind.EDITED:
        # The task's own columns (get_field is typed to answer relations too); the product
        # and the approver, edited as one each, by the column that names them.
        fields = [
            cast(models.Field, Task._meta.get_field(_EDITED_COLUMN.get(name, name)))
            for name in data.get("fields", [])
        ]
        names = [str(field.verbose_name) for field in fields]
        lines.append(_("Fields changed: %(fields)s") % {"fields": ", ".join(names)})
    elif event.kind == EventKind.COORDINATORS_CHANGED:
        lines.append(
            _("Coordinators: %(from)s → %(to)s")
            % {"from": _names(data.get("from_coordinators")), "to": _names(data.get("to_coordinators"))}
        )
    elif event.kind == EventKind.WATCHERS_CHANGED:
        lines.append(
            _("Watchers: %(from)s → %(to)s")
            % {"from": _names(data.get("from_watchers")), "to": _names(data.get("to_watchers"))}
        )
    elif event.kind == EventKind.OUTCOME_CORRECTED:
        for name, change in (data.get("changes") or {}).items():
            lines.append(
                _("%(field)s: %(from)s → %(to)s")
                % {
                    "field": capfirst(cast(models.Field, Outcome._meta.get_field(name)).verbose_name),
                    "from": _outcome_value(name, change.get("from")),
                    "to": _outcome_value(name, change.get("to")),
                }
            )
    elif event.kind in (EventKind.FILE_ATTACHED, EventKind.FILE_WITHDRAWN):
        brief = data.get("file") or {}
        lines.append(_("File: %(name)s") % {"name": brief.get("name", "")})
    return lines


def _names(briefs: list[dict[str, object]] | None) -> str:
    return ", ".join(str(b.get("name", "")) for b in briefs or []) or "–"


def _outcome_value(field: str, value: str | None) -> str:
    if value is None or value == "":
        return "–"
    if field == "direction":
        return str(Direction(value).label) if value in Direction.values else value
    if field in ("baseline", "target"):
        return _value(value)
    return value


def timeline(events: Iterable[Event]) -> list[Entry]:
    """Newest first: the leader reads what happened last."""
    return [
        Entry(event=e, details=details(e)) for e in sorted(events, key=lambda e: (e.at, e.id), reverse=True)
    ]


def latest_return(events: Iterable[Event]) -> Event | None:
    """The return that sent the task back, if nothing moved it on since: its reason is shown
    at the top of the owner's page."""
    changes = [e for e in events if e.from_status != e.to_status and e.from_status]
    if not changes:
        return None
    last = max(changes, key=lambda e: (e.at, e.id))
    return last if last.kind == EventKind.RETURNED else None
