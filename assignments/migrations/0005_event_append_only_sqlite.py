"""On SQLite too the database itself refuses to change or remove an event.

An UPDATE is always refused. A DELETE is refused unless the connection says a
sanctioned wipe is under way (assignments/audit_guard.py: Django's flush and the demo
reset); a connection that does not know the function (the sqlite3 shell, any other
program) fails on it, so its DELETE is refused as well. PostgreSQL has its trigger
since migration 0002.
"""

from django.db import migrations

MESSAGE = "The audit trail is append-only: {op} of an event refused."

CREATE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS assignments_event_no_update
    BEFORE UPDATE ON assignments_event
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(op="UPDATE")}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS assignments_event_no_delete
    BEFORE DELETE ON assignments_event
    WHEN NOT taskforce_sanctioned_wipe()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(op="DELETE")}'); END
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS assignments_event_no_update",
    "DROP TRIGGER IF EXISTS assignments_event_no_delete",
]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("assignments", "0004_task_search")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
