"""`python manage.py backup FILE`: the whole database and its attached files to one archive
(docs/security.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from assignments import backups


class Command(BaseCommand):
    help = (
        "Write the whole database and every attached file to the archive FILE (tar): pg_dump's "
        "custom format on PostgreSQL, a copy of the database file on SQLite, the files as the "
        "attachments' storage holds them, and a manifest of their checksums. Safe while the app "
        "runs. Restore with `manage.py restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup (overwritten).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")

    def handle(self, *args: Any, file: Path, database: str, **options: Any) -> None:
        try:
            report = backups.backup(file, using=database)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in report.missing:
            self.stderr.write(f"Not in the storage, left out: {name}")
        for name in report.altered:
            self.stderr.write(f"Differs from the checksum its row holds, backed up as it is: {name}")
        self.stdout.write(
            f"Backed up to {file} ({file.stat().st_size:,} bytes): the database and "
            f"{report.files:,} files ({report.bytes:,} bytes)."
        )
