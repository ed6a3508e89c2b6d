"""Backup and restore: `manage.py backup FILE`, then `manage.py restore FILE` into an empty
database, gives back every row of every table: tasks, events, measurements and the rest; and
every attached file, byte for byte, checked against the archive's manifest before anything
is written.

These commit for real (`transaction=True`): pg_dump reads the database from its own
connection, as it does in production while the app runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from assignments import backups, clock, services
from assignments.choices import AttachmentKind, Status
from assignments.models import Attachment, Event, Measurement, Task
from tests.assignments.lifecycle import bring_to
from tests.factories import ProcessFactory, make_task

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRESQL = connection.vendor == "postgresql"


def rows(cursor: Any, tables: list[str]) -> dict[str, list[tuple]]:
    """Every row of every table, in primary key order: the database as a value."""
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        found[table] = [tuple(row) for row in cursor.fetchall()]
    return found


@pytest.fixture
def history(cast) -> None:
    """A committee at work: a task done, one extended and handed over, one cancelled."""
    bring_to(cast.task, Status.DONE)
    other = make_task(group=cast.group, owner=cast.owner, process=ProcessFactory(steps=2))
    services.task_start(task=other, actor=cast.owner.user)
    services.measurement_record(
        task=other, actor=cast.owner.user, value="87.25", measured_on=dt.date(2026, 2, 1)
    )
    services.note_add(task=other, actor=cast.owner.user, text="Phúc Xá đã gửi số liệu")
    services.task_extend(
        task=other, actor=cast.leader.user, due_date=dt.date(2026, 5, 31), reason="Chờ số liệu"
    )
    services.task_reassign(task=other, actor=cast.staff, owner=cast.group_member, reason="Điều chỉnh")
    services.task_cancel(
        task=make_task(group=cast.group, owner=cast.owner), actor=cast.leader.user, note="Không còn phù hợp"
    )
    assert Task.objects.count() == 3 and Measurement.objects.count() == 2 and Event.objects.count() > 12


@pytest.fixture
def empty_database(tmp_path) -> Iterator[str]:
    """The URL of a new, empty database beside the test one."""
    settings = connection.settings_dict
    if not ON_POSTGRESQL:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"{settings['NAME']}_restored"
    admin = {
        "dbname": "postgres",
        "user": settings["USER"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    if settings.get("PASSWORD"):
        admin["password"] = settings["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    try:
        yield f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{name}"
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def open_database(where: str | dict[str, Any]) -> Any:
    """A plain driver connection (no Django conversions), so both sides read alike."""
    import environ

    settings = environ.Env.db_url_config(where) if isinstance(where, str) else where
    if ON_POSTGRESQL:
        import psycopg

        return psycopg.connect(**backups._libpq(settings))
    return backups._sqlite(settings)


def read_all(where: str | dict[str, Any], tables: list[str]) -> dict[str, list[tuple]]:
    database = open_database(where)
    try:
        return rows(database.cursor(), tables)
    finally:
        database.close()


def test_a_restored_backup_holds_every_row_of_every_table(history, tmp_path, empty_database):
    tables = connection.introspection.table_names()
    before = read_all(connection.settings_dict, tables)
    dump = tmp_path / "taskforce.backup"

    call_command("backup", str(dump), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("restore", str(dump), "--into", empty_database, stdout=open("/dev/null", "w"))  # noqa: SIM115

    after = read_all(empty_database, tables)
    assert after == before
    assert {"assignments_task", "assignments_event", "assignments_measurement"} <= set(after)
    assert len(after["assignments_event"]) == Event.objects.count()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the audit trail's trigger is PostgreSQL's")
def test_the_restored_database_keeps_the_audit_trails_trigger(history, tmp_path, empty_database):
    import psycopg

    dump = tmp_path / "taskforce.backup"
    backups.backup(dump)
    call_command("restore", str(dump), "--into", empty_database, stdout=open("/dev/null", "w"))  # noqa: SIM115

    with open_database(empty_database) as restored, pytest.raises(psycopg.errors.RestrictViolation):
        restored.execute("UPDATE assignments_event SET note = 'sửa lại'")


def test_restore_refuses_a_database_that_has_tables(history, tmp_path):
    dump = tmp_path / "taskforce.backup"
    backups.backup(dump)

    with pytest.raises(CommandError, match="The database has tables"):
        call_command("restore", str(dump), stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_kind_of_database(tmp_path, empty_database):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("Biên bản họp\n")
    other_kind = tmp_path / "other.backup"
    other_kind.write_bytes(backups.MAGIC[backups.SQLITE if ON_POSTGRESQL else backups.POSTGRESQL] + b"...")

    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(not_a_backup), "--into", empty_database)
    with pytest.raises(CommandError, match="backup; the database is"):
        call_command("restore", str(other_kind), "--into", empty_database)


# Attached files ---------------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n" + bytes(range(256)) * 40
)


def png(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


PHOTO = png((640, 480), (200, 30, 30))
THUMBNAIL = png((64, 48), (200, 30, 30))


@pytest.fixture
def storage(settings, tmp_path, monkeypatch) -> Storage:
    """The attachments' storage, in a folder of this test's own."""
    location = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    # The fields took their storage when the model was imported: point them at the new one
    # (the test writes its files through them; the app reads `storages` each time).
    for name in ("file", "thumbnail"):
        monkeypatch.setattr(Attachment._meta.get_field(name), "storage", storages["attachments"])
    return storages["attachments"]


def attach(cast, name: str, content: bytes, content_type: str, thumbnail: bytes | None = None) -> Attachment:
    attachment = Attachment(
        task=cast.task,
        kind=AttachmentKind.EVIDENCE,
        name=f"Biên bản {name}",
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=cast.owner.user,
        uploaded_at=clock.now(),
    )
    attachment.file.save(name, ContentFile(content), save=False)
    if thumbnail is not None:
        attachment.thumbnail.save(name.replace(".", "-thumb."), ContentFile(thumbnail), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def files(cast, storage) -> dict[str, bytes]:
    """A PDF and a photo with its thumbnail, stored: their bytes by storage name."""
    pdf = attach(cast, "tasks/2026/02/bien-ban.pdf", PDF, "application/pdf")
    photo = attach(cast, "tasks/2026/02/hien-truong.png", PHOTO, "image/png", thumbnail=THUMBNAIL)
    found = {pdf.file.name: PDF, photo.file.name: PHOTO, photo.thumbnail.name: THUMBNAIL}
    assert len(found) == 3 and all(storage.exists(name) for name in found)
    return found


def stored(storage: Storage, folder: str = "") -> dict[str, bytes]:
    """Every file in the storage, by name, through the storage API."""
    found = {}
    folders, names = storage.listdir(folder)
    for name in names:
        path = f"{folder}/{name}" if folder else name
        with storage.open(path, "rb") as file:
            found[path] = file.read()
    for sub in folders:
        found.update(stored(storage, f"{folder}/{sub}" if folder else sub))
    return found


def empty(storage: Storage) -> None:
    for name in stored(storage):
        storage.delete(name)


def quiet() -> Any:
    return io.StringIO()


def test_a_round_trip_gives_back_every_file_byte_for_byte(files, storage, tmp_path, empty_database):
    archive = tmp_path / "taskforce.backup"
    call_command("backup", str(archive), stdout=quiet())
    empty(storage)

    out = io.StringIO()
    call_command("restore", str(archive), "--into", empty_database, stdout=out)

    assert stored(storage) == files
    assert "3 files" in out.getvalue()
    # Each restored row's file is the one its checksum names.
    database = open_database(empty_database)
    try:
        cursor = database.cursor()
        cursor.execute("SELECT file, thumbnail, size, sha256 FROM assignments_attachment ORDER BY id")
        rows = cursor.fetchall()
    finally:
        database.close()
    assert len(rows) == 2
    for file, thumbnail, size, sha256 in rows:
        with storage.open(file, "rb") as restored:
            content = restored.read()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (size, sha256)
        assert not thumbnail or stored(storage)[thumbnail] == THUMBNAIL


def test_the_manifest_lists_each_file_with_its_size_and_checksum(files, tmp_path):
    archive = tmp_path / "taskforce.backup"
    backups.backup(archive)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(backups.MANIFEST_MEMBER))  # type: ignore[arg-type]
    assert names[0] == backups.DATABASE_MEMBER and names[-1] == backups.MANIFEST_MEMBER
    assert manifest["format"] == backups.FORMAT and manifest["version"] == backups.VERSION
    assert manifest["engine"] == connection.settings_dict["ENGINE"]
    assert {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]} == {
        name: (len(content), hashlib.sha256(content).hexdigest()) for name, content in files.items()
    }
    assert manifest["missing"] == []


def test_restore_replaces_a_file_of_the_same_name(files, storage, tmp_path, empty_database):
    archive = tmp_path / "taskforce.backup"
    backups.backup(archive)
    pdf = next(name for name in files if name.endswith(".pdf"))
    storage.delete(pdf)
    assert storage.save(pdf, ContentFile(b"%PDF-1.4 another file")) == pdf

    call_command("restore", str(archive), "--into", empty_database, stdout=quiet())

    assert stored(storage) == files  # the same names: nothing saved beside them


def tamper(archive: Path, member: str) -> None:
    """Change one byte of a member's data in the archive."""
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member).offset_data + 100
    with open(archive, "r+b") as raw:
        raw.seek(offset)
        byte = raw.read(1)
        raw.seek(offset)
        raw.write(bytes([byte[0] ^ 0x01]))


def test_a_tampered_archive_is_refused_and_changes_nothing(files, storage, tmp_path, empty_database):
    archive = tmp_path / "taskforce.backup"
    backups.backup(archive)
    photo = next(name for name in files if name.endswith("hien-truong.png"))
    tamper(archive, backups.FILES_PREFIX + photo)
    empty(storage)

    with pytest.raises(CommandError, match=f"{photo} is not the file that was backed up"):
        call_command("restore", str(archive), "--into", empty_database, stdout=quiet())

    import environ

    assert backups.is_empty(environ.Env.db_url_config(empty_database))
    assert stored(storage) == {}


def test_an_archive_lacking_a_file_is_refused_naming_it(files, storage, tmp_path, empty_database):
    archive = tmp_path / "taskforce.backup"
    backups.backup(archive)
    pdf = next(name for name in files if name.endswith(".pdf"))
    shorter = tmp_path / "shorter.backup"
    with tarfile.open(archive) as source, tarfile.open(shorter, "w", format=tarfile.PAX_FORMAT) as target:
        for member in source.getmembers():
            if member.name != backups.FILES_PREFIX + pdf:
                target.addfile(member, source.extractfile(member))
    empty(storage)

    with pytest.raises(CommandError, match=f"lacks {backups.FILES_PREFIX}{pdf}"):
        call_command("restore", str(shorter), "--into", empty_database, stdout=quiet())
    assert stored(storage) == {}


def test_a_file_missing_from_the_storage_is_reported_not_fatal(files, storage, tmp_path, empty_database):
    pdf = next(name for name in files if name.endswith(".pdf"))
    storage.delete(pdf)
    archive = tmp_path / "taskforce.backup"
    err = io.StringIO()

    call_command("backup", str(archive), stdout=quiet(), stderr=err)

    assert f"Not in the storage, left out: {pdf}" in err.getvalue()
    empty(storage)
    out = io.StringIO()
    call_command("restore", str(archive), "--into", empty_database, stdout=out)
    assert "1 files were missing from the storage when the backup was made" in out.getvalue()
    assert stored(storage) == {name: content for name, content in files.items() if name != pdf}


def test_a_backup_made_before_files_were_carried_still_restores(
    history, files, storage, tmp_path, empty_database
):
    archive = tmp_path / "taskforce.backup"
    backups.backup(archive)
    bare = tmp_path / "old.dump"  # what `manage.py backup` wrote before: the dump alone
    with tarfile.open(archive) as tar, open(bare, "wb") as out:
        out.write(tar.extractfile(backups.DATABASE_MEMBER).read())  # type: ignore[union-attr]
    assert backups.kind_of(bare) == connection.settings_dict["ENGINE"]
    tables = connection.introspection.table_names()
    before = read_all(connection.settings_dict, tables)
    empty(storage)

    out = io.StringIO()
    call_command("restore", str(bare), "--into", empty_database, stdout=out)

    assert "carries no files" in out.getvalue()
    assert read_all(empty_database, tables) == before
    assert stored(storage) == {}


def test_a_20_mb_file_goes_through_backup_and_restore_in_pieces(cast, storage, tmp_path, empty_database):
    import tracemalloc

    large = hashlib.sha256(b"seed").digest() * (20 * 1024 * 1024 // 32)  # 20 MB
    attachment = attach(cast, "tasks/2026/02/ho-so.pdf", b"%PDF-1.7\n" + large, "application/pdf")
    archive = tmp_path / "taskforce.backup"

    tracemalloc.start()
    try:
        backups.backup(archive)
        backed_up = tracemalloc.get_traced_memory()[1]
        empty(storage)
        tracemalloc.reset_peak()
        call_command("restore", str(archive), "--into", empty_database, stdout=quiet())
        restored = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    # The peak of memory Python allocated, far below the file's size (about 3 MB: 1 MB pieces).
    assert backed_up < 5 * 1024 * 1024 and restored < 5 * 1024 * 1024, (backed_up, restored)
    with storage.open(attachment.file.name, "rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == attachment.sha256


def test_restore_with_no_files_leaves_the_storage_alone(files, storage, tmp_path, empty_database):
    archive = tmp_path / "taskforce.backup"
    backups.backup(archive)
    empty(storage)

    out = io.StringIO()
    call_command("restore", str(archive), "--into", empty_database, "--no-files", stdout=out)

    assert "The 3 files were left out (--no-files)." in out.getvalue()
    assert stored(storage) == {}
    assert read_all(empty_database, ["assignments_attachment"]) == read_all(
        connection.settings_dict, ["assignments_attachment"]
    )


def test_a_file_that_differs_from_its_checksum_is_reported_and_kept_as_it_is(files, storage, tmp_path):
    pdf = next(name for name in files if name.endswith(".pdf"))
    storage.delete(pdf)
    storage.save(pdf, ContentFile(b"%PDF-1.4 damaged on the disk"))
    archive = tmp_path / "taskforce.backup"
    err = io.StringIO()

    call_command("backup", str(archive), stdout=quiet(), stderr=err)

    assert f"Differs from the checksum its row holds, backed up as it is: {pdf}" in err.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(backups.MANIFEST_MEMBER))  # type: ignore[arg-type]
    assert manifest["altered"] == [pdf]


class RenamingStorage(FileSystemStorage):
    """A storage that never keeps a file under the name it is given."""

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return f"renamed-{name}"


def test_a_storage_that_renames_a_restored_file_is_an_error(files, storage, tmp_path, empty_database):
    import environ

    archive = tmp_path / "taskforce.backup"
    backups.backup(archive)
    elsewhere = RenamingStorage(location=str(tmp_path / "elsewhere"))

    with pytest.raises(backups.BackupError, match="the file was not restored under its name"):
        backups.restore(archive, environ.Env.db_url_config(empty_database), storage=elsewhere)
    assert stored(elsewhere) == {}


def test_a_file_uploaded_during_the_dump_is_in_neither_the_dump_nor_the_archive(
    cast, files, storage, tmp_path, monkeypatch, empty_database
):
    """The list of files is read from the dump's own snapshot."""
    late: list[Attachment] = []

    def upload() -> None:
        if not late:  # once: pg_restore runs through _run too
            late.append(attach(cast, "tasks/2026/02/gui-muon.pdf", PDF + b"late", "application/pdf"))

    if ON_POSTGRESQL:  # after the snapshot is taken, before pg_dump reads it
        run = backups._run
        monkeypatch.setattr(backups, "_run", lambda *args: (upload(), run(*args)))
    else:  # after the copy
        copy = backups._sqlite_copy
        monkeypatch.setattr(backups, "_sqlite_copy", lambda *args: (copy(*args), upload()))
    archive = tmp_path / "taskforce.backup"

    backups.backup(archive)

    assert late and storage.exists(late[0].file.name)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(backups.MANIFEST_MEMBER))  # type: ignore[arg-type]
        assert backups.FILES_PREFIX + late[0].file.name not in tar.getnames()
    assert {entry["name"] for entry in manifest["files"]} == set(files)
    call_command("restore", str(archive), "--into", empty_database, "--no-files", stdout=quiet())
    restored = read_all(empty_database, ["assignments_attachment"])["assignments_attachment"]
    assert len(restored) == 2 and Attachment.objects.count() == 3
