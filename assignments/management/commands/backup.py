"""`python manage.py backup FILE`: the whole database to one file (docs/security.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from assignments import backups


class Command(BaseCommand):
    help = (
        "Write the whole database to FILE: pg_dump's custom format on PostgreSQL, a copy of the "
        "database file on SQLite. Safe while the app runs. Restore with `manage.py restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup (overwritten).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")

    def handle(self, *args: Any, file: Path, database: str, **options: Any) -> None:
        try:
            backups.backup(file, using=database)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up to {file} ({file.stat().st_size:,} bytes).")
