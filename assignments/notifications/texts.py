"""What a notification says, in the reader's language (the request's, or the mail's).

A notification keeps the facts (`data`: who acted, the reason, the dates as ISO
strings, the days counted) and its text is written when it is read, so the inbox reads
in Vietnamese or English alike and a date shows in the reader's format.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.choices import EventKind, NotificationKind
from assignments.models import Event
from assignments.text import format_date


def event_data(event: Event) -> dict[str, Any]:
    """The facts an event's notifications tell."""
    task = event.task
    member = getattr(event.actor, "member", None)
    data: dict[str, Any] = {
        "event": event.kind,
        "actor": member.full_name if member is not None else event.actor.get_username(),
        "owner": task.owner.full_name,
    }
    if event.note:
        data["reason"] = event.note
    for key in ("to_due_date", "proposed_due_date"):
        if key in event.data:
            data[key] = event.data[key]
    data["due_date"] = task.due_date.isoformat()
    return data


def _date(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return format_date(dt.date.fromisoformat(value)) if value else ""


def _days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _with_reason(text: str, data: dict[str, Any]) -> str:
    reason = data.get("reason")
    return f"{text} {_('Reason:')} {reason}" if reason else text


def text(kind: str, data: dict[str, Any], title: str) -> str:
    """The sentence of a notification about the task titled `title`."""
    values = {
        "title": title,
        "actor": data.get("actor", ""),
        "owner": data.get("owner", ""),
        "group": data.get("group", ""),
        "due_date": _date(data, "due_date"),
        "to_due_date": _date(data, "to_due_date"),
        "proposed_due_date": _date(data, "proposed_due_date"),
        "days": _days(int(data.get("days", 0))),
    }
    if kind == NotificationKind.ASSIGNED:
        return _("%(actor)s assigned you the task “%(title)s”, due %(due_date)s.") % values
    if kind == NotificationKind.HANDED_TO_YOU:
        return _with_reason(_("%(actor)s handed the task “%(title)s” over to you.") % values, data)
    if kind == NotificationKind.HANDED_AWAY:
        return _with_reason(_("The task “%(title)s” was handed over to %(owner)s.") % values, data)
    if kind == NotificationKind.RETURNED:
        return _with_reason(_("%(actor)s returned the task “%(title)s” for rework.") % values, data)
    if kind == NotificationKind.ACCEPTED:
        return _("%(actor)s accepted the task “%(title)s”.") % values
    if kind == NotificationKind.EXTENDED:
        return _with_reason(_("The due date of “%(title)s” was moved to %(to_due_date)s.") % values, data)
    if kind == NotificationKind.SUBMITTED:
        return _("%(owner)s submitted the task “%(title)s” for your acceptance.") % values
    if kind == NotificationKind.EXPLAINED:
        return _with_reason(
            _("%(actor)s explained the delay of “%(title)s” and proposes %(proposed_due_date)s.") % values,
            data,
        )
    if kind == NotificationKind.DIRECTION:
        return f"{_('%(actor)s gave a direction on “%(title)s”:') % values} {data.get('reason', '')}"
    if kind == NotificationKind.UPDATED:
        event = EventKind(data["event"]).label if data.get("event") in EventKind.values else ""
        return _("“%(title)s”: %(event)s (%(actor)s).") % {**values, "event": event}
    if kind == NotificationKind.DUE_SOON:
        return _("The task “%(title)s” is due in %(days)s, on %(due_date)s.") % values
    if kind == NotificationKind.DUE_TODAY:
        return _("The task “%(title)s” is due today.") % values
    if kind == NotificationKind.OVERDUE:
        if data.get("explained"):
            return _("The task “%(title)s” is %(days)s overdue (due %(due_date)s).") % values
        return (
            _(
                "The task “%(title)s” is %(days)s overdue (due %(due_date)s): "
                "explain the delay and propose a new date."
            )
            % values
        )
    if kind == NotificationKind.AWAITING_ACCEPTANCE:
        return _("“%(title)s”, submitted by %(owner)s, has waited %(days)s for your acceptance.") % values
    if kind == NotificationKind.ESCALATED_LEADER:
        return (
            _("“%(title)s” (owner: %(owner)s) is %(days)s overdue and the delay is not explained.") % values
        )
    if kind == NotificationKind.ESCALATED_COMMITTEE:
        return _("“%(title)s” (%(group)s, owner: %(owner)s) is %(days)s overdue.") % values
    return title
