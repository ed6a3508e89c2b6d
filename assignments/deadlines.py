"""The one definition of `deadline_status` (docs/rules.md, "Deadlines").

It exists twice in form but once in meaning: `deadline_status()` for a task in memory
and `deadline_status_expression()` for a queryset annotation. Both compare calendar
dates in the committee's time zone, so a task accepted at 23:30 on its due date in
Hanoi is on time and one accepted at 00:30 the next day is late, whatever UTC says.
Tests run every row of the reference boundary cases through both.

`deadline_shown()` is how the pages word it for a person: the same, except for a task
awaiting acceptance, which is told against its submission rather than today.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import TruncDate

from assignments import clock
from assignments.choices import DeadlineStatus, Status, SubmissionTiming

#: An open task is "due soon" from this many days before its due date.
DUE_SOON_DAYS = 3


def deadline_status(
    *, status: str, due_date: dt.date, completed_at: dt.datetime | None, today: dt.date
) -> DeadlineStatus:
    if status == Status.CANCELLED:
        return DeadlineStatus.CANCELLED
    if status == Status.DONE:
        assert completed_at is not None  # a done task has its completion time
        completed_on = clock.local_date(completed_at)
        if completed_on < due_date:
            return DeadlineStatus.DONE_EARLY
        if completed_on == due_date:
            return DeadlineStatus.DONE_ON_TIME
        return DeadlineStatus.DONE_LATE
    if today > due_date:
        return DeadlineStatus.OPEN_OVERDUE
    if today >= due_date - dt.timedelta(days=DUE_SOON_DAYS):
        return DeadlineStatus.OPEN_DUE_SOON
    return DeadlineStatus.OPEN_ON_TRACK


def completed_on_expression() -> TruncDate:
    """The local (Hanoi) calendar date of `completed_at`, computed by the database."""
    return TruncDate("completed_at", tzinfo=clock.committee_tz())


def deadline_status_expression(today: dt.date, completed_on: str = "completed_on") -> Case:
    """SQL for `deadline_status`; needs `completed_on` aliased (see TaskQuerySet)."""
    due_soon_from = today + dt.timedelta(days=DUE_SOON_DAYS)
    done = Q(status=Status.DONE)
    return Case(
        When(status=Status.CANCELLED, then=Value(DeadlineStatus.CANCELLED.value)),
        When(done & Q(**{f"{completed_on}__lt": F("due_date")}), then=Value("done_early")),
        When(done & Q(**{completed_on: F("due_date")}), then=Value("done_on_time")),
        When(done, then=Value(DeadlineStatus.DONE_LATE.value)),
        When(due_date__lt=today, then=Value(DeadlineStatus.OPEN_OVERDUE.value)),
        When(due_date__lte=due_soon_from, then=Value(DeadlineStatus.OPEN_DUE_SOON.value)),
        default=Value(DeadlineStatus.OPEN_ON_TRACK.value),
        output_field=CharField(),
    )


def deadline_shown(
    *, status: str, due_date: dt.date, submitted_at: dt.datetime | None, deadline_status: str
) -> DeadlineStatus | SubmissionTiming:
    """The deadline as the pages show it: `deadline_status`, but for a task awaiting acceptance.

    `deadline_status` (docs/rules.md, and the API's) counts a submitted task as still open,
    so once its due date passes it is "in progress, overdue", beside "awaiting
    acceptance": untrue, the owner has handed it in. The pages say instead whether it was
    handed in in time: submitted on or before the due date (the day in Hanoi) is
    "submitted in time", after it "submitted late", which is what accepting that
    submission makes it (done early or on time, or done late). The summaries keep
    counting it by `deadline_status` until it is accepted (docs/reports.md).
    """
    if status == Status.SUBMITTED and submitted_at is not None:
        if clock.local_date(submitted_at) > due_date:
            return SubmissionTiming.SUBMITTED_LATE
        return SubmissionTiming.SUBMITTED_IN_TIME
    return DeadlineStatus(deadline_status)


def deadline_label(value: str) -> str:
    """The words of a `deadline_shown()` value (or of a deadline status) in the active language."""
    for choices in (DeadlineStatus, SubmissionTiming):
        if value in choices.values:
            return str(choices(value).label)
    return ""
