"""A whole database and its attached files to one file and back, with the database's own tools.

- PostgreSQL: `pg_dump --format=custom` and `pg_restore`. The dump is one consistent
  snapshot taken while the app runs, and holds everything: tables, sequences, the audit
  trail's trigger, the cache table. Its rows are loaded with COPY, so the trigger that
  refuses UPDATE and DELETE of events never stands in the way.
- SQLite: the online backup API of `sqlite3`, a page-by-page copy of the database file,
  consistent even while the app writes.

The backup is one tar archive (format `VERSION`), written and read in pieces, never whole
in memory: the dump (member `database`), every attachment's stored file and thumbnail
under their storage names (members `files/<name>`), and last `manifest.json`: the format,
the engine, and the size and SHA-256 of the dump and of each file, computed while they are
streamed into the archive. The files are read through the Django storage API only
(open/save/exists/delete, never a path), so the file system under var/ and an S3 bucket
are alike.

The files are those of the dump's own moment: the list of attachments is read from the
same snapshot as the dump (PostgreSQL: `pg_dump --snapshot` of a transaction that reads
the list; SQLite: the copy itself), so a file uploaded during the dump is neither in the
dump nor in the archive. A row of the snapshot whose file cannot be found in the storage
(an upload still being written, a file lost) is listed in the manifest as missing and
reported, not fatal; so is a file whose bytes differ from its row's checksum.

A restore checks every file against the manifest first: a member missing, or one byte
different, refuses the restore, naming the file, before the database is touched. Then the
database is restored as before, and the files are written into the storage under the same
names (a file of that name is deleted first). A backup made before files were carried (a
bare dump, recognised by `MAGIC`) still restores, with a note that it holds no file.

Both restore into an empty database as it was (no `migrate` needed: the migrations table
comes along), or replace a database that has tables when asked to. Moving from SQLite to
PostgreSQL is another matter: `dumpdata` / `loaddata` (docs/security.md).

Not `dumpdata`: it reads each table in its own query, so a backup taken while people work
can hold an event of a task it does not hold; and it loads a million events through the
ORM one by one.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import Storage
from django.core.files.utils import validate_file_name
from django.db import connections

from assignments import clock

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"

#: How each kind of bare database dump begins (a backup made before files were carried).
MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}

#: The archive's format, in its manifest; a restore refuses a newer one.
FORMAT = "taskforce-backup"
VERSION = 1
DATABASE_MEMBER = "database"
FILES_PREFIX = "files/"
MANIFEST_MEMBER = "manifest.json"

CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or the restore could not be done; the message says why."""


@dataclass
class Report:
    """What a backup or a restore did, for the command to print."""

    files: int = 0
    bytes: int = 0
    #: Files listed by the database but not found in the storage when the backup was made.
    missing: list[str] = field(default_factory=list)
    #: Files whose bytes, when the backup was made, differed from their row's checksum.
    altered: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def attachment_storage() -> Storage:
    """Where the attachments' files are (settings.STORAGES["attachments"], asked now)."""
    from assignments.models.attachments import attachment_storage as current

    return current()


# Backup ------------------------------------------------------------------------------------


def backup(path: Path, *, using: str = "default", storage: Storage | None = None) -> Report:
    """Write the whole database `using` and its attached files to the archive `path`
    (replaced only once the new one is complete)."""
    connection = connections[using]
    settings = connection.settings_dict
    engine = settings["ENGINE"]
    if engine not in MAGIC:
        raise BackupError(f"No backup for the database engine {engine}.")
    storage = storage or attachment_storage()
    report = Report()
    partial = path.with_name(path.name + ".part")
    # The dump waits beside the archive (where there is room for it), not in /tmp.
    with tempfile.TemporaryDirectory(prefix=".taskforce-backup-", dir=path.parent) as scratch:
        dump = Path(scratch) / DATABASE_MEMBER
        if engine == POSTGRESQL:
            rows = _pg_dump(dump, settings)
        else:
            _sqlite_copy(connection, dump)
            rows = _attachment_rows(sqlite3.connect(dump))
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                with open(dump, "rb") as source:
                    database = _add(archive, DATABASE_MEMBER, source, os.fstat(source.fileno()).st_size)
                files = []
                for name, expected in _names(rows):
                    try:
                        opened = storage.open(name, "rb")
                    except FileNotFoundError:
                        report.missing.append(name)
                        continue
                    with opened:
                        entry = {"name": name, **_add(archive, FILES_PREFIX + name, opened, opened.size)}
                    if expected is not None and entry["sha256"] != expected:
                        report.altered.append(name)
                    files.append(entry)
                    report.files += 1
                    report.bytes += entry["size"]
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "engine": engine,
                    "made_at": clock.now().isoformat(timespec="seconds"),
                    "database": database,
                    "files": files,
                    "missing": report.missing,
                    "altered": report.altered,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add(archive, MANIFEST_MEMBER, io.BytesIO(body), len(body))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return report


class _Hashing:
    """A reader that hashes and counts what is read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        return chunk


def _add(archive: tarfile.TarFile, member: str, source: Any, size: int) -> dict[str, Any]:
    """Stream `size` bytes of `source` into the archive as `member`: their size and SHA-256."""
    info = tarfile.TarInfo(member)
    info.size = size
    info.mtime = int(clock.now().timestamp())
    info.mode = 0o600
    reader = _Hashing(source)
    try:
        archive.addfile(info, reader)  # tarfile only calls read()
    except OSError as exc:  # shorter than its size said: changed while it was read
        raise BackupError(f"{member} changed while it was read: {exc}") from exc
    return {"size": reader.size, "sha256": reader.sha256.hexdigest()}


def _names(rows: list[tuple[str, str, str]]) -> Iterator[tuple[str, str | None]]:
    """Each stored name once, in order, with the checksum its row holds (a file's; a
    thumbnail has none)."""
    expected: dict[str, str | None] = {}
    for file, thumbnail, sha256 in rows:
        if file:
            expected[file] = sha256
        if thumbnail:
            expected.setdefault(thumbnail, None)
    yield from sorted(expected.items())


def _attachment_query() -> str:
    from assignments.models import Attachment

    fields = [Attachment._meta.get_field(name) for name in ("file", "thumbnail", "sha256")]
    columns = ", ".join(f'"{each.column}"' for each in fields)  # type: ignore[union-attr]
    return f'SELECT {columns} FROM "{Attachment._meta.db_table}"'


def _attachment_rows(database: Any) -> list[tuple[str, str, str]]:
    try:
        return [tuple(row) for row in database.execute(_attachment_query()).fetchall()]
    finally:
        database.close()


def _pg_dump(path: Path, settings: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Dump into `path`; the attachments' rows of the dump's own snapshot."""
    import psycopg

    # One repeatable-read transaction exports its snapshot; pg_dump reads from it, and the
    # list of files is read in it: both see the same moment.
    with psycopg.connect(**_libpq(settings)) as pg:
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        pg.read_only = True
        row = pg.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        rows = [tuple(found) for found in pg.execute(_attachment_query()).fetchall()]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={row[0]}",
                f"--file={path}",
            ],
            settings,
        )
        pg.rollback()
    return rows


def _sqlite_copy(connection: Any, path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        with target:
            connection.connection.backup(target)
    finally:
        target.close()


# Restore -----------------------------------------------------------------------------------


def restore(
    path: Path,
    settings: dict[str, Any],
    *,
    replace: bool = False,
    storage: Storage | None = None,
    files: bool = True,
) -> Report:
    """Load the backup at `path` into the database `settings` describe, and its files into
    the attachments' storage (unless not `files`).

    The database must be empty (no table), unless `replace`: then whatever the backup
    holds replaces what the database has. Every file is checked against the manifest
    before anything is written.
    """
    engine = settings["ENGINE"]
    bare = _bare_kind(path)
    if bare is None and not tarfile.is_tarfile(path):
        raise BackupError(f"{path} is not a backup; the database is {_NAMES.get(engine, engine)}.")
    if bare is not None:
        _check_kind(path, bare, engine)
        _check_empty(settings, replace)
        _restore_database(path, settings, replace=replace)
        return Report(notes=[f"{path} is a backup of the database alone: it carries no files."])

    with tarfile.open(path, "r") as archive:
        manifest = _manifest(path, archive)
        _check_kind(path, manifest["engine"], engine)
        _check_empty(settings, replace)
        members = _verify(path, archive, manifest)
        report = Report(missing=list(manifest.get("missing", [])))
        if report.missing:
            report.notes.append(
                f"{len(report.missing)} files were missing from the storage when the backup was made: "
                + ", ".join(report.missing)
            )
        with tempfile.TemporaryDirectory(prefix="taskforce-restore-") as scratch:
            dump = Path(scratch) / DATABASE_MEMBER
            with _extracted(archive, members[DATABASE_MEMBER]) as source, open(dump, "wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
            _restore_database(dump, settings, replace=replace)
        if not files:
            report.notes.append(f"The {len(manifest['files'])} files were left out (--no-files).")
            return report
        storage = storage or attachment_storage()
        for entry in manifest["files"]:
            name = entry["name"]
            member = members[FILES_PREFIX + name]
            with _extracted(archive, member) as source:
                _write(storage, name, source, member.size)
            report.files += 1
            report.bytes += entry["size"]
    return report


def _bare_kind(path: Path) -> str | None:
    with open(path, "rb") as file:
        head = file.read(16)
    return next((engine for engine, magic in MAGIC.items() if head.startswith(magic)), None)


def kind_of(path: Path) -> str | None:
    """The engine a backup was made from; None if it is no backup."""
    bare = _bare_kind(path)
    if bare is not None or not tarfile.is_tarfile(path):
        return bare
    with tarfile.open(path, "r") as archive:
        try:
            return str(_manifest(path, archive)["engine"])
        except BackupError:
            return None


def _check_kind(path: Path, kind: str, engine: str) -> None:
    if kind != engine:
        raise BackupError(
            f"{path} is a {_NAMES.get(kind, kind)} backup; the database is {_NAMES.get(engine, engine)}."
        )


def _check_empty(settings: dict[str, Any], replace: bool) -> None:
    if not replace and not is_empty(settings):
        raise BackupError("The database has tables: restore into an empty one, or replace it (--replace).")


def _manifest(path: Path, archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST_MEMBER)
    except KeyError:
        raise BackupError(f"{path} is not a backup: it has no {MANIFEST_MEMBER}.") from None
    with _extracted(archive, member) as source:
        try:
            manifest = json.loads(source.read())
        except ValueError as exc:
            raise BackupError(f"{path}: its {MANIFEST_MEMBER} cannot be read ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup: its {MANIFEST_MEMBER} is not a {FORMAT} manifest.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{path} is a backup of format version {manifest.get('version')}; "
            f"this version of the app reads version {VERSION}."
        )
    return manifest


def _verify(path: Path, archive: tarfile.TarFile, manifest: dict[str, Any]) -> dict[str, tarfile.TarInfo]:
    """Every member the manifest lists is there, with its size and checksum, and nothing
    else: the members by name. Reads each one through, without writing anything."""
    members = {member.name: member for member in archive.getmembers()}
    expected = {DATABASE_MEMBER: manifest["database"]}
    for entry in manifest["files"]:
        name = entry["name"]
        try:
            validate_file_name(name, allow_relative_path=True)
        except SuspiciousFileOperation as exc:
            raise BackupError(f"{path}: the file name {name!r} is not allowed ({exc}).") from exc
        expected[FILES_PREFIX + name] = entry
    unlisted = sorted(set(members) - set(expected) - {MANIFEST_MEMBER})
    if unlisted:
        raise BackupError(
            f"{path} holds {unlisted[0]}, which its manifest does not list; nothing was restored."
        )
    for name, entry in expected.items():
        member = members.get(name)
        if member is None or not member.isfile():
            raise BackupError(f"{path} lacks {name}, which its manifest lists; nothing was restored.")
        digest = hashlib.sha256()
        with _extracted(archive, member) as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
        if member.size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"{path}: {name} is not the file that was backed up (its size or checksum differs "
                "from the manifest's); nothing was restored."
            )
    return members


@contextlib.contextmanager
def _extracted(archive: tarfile.TarFile, member: tarfile.TarInfo) -> Iterator[IO[bytes]]:
    source = archive.extractfile(member)
    if source is None:
        raise BackupError(f"{member.name} is not a file.")
    with source:
        yield source


def _write(storage: Storage, name: str, source: IO[bytes], size: int) -> None:
    """Store `source` under `name`, replacing a file of that name."""
    content = File(source, name=name)
    content.size = size  # not the archive's, which the member's reader is named after
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, content)
    if saved != name:
        storage.delete(saved)
        raise BackupError(f"The storage kept {name} as {saved}: the file was not restored under its name.")


def _restore_database(path: Path, settings: dict[str, Any], *, replace: bool) -> None:
    if settings["ENGINE"] == POSTGRESQL:
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
