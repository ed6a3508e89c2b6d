"""The demo's calendar: the days its stories are told over, and when each thing happens.

The stories (assignments/demo/story.py) draw their days here, from the same random
generator in the same order, so a fixed seed gives the same dates on every run.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from assignments import clock
from assignments.choices import DeadlineStatus as DS
from assignments.choices import Status

#: The day the demo's story is told as of; the last actions happen the day before.
DEMO_TODAY = dt.date(2026, 11, 27)
LAST_DAY = DEMO_TODAY - dt.timedelta(days=1)
FIRST_DAY = dt.date(2024, 1, 2)
FIRST_DUE = dt.date(2024, 2, 1)
LAST_DUE = dt.date(2026, 12, 31)


def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last < first:
        raise ValueError(f"empty range of days: {first} to {last}")
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def final_due(rng: random.Random, ds: DS) -> dt.date:
    """The due date a task ends with, for it to stand in `ds` as of DEMO_TODAY."""
    if ds == DS.OPEN_DUE_SOON:
        # Due within three days of both 27 and 28 November: robust to the hour it is read.
        return day_between(rng, DEMO_TODAY + days(1), DEMO_TODAY + days(3))
    if ds == DS.OPEN_ON_TRACK:
        return day_between(rng, DEMO_TODAY + days(6), LAST_DUE)
    if ds == DS.OPEN_OVERDUE:
        if rng.random() < 0.8:
            return day_between(rng, dt.date(2026, 5, 1), LAST_DAY - days(1))
        return day_between(rng, dt.date(2025, 7, 1), dt.date(2026, 4, 30))
    if ds == DS.CANCELLED:
        return day_between(rng, FIRST_DUE, LAST_DUE)
    if ds == DS.DONE_EARLY and rng.random() < 0.04:
        return day_between(rng, DEMO_TODAY + days(6), LAST_DUE)  # finished ahead of a future deadline
    latest = LAST_DAY - days(3 if ds == DS.DONE_LATE else 1)
    return day_between(rng, FIRST_DUE, latest)


def start_day(rng: random.Random, *, expected_days: int, original_due: dt.date, status: Status) -> dt.date:
    """The day the task is assigned: its process's time before the original due date, with
    room before LAST_DAY for the work its story needs to reach `status`."""
    duration = round(expected_days * rng.uniform(1.0, 1.8)) + rng.randint(0, 10)
    start = max(FIRST_DAY, original_due - days(duration))
    # Leave room before the last day for the work the story needs.
    room = {
        Status.ASSIGNED: 1,
        Status.IN_PROGRESS: 6,
        Status.PAUSED: 10,
        Status.SUBMITTED: 14,
        Status.CANCELLED: 5,
        Status.DONE: 14,
    }[status]
    if start > LAST_DAY - days(room):
        start = LAST_DAY - days(room + rng.randint(0, 15))
    return start


def office_moments(
    rng: random.Random, start: dt.date, on: Sequence[dt.date]
) -> tuple[dt.datetime, list[dt.datetime]]:
    """The task's creation on `start` and a moment for each day of `on` (in order), in Hanoi
    office hours, each strictly after the previous one."""
    tz = clock.committee_tz()

    def opening(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(7, 30), tzinfo=tz) + dt.timedelta(minutes=rng.randint(0, 420))

    created = opening(start)
    moment = created
    moments = []
    for day in on:
        if day > moment.date():
            moment = opening(day)
        else:
            later = moment + dt.timedelta(minutes=rng.randint(3, 25))
            moment = later if later.date() == moment.date() else moment + dt.timedelta(seconds=20)
        moments.append(moment)
    return created, moments
