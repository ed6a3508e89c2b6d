"""Backup and restore: `manage.py backup FILE`, then `manage.py restore FILE` into an empty
database, gives back every row of every table: tasks, events, measurements and the rest.

These commit for real (`transaction=True`): pg_dump reads the database from its own
connection, as it does in production while the app runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from assignments import backups, services
from assignments.choices import Status
from assignments.models import Event, Measurement, Task
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
