"""`deadline_status` (docs/rules.md, "Deadlines"): the function, the task and the queryset agree.

tests/assignments/data/deadline-cases.csv is a copy of the shared reference cases
(../shared/reference/deadline-cases.csv), kept in the project so the suite needs
nothing outside it.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count

from assignments import clock, services
from assignments.choices import DeadlineStatus, Status, SubmissionTiming
from assignments.deadlines import deadline_label, deadline_shown, deadline_status
from assignments.models import Task
from tests.assignments.lifecycle import bring_to
from tests.conftest import Cast
from tests.factories import ProcessFactory, make_task

HANOI = dt.timezone(dt.timedelta(hours=7))
DUE = dt.date(2026, 3, 31)


def _read_cases() -> list[dict[str, Any]]:
    with (Path(__file__).parent / "data" / "deadline-cases.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [
        {
            "case": row["case"],
            "status": row["status"],
            "due_date": dt.date.fromisoformat(row["due_date"]),
            "completed_at": dt.datetime.fromisoformat(row["completed_at"]) if row["completed_at"] else None,
            "now": dt.datetime.fromisoformat(row["now"]),
            "expected": DeadlineStatus(row["expected"]),
        }
        for row in rows
    ]


CASES = _read_cases()


def _set_in_db(task: Task, *, status: str, due_date: dt.date, completed_at: dt.datetime | None) -> Task:
    """Put the task straight into a state (a fixture shortcut; the services are tested elsewhere)."""
    Task.objects.filter(pk=task.pk).update(
        status=status,
        start_date=min(task.start_date, due_date),
        due_date=due_date,
        original_due_date=due_date,
        completed_at=completed_at,
    )
    return Task.objects.get(pk=task.pk)


def _all_three(task: Task, moment: dt.datetime) -> tuple[str, str, str]:
    """The task's status as of `moment`: on the object, by the annotation, by the default today."""
    today = clock.local_date(moment)
    on_object = task.deadline_status_on(today)
    annotated = Task.objects.with_deadline_status(today).get(pk=task.pk).deadline_status
    with clock.frozen_at(moment):
        as_of_now = Task.objects.with_deadline_status().get(pk=task.pk).deadline_status
        assert Task.objects.get(pk=task.pk).deadline_status == on_object
    return on_object, annotated, as_of_now


def test_the_reference_cases_are_all_here():
    assert len(CASES) == 20
    assert {c["expected"] for c in CASES} == set(DeadlineStatus)


@pytest.mark.parametrize("row", CASES, ids=[c["case"] for c in CASES])
def test_reference_case_by_the_function(row):
    today = clock.local_date(row["now"])
    answer = deadline_status(
        status=row["status"], due_date=row["due_date"], completed_at=row["completed_at"], today=today
    )
    assert answer == row["expected"]


@pytest.mark.parametrize("row", CASES, ids=[c["case"] for c in CASES])
def test_reference_case_on_a_saved_task_and_by_the_annotation_agree(cast, row):
    task = _set_in_db(
        cast.task, status=row["status"], due_date=row["due_date"], completed_at=row["completed_at"]
    )
    expected = row["expected"].value
    assert _all_three(task, row["now"]) == (expected, expected, expected)


# --------------------------------------------------------------------------- boundaries


OPEN_BOUNDARIES = [
    (-5, DeadlineStatus.OPEN_ON_TRACK),
    (-4, DeadlineStatus.OPEN_ON_TRACK),
    (-3, DeadlineStatus.OPEN_DUE_SOON),
    (-1, DeadlineStatus.OPEN_DUE_SOON),
    (0, DeadlineStatus.OPEN_DUE_SOON),
    (1, DeadlineStatus.OPEN_OVERDUE),
    (30, DeadlineStatus.OPEN_OVERDUE),
]


@pytest.mark.parametrize("status", [Status.ASSIGNED, Status.IN_PROGRESS, Status.PAUSED, Status.SUBMITTED])
@pytest.mark.parametrize(
    ("days", "expected"), OPEN_BOUNDARIES, ids=[f"due{d:+d}" for d, _ in OPEN_BOUNDARIES]
)
def test_an_open_task_around_its_due_date(cast, status, days, expected):
    task = _set_in_db(cast.task, status=status, due_date=DUE, completed_at=None)
    moment = dt.datetime.combine(DUE + dt.timedelta(days=days), dt.time(12, 0), tzinfo=HANOI)
    assert _all_three(task, moment) == (expected, expected, expected)


DONE_BOUNDARIES = [
    (-10, DeadlineStatus.DONE_EARLY),
    (-1, DeadlineStatus.DONE_EARLY),
    (0, DeadlineStatus.DONE_ON_TIME),
    (1, DeadlineStatus.DONE_LATE),
]


@pytest.mark.parametrize(
    ("days", "expected"), DONE_BOUNDARIES, ids=[f"done{d:+d}" for d, _ in DONE_BOUNDARIES]
)
def test_a_done_task_is_early_on_time_or_late_whatever_today_is(cast, days, expected):
    completed = dt.datetime.combine(DUE + dt.timedelta(days=days), dt.time(15, 0), tzinfo=HANOI)
    task = _set_in_db(cast.task, status=Status.DONE, due_date=DUE, completed_at=completed)
    for later in (0, 1, 400):
        moment = completed + dt.timedelta(days=later)
        assert _all_three(task, moment) == (expected, expected, expected)


def test_the_extended_due_date_is_the_one_that_counts(cast):
    task = bring_to(cast.task, Status.IN_PROGRESS)
    moment = dt.datetime(2026, 4, 2, 9, 0, tzinfo=HANOI)
    assert _all_three(task, moment)[0] == DeadlineStatus.OPEN_OVERDUE

    services.task_extend(
        task=task, actor=cast.leader.user, due_date=dt.date(2026, 4, 30), reason="Chờ số liệu"
    )
    task = Task.objects.get(pk=task.pk)
    assert _all_three(task, moment) == ("open_on_track",) * 3


# --------------------------------------------------------------------------- Hanoi midnight


@pytest.mark.parametrize(
    ("submitted_at", "expected"),
    [
        (dt.datetime(2026, 3, 31, 23, 30, tzinfo=HANOI), DeadlineStatus.DONE_ON_TIME),
        (dt.datetime(2026, 4, 1, 0, 30, tzinfo=HANOI), DeadlineStatus.DONE_LATE),
        # The same two moments written in UTC: both fall on 31 March there.
        (dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC), DeadlineStatus.DONE_ON_TIME),
        (dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC), DeadlineStatus.DONE_LATE),
    ],
    ids=["23:30 on the due date", "00:30 the day after", "16:30 UTC", "17:30 UTC"],
)
def test_submission_around_midnight_in_hanoi_through_the_services(cast, submitted_at, expected):
    assert cast.task.due_date == DUE
    task = bring_to(cast.task, Status.IN_PROGRESS, work_done=True)
    with clock.frozen_at(submitted_at):
        services.task_submit(task=task, actor=cast.owner.user)
    # Accepted days later: what counts is when the work was handed in.
    with clock.frozen_at(submitted_at + dt.timedelta(days=3)):
        services.task_accept(task=task, actor=cast.leader.user)

    task = Task.objects.get(pk=task.pk)
    assert task.completed_at == submitted_at
    assert _all_three(task, submitted_at + dt.timedelta(days=10)) == (expected, expected, expected)


# --------------------------------------------------------------------------- filtering


def _a_spread_of_tasks(cast: Cast) -> list[Task]:
    """Tasks in every status with due dates around 29 March 2026 (a fixture shortcut)."""
    process = ProcessFactory(steps=1)
    layouts: list[tuple[str, int, int | None]] = [
        (status, days, None)
        for status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.PAUSED, Status.SUBMITTED)
        for days in (-6, -4, -3, 0, 2, 5)
    ]
    layouts += [(Status.DONE, 0, done) for done in (-2, 0, 1, 3)]
    layouts += [(Status.CANCELLED, days, None) for days in (-9, 9)]
    tasks = []
    for status, days, done in layouts:
        due = dt.date(2026, 3, 29) + dt.timedelta(days=days)
        task = make_task(group=cast.group, owner=cast.owner, process=process, due_date=due)
        completed = (
            None if done is None else dt.datetime.combine(due + dt.timedelta(days=done), dt.time(8), HANOI)
        )
        tasks.append(_set_in_db(task, status=status, due_date=due, completed_at=completed))
    return tasks


def test_filtering_on_the_annotation_returns_the_same_tasks_as_python(cast):
    tasks = [cast.task, *_a_spread_of_tasks(cast)]
    today = dt.date(2026, 3, 29)
    by_python = collections.defaultdict(set)
    for task in tasks:
        by_python[task.deadline_status_on(today)].add(task.pk)
    assert set(by_python) == set(DeadlineStatus)

    annotated = Task.objects.with_deadline_status(today)
    for value in DeadlineStatus:
        assert set(annotated.filter(deadline_status=value).values_list("pk", flat=True)) == by_python[value]
    wanted = [DeadlineStatus.OPEN_DUE_SOON, DeadlineStatus.OPEN_OVERDUE]
    assert set(annotated.filter(deadline_status__in=wanted).values_list("pk", flat=True)) == (
        by_python[DeadlineStatus.OPEN_DUE_SOON] | by_python[DeadlineStatus.OPEN_OVERDUE]
    )
    counts = dict(annotated.order_by().values_list("deadline_status").annotate(n=Count("pk")))
    assert counts == {value.value: len(pks) for value, pks in by_python.items()}


# --------------------------------------------------------------------------- as the pages show it

SHOWN_CASES = [
    # status, submitted (Hanoi), the deadline status today, shown
    (Status.SUBMITTED, dt.datetime(2026, 3, 31, 23, 30, tzinfo=HANOI), "open_overdue", "submitted_in_time"),
    (Status.SUBMITTED, dt.datetime(2026, 4, 1, 0, 30, tzinfo=HANOI), "open_overdue", "submitted_late"),
    (Status.SUBMITTED, dt.datetime(2026, 3, 1, 9, 0, tzinfo=HANOI), "open_on_track", "submitted_in_time"),
    (Status.SUBMITTED, dt.datetime(2026, 3, 30, 9, 0, tzinfo=HANOI), "open_due_soon", "submitted_in_time"),
    (Status.IN_PROGRESS, None, "open_overdue", "open_overdue"),
    (Status.DONE, None, "done_late", "done_late"),
    (Status.CANCELLED, None, "cancelled", "cancelled"),
]


@pytest.mark.parametrize(("status", "submitted_at", "deadline", "expected"), SHOWN_CASES)
def test_a_task_awaiting_acceptance_is_shown_against_its_submission_not_today(
    status, submitted_at, deadline, expected
):
    shown = deadline_shown(status=status, due_date=DUE, submitted_at=submitted_at, deadline_status=deadline)
    assert shown == expected
    assert str(deadline_label(shown))  # every value has a label


def test_the_task_shows_what_its_deadline_status_would_become_on_acceptance(cast):
    """Submitted late is what accepting it makes done late; in time, done early or on time."""
    task = bring_to(cast.task, Status.SUBMITTED)
    Task.objects.filter(pk=task.pk).update(
        due_date=dt.date(2026, 2, 1), original_due_date=dt.date(2026, 2, 1)
    )
    task = Task.objects.with_deadline_status().get(pk=task.pk)
    assert task.deadline_status == DeadlineStatus.OPEN_OVERDUE  # docs/rules.md: still open, and overdue
    assert task.deadline_shown == SubmissionTiming.SUBMITTED_LATE
    services.task_accept(task=task.pk, actor=cast.leader.user)
    assert Task.objects.get(pk=task.pk).deadline_status == DeadlineStatus.DONE_LATE
