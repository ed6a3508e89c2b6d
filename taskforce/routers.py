"""Reports read from a replica of the database, when there is one.

With `REPLICA_DATABASE_URL` set, the settings add a `replica` database (a streaming
replica of the primary) and this router. The reads made inside
`assignments.reporting.reporting()` (the reporting path every report takes, the API's
and the pages') go to the replica; everything else, and every write, goes to the
primary.

`REPORTING_DATABASE` names the alias the reports read from (the settings set it to
`replica`); unset, the router sends nothing anywhere, so the code runs the same with
one database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from assignments.reporting import is_reporting


def reporting_database() -> str | None:
    return getattr(settings, "REPORTING_DATABASE", None)


class ReportingRouter:
    """Sends the reads made inside `reporting()` to the reporting database."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if is_reporting():
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
