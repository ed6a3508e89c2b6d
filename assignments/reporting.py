"""The reporting path: how every report is read, for the API and the pages alike.

The API's summary (JSON, XLSX, CSV), the pages' dashboard and the pages' download all
read their figures here and build their files with `assignments.exports`: one path, so
a figure is counted the same way and read from the same database wherever it is shown.

Reports read from a replica of the database when there is one: reads made inside
`reporting()` go to the database named by the setting `REPORTING_DATABASE` (the
router in taskforce/routers.py sends them); everything else, and every write, goes to
the primary. Only the reports opt in: a summary may lag the primary by the replica's
delay (usually well under a second), which a report for a meeting can afford, while a
task a phone has just changed must be read back from the primary. Unset, `reporting()`
changes nothing, so the code runs the same with one database.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings

from assignments.exports import SpreadsheetReport
from assignments.models import Target
from assignments.roles import AnyUser
from assignments.summaries import Summary, report_task_lines, summary_for

P = ParamSpec("P")
R = TypeVar("R")

_reporting: ContextVar[bool] = ContextVar("taskforce_reporting", default=False)


@contextmanager
def reporting() -> Iterator[None]:
    """Reads inside the block go to the reporting database, if one is configured."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def is_reporting() -> bool:
    return _reporting.get()


def reporting_iterator(items: Iterable[Any]) -> Iterator[Any]:
    """`items` read inside `reporting()`, for a report streamed after its view has returned
    (the CSV's task list). Only each step runs inside it, never the code between two
    items, so nothing else in the process reads from the replica meanwhile."""
    iterator = iter(items)
    while True:
        with reporting():
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


def read_for_reports(read: Callable[P, R]) -> Callable[P, R]:
    """`read`, with the same parameters (written once, checked by the type checker),
    run inside `reporting()`."""

    @functools.wraps(read)
    def on_reporting_database(*args: P.args, **kwargs: P.kwargs) -> R:
        with reporting():
            return read(*args, **kwargs)

    return on_reporting_database


#: `summaries.summary_for`, counted on the reporting database.
report_summary = read_for_reports(summary_for)


def report_targets() -> list[Target]:
    """The term targets by deadline (the dashboard's list), read on the reporting database."""
    with reporting():
        return list(Target.objects.order_by("deadline", "code"))


def spreadsheet_report(user: AnyUser, summary: Summary) -> SpreadsheetReport:
    """What the meeting spreadsheet shows for `summary`: its figures, the term targets and
    the tasks behind it, the last two read on the reporting database as the file is
    written (or streamed, after the view has returned)."""
    return SpreadsheetReport(
        summary=summary,
        committee=settings.COMMITTEE_NAME,
        tasks=reporting_iterator(report_task_lines(user, summary)),
        targets=reporting_iterator(Target.objects.all()),
    )
