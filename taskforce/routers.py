"""Reports read from a replica of the database, when there is one.

With `REPLICA_DATABASE_URL` set, the settings add a `replica` database (a streaming
replica of the primary) and this router. Reads made inside `reporting()` go to the
replica; everything else, and every write, goes to the primary. Only the reports opt
in: a summary may lag the primary by the replica's delay (usually well under a second),
which a report for a meeting can afford, while a task a phone has just changed must be
read back from the primary.

`REPORTING_DATABASE` names the alias the reports read from (the settings set it to
`replica`); unset, `reporting()` changes nothing, so the code runs the same with one
database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

_reporting: ContextVar[bool] = ContextVar("taskforce_reporting", default=False)


@contextmanager
def reporting() -> Iterator[None]:
    """Reads inside the block go to the reporting database, if one is configured."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


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


def reporting_database() -> str | None:
    return getattr(settings, "REPORTING_DATABASE", None)


class ReportingRouter:
    """Sends the reads made inside `reporting()` to the reporting database."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _reporting.get():
            return reporting_database()
        return None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: objects read from either relate.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A replica follows its primary; migrations run on the primary only.
        return db == "default"
