"""The database refuses to change or remove an event or a row of the history of
reference data, on SQLite as on PostgreSQL.

PostgreSQL's trigger (migration 0002) lets TRUNCATE through, the one sanctioned wipe
(the test runner's flush, the demo reset). SQLite has no TRUNCATE: its flush is a
plain DELETE. So its DELETE triggers (migrations 0005 and 0007) ask a function of the
connection, `taskforce_sanctioned_wipe()`, whether a wipe is under way; this module
registers it on every SQLite connection Django opens and answers yes only inside
`sanctioned_wipe()`. Any other program (the sqlite3 shell, a script) has no such
function, so its DELETE fails too.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.signals import connection_created

_WIPING = contextvars.ContextVar("taskforce_sanctioned_wipe", default=False)

SQL_FUNCTION = "taskforce_sanctioned_wipe"


@contextmanager
def sanctioned_wipe() -> Iterator[None]:
    """Inside this block Django's own connections may empty the append-only tables."""
    token = _WIPING.set(True)
    try:
        yield
    finally:
        _WIPING.reset(token)


def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 0, lambda: int(_WIPING.get()))


def install() -> None:
    """Called once from the app's `ready()`: every SQLite connection gets the function."""
    connection_created.connect(_register, dispatch_uid="taskforce_sanctioned_wipe")
