"""Small presentation helpers of the pages: names, rates, deadline badges, the menu."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assignments import clock, deadlines
from assignments.choices import DeadlineStatus, Escalation, Status, SubmissionTiming
from assignments.models import Member, Task
from web.navigation import nav_items

register = template.Library()

#: The CSS class of each deadline as shown (Task.deadline_shown): colour and a text label
#: always go together.
DEADLINE_CLASSES: dict[str, str] = {
    DeadlineStatus.OPEN_OVERDUE: "overdue",
    DeadlineStatus.OPEN_DUE_SOON: "due-soon",
    DeadlineStatus.OPEN_ON_TRACK: "on-track",
    DeadlineStatus.DONE_EARLY: "done",
    DeadlineStatus.DONE_ON_TIME: "done",
    DeadlineStatus.DONE_LATE: "done-late",
    DeadlineStatus.CANCELLED: "cancelled",
    SubmissionTiming.SUBMITTED_IN_TIME: "submitted",
    SubmissionTiming.SUBMITTED_LATE: "submitted-late",
}


#: The short label of each level of escalation, on the task page and the cards.
ESCALATION_LABELS = {
    Escalation.OWNER: gettext_lazy("Explanation needed"),
    Escalation.LEADER: gettext_lazy("Group leader told"),
    Escalation.COMMITTEE: gettext_lazy("Standing Committee told"),
}
#: The owner's level once the delay is explained for the current due date.
DELAY_EXPLAINED = gettext_lazy("Delay explained")


@register.filter
def escalation_level(task: Task) -> str:
    """The task's level (assignments/escalation.py): its list's annotation, else computed
    from the row (the office's numbers are cached, so a card costs no query)."""
    return str(task.escalation)


@register.filter
def escalation_label(task: Task) -> str:
    level = escalation_level(task)
    if level == Escalation.OWNER and task.explained:
        return str(DELAY_EXPLAINED)
    label = ESCALATION_LABELS.get(Escalation(level)) if level in Escalation.values else None
    return str(label) if label is not None else ""


@register.filter
def person(user: Any) -> str:
    """A login as people know it: the member's full name, else the login's own name."""
    if user is None:
        return ""
    try:
        return user.member.full_name
    except (Member.DoesNotExist, AttributeError):
        return user.get_full_name() or user.get_username()


@register.filter
def deadline_class(status: str) -> str:
    return DEADLINE_CLASSES.get(status, "")


@register.filter
def deadline_label(status: str) -> str:
    return deadlines.deadline_label(status)


@register.filter
def days_hint(task: Task) -> str:
    """How far the due date is, for an open task: "3 days left", "due today", "2 days overdue";
    for a task awaiting acceptance, the day it was handed in (the due date no longer runs
    for its owner)."""
    if task.is_closed:
        return ""
    if task.status == Status.SUBMITTED and task.submitted_at is not None:
        day = clock.local_date(task.submitted_at).strftime("%d/%m/%Y")
        return _("Submitted on %(date)s") % {"date": day}
    days = (task.due_date - clock.today()).days
    if days == 0:
        return _("Due today")
    if days > 0:
        return _("Days left: %(days)d") % {"days": days}
    return _("Days overdue: %(days)d") % {"days": -days}


@register.filter
def days_overdue(task: Task) -> int:
    return max(0, (clock.today() - task.due_date).days)


@register.filter
def percent(rate: float | None) -> str:
    """0.8667 → "86,7 %" in Vietnamese, "86.7%" in English; a rate with no divisor: "–"."""
    if rate is None:
        return "–"
    # Rounded here: number_format cuts the digits it does not show (0.7857 would read 78.5).
    value = (Decimal(str(rate)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return _("%(number)s%%") % {"number": number_format(value, 1)}


@register.filter
def number(value: Decimal | None) -> str:
    """A measured value without trailing zeros: 99.00 → "99", 97.50 → "97,5"."""
    if value is None:
        return "–"
    normalized = value.normalize()
    places = max(0, -normalized.as_tuple().exponent)  # type: ignore[operator]
    return number_format(value, places)


@register.simple_tag(takes_context=True)
def menu(context: dict[str, Any]) -> list[Any]:
    request = context.get("request")
    return nav_items(request.user, request.path) if request is not None else []
