"""The one definition of `escalation` (docs/rules.md, "Escalation of overdue work").

As with deadlines, it exists twice in form and once in meaning: `escalation()` for a
task in memory and `escalation_expression()` for a queryset annotation, so the level
the list filters on, the summary counts and the daily run acts on are the same. Days
are counted as for deadlines: `days_overdue` = today − due date, in Hanoi.

An explanation holds off the leader's level only for the due date it was given for;
an extension moves the due date, ends the overdue state and with it the escalation.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, Q, Value, When

from assignments import clock
from assignments.choices import CLOSED_STATUSES, Escalation


def _policy_days() -> tuple[int, int]:
    from assignments.models import NotificationPolicy

    policy = NotificationPolicy.current()
    return policy.explain_within_days, policy.committee_after_days


def escalation(
    *,
    status: str,
    due_date: dt.date,
    explained_for_due_date: dt.date | None,
    today: dt.date,
    explain_within: int | None = None,
    committee_after: int | None = None,
) -> Escalation:
    if explain_within is None or committee_after is None:
        explain_within, committee_after = _policy_days()
    days_overdue = (today - due_date).days
    if status in CLOSED_STATUSES or days_overdue <= 0:
        return Escalation.NONE
    if days_overdue > explain_within + committee_after:
        return Escalation.COMMITTEE
    if days_overdue <= explain_within or explained_for_due_date == due_date:
        return Escalation.OWNER
    return Escalation.LEADER


def level_conditions(
    today: dt.date | None = None,
    *,
    explain_within: int | None = None,
    committee_after: int | None = None,
) -> dict[Escalation, Q]:
    """Each level as a filter of tasks, as of `today`, tried in this order (the first
    that holds is the task's level): the one SQL form of `escalation()`."""
    today = today or clock.today()
    if explain_within is None or committee_after is None:
        explain_within, committee_after = _policy_days()
    committee_before = today - dt.timedelta(days=explain_within + committee_after)
    leader_before = today - dt.timedelta(days=explain_within)
    overdue = ~Q(status__in=CLOSED_STATUSES) & Q(due_date__lt=today)
    committee = overdue & Q(due_date__lt=committee_before)
    owner = overdue & ~committee & (Q(due_date__gte=leader_before) | Q(explained_for_due_date=F("due_date")))
    return {
        Escalation.NONE: ~overdue,
        Escalation.COMMITTEE: committee,
        Escalation.OWNER: owner,
        Escalation.LEADER: overdue & ~committee & ~owner,
    }


def escalation_expression(today: dt.date | None = None) -> Case:
    """SQL for `escalation` as of `today` (the committee's today by default)."""
    conditions = level_conditions(today)
    return Case(
        *(When(conditions[level], then=Value(level.value)) for level in list(conditions)[:-1]),
        default=Value(Escalation.LEADER.value),
        output_field=CharField(),
    )
