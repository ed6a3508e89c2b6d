"""A whole database to one file and back, with the database's own tools.

- PostgreSQL: `pg_dump --format=custom` and `pg_restore`. The dump is one consistent
  snapshot taken while the app runs, and holds everything: tables, sequences, the audit
  trail's trigger, the cache table. Its rows are loaded with COPY, so the trigger that
  refuses UPDATE and DELETE of events never stands in the way.
- SQLite: the online backup API of `sqlite3`, a page-by-page copy of the database file,
  consistent even while the app writes.

Both restore into an empty database as it was (no `migrate` needed: the migrations table
comes along), or replace a database that has tables when asked to. Moving from SQLite to
PostgreSQL is another matter: `dumpdata` / `loaddata` (docs/security.md).

Not `dumpdata`: it reads each table in its own query, so a backup taken while people work
can hold an event of a task it does not hold; and it loads a million events through the
ORM one by one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"

#: How each kind of backup file begins.
MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}


class BackupError(Exception):
    """The backup or the restore could not be done; the message says why."""


def backup(path: Path, *, using: str = "default") -> None:
    """Write the whole database `using` to `path` (overwritten)."""
    connection = connections[using]
    engine = connection.settings_dict["ENGINE"]
    path.unlink(missing_ok=True)
    if engine == POSTGRESQL:
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"],
            connection.settings_dict,
        )
    elif engine == SQLITE:
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            with target:
                connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"No backup for the database engine {engine}.")


def restore(path: Path, settings: dict[str, Any], *, replace: bool = False) -> None:
    """Load the backup at `path` into the database `settings` describe.

    The database must be empty (no table), unless `replace`: then whatever the backup
    holds replaces what the database has.
    """
    engine = settings["ENGINE"]
    kind = kind_of(path)
    if kind != engine:
        made = f"a {_NAMES[kind]} backup" if kind else "not a backup"
        raise BackupError(f"{path} is {made}; the database is {_NAMES.get(engine, engine)}.")
    if not replace and not is_empty(settings):
        raise BackupError("The database has tables: restore into an empty one, or replace it (--replace).")
    if engine == POSTGRESQL:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if replace:
            command += ["--clean", "--if-exists"]
        _run([*command, f"--dbname={settings['NAME']}", str(path)], settings)
    else:
        source = sqlite3.connect(path)
        target = _sqlite(settings)
        try:
            source.backup(target)  # replaces every page of the target
        finally:
            source.close()
            target.close()


def kind_of(path: Path) -> str | None:
    """The engine a backup file was made from, by its first bytes; None if it is no backup."""
    with open(path, "rb") as file:
        head = file.read(16)
    return next((engine for engine, magic in MAGIC.items() if head.startswith(magic)), None)


def is_empty(settings: dict[str, Any]) -> bool:
    if settings["ENGINE"] == POSTGRESQL:
        import psycopg

        with psycopg.connect(**_libpq(settings)) as pg:
            row = pg.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        assert row is not None  # count(*) answers one row
        return row[0] == 0
    if not _is_uri(settings) and not Path(settings["NAME"]).exists():
        return True
    conn = _sqlite(settings)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
    finally:
        conn.close()


_NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}


def _is_uri(settings: dict[str, Any]) -> bool:
    return str(settings["NAME"]).startswith("file:")


def _sqlite(settings: dict[str, Any]) -> sqlite3.Connection:
    # A "file:" name is a URI, as Django opens it (the test database lives in memory).
    return sqlite3.connect(settings["NAME"], uri=_is_uri(settings))


def _libpq(settings: dict[str, Any]) -> dict[str, Any]:
    """Connection parameters in libpq's names."""
    names = {"NAME": "dbname", "USER": "user", "PASSWORD": "password", "HOST": "host", "PORT": "port"}
    params = {libpq: str(settings[key]) for key, libpq in names.items() if settings.get(key)}
    params.update({key: value for key, value in settings.get("OPTIONS", {}).items() if key == "sslmode"})
    return params


def _run(command: list[str], settings: dict[str, Any]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    variables = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "sslmode": "PGSSLMODE",
    }
    # The password goes through the environment, never the command line (`ps` shows that).
    env = {**os.environ, **{variables[key]: value for key, value in _libpq(settings).items()}}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
