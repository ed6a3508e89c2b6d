"""The escalation's two forms agree (assignments/escalation.py), at every boundary of the
office's numbers: the level a task shows, the list filters on and the summary counts is
the one the daily run acts on."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments.choices import Escalation, Status
from assignments.escalation import escalation
from assignments.models import Task

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 20)


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.PAUSED, Status.SUBMITTED, Status.CANCELLED])
def test_the_python_and_the_sql_forms_give_the_same_level(cast, status):
    seen = set()
    for days_overdue in range(-2, 13):  # around 0, 2 (explain_within) and 9 (+ committee_after)
        for explained in (False, True):
            due = TODAY - dt.timedelta(days=days_overdue)
            Task.objects.filter(pk=cast.task.pk).update(
                status=status,
                start_date=due - dt.timedelta(days=30),
                due_date=due,
                original_due_date=due,
                explained_for_due_date=due if explained else None,
            )
            row = Task.objects.with_escalation(TODAY).get(pk=cast.task.pk)
            expected = escalation(
                status=status, due_date=due, explained_for_due_date=row.explained_for_due_date, today=TODAY
            )
            assert row.escalation == expected, (status, days_overdue, explained)
            seen.add(expected)
    if status == Status.CANCELLED:
        assert seen == {Escalation.NONE}
    else:
        assert seen == set(Escalation)


@pytest.mark.parametrize(
    ("days_overdue", "explained", "level"),
    [
        (0, False, Escalation.NONE),
        (1, False, Escalation.OWNER),
        (2, False, Escalation.OWNER),
        (3, False, Escalation.LEADER),
        (3, True, Escalation.OWNER),
        (9, False, Escalation.LEADER),
        (9, True, Escalation.OWNER),
        (10, True, Escalation.COMMITTEE),
        (10, False, Escalation.COMMITTEE),
    ],
)
def test_the_levels_of_docs_rules(days_overdue, explained, level):
    due = TODAY - dt.timedelta(days=days_overdue)
    assert (
        escalation(
            status=Status.IN_PROGRESS,
            due_date=due,
            explained_for_due_date=due if explained else None,
            today=TODAY,
            explain_within=2,
            committee_after=7,
        )
        == level
    )


def test_an_explanation_for_an_earlier_due_date_does_not_count():
    due = TODAY - dt.timedelta(days=5)
    earlier = due - dt.timedelta(days=10)
    assert (
        escalation(
            status=Status.IN_PROGRESS,
            due_date=due,
            explained_for_due_date=earlier,
            today=TODAY,
            explain_within=2,
            committee_after=7,
        )
        == Escalation.LEADER
    )
