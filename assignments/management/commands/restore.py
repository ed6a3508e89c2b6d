"""`python manage.py restore FILE`: a backup made by `manage.py backup`, the database and its
attached files (docs/security.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from assignments import backups


class Command(BaseCommand):
    help = (
        "Load a backup made by `manage.py backup` into an empty database: the configured one, or "
        "the one --into names (e.g. a scratch database, to look at a backup before relying on it). "
        "A database that has tables is replaced only with --replace. Every file is checked against "
        "the backup's manifest first; then the files are written into the attachments' storage "
        "under their names, replacing files of the same name (not with --no-files)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup to load.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The configured database to load it into."
        )
        parser.add_argument("--into", metavar="DATABASE_URL", help="Load it into this database instead.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace what the database holds with the backup."
        )
        parser.add_argument(
            "--no-files",
            action="store_false",
            dest="files",
            help="Restore the database only, leaving the attachments' storage as it is "
            "(e.g. with --into, to look at a backup).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask to confirm --replace.",
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        database: str,
        into: str | None,
        replace: bool,
        interactive: bool,
        files: bool = True,
        **options: Any,
    ) -> None:
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        settings = environ.Env.db_url_config(into) if into else connections[database].settings_dict
        if replace and interactive:
            answer = input(f"Replace everything in {settings['NAME']} with {file}? Type 'yes' to go on: ")
            if answer != "yes":
                raise CommandError("Nothing was restored.")
        try:
            report = backups.restore(file, settings, replace=replace, files=files)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for note in report.notes:
            self.stdout.write(note)
        self.stdout.write(
            f"Restored {file} into {settings['NAME']}, and {report.files:,} files "
            f"({report.bytes:,} bytes) into the attachments' storage."
        )
