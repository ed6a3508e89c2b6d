"""The append-only triggers of the events table on SQLite (as in 0005), for the migrations
that rebuild the table (changing its CHECK constraint drops the old table's triggers)."""

MESSAGE = "The audit trail is append-only: {op} of an event refused."

SQLITE_TRIGGERS = [
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


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement, params=None)
