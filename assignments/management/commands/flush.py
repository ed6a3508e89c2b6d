"""Django's `flush`, the one sanctioned wipe of the append-only tables on SQLite (the
events and the history of reference data).

On PostgreSQL flush truncates (no row trigger fires); on SQLite it deletes, which the
tables' triggers refuse outside `audit_guard.sanctioned_wipe()` (migrations 0005, 0007). The
test runner flushes between transactional tests through this command too.
"""

from typing import Any

from django.core.management.commands import flush

from assignments.audit_guard import sanctioned_wipe


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with sanctioned_wipe():
            super().handle(**options)
