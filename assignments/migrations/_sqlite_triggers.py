"""The append-only triggers of the events table (as in 0005) and of the reference changes
(as in 0007) on SQLite, for the migrations that rebuild a table (changing its CHECK
constraint drops the old table's triggers)."""

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


REFERENCE_MESSAGE = "The audit trail is append-only: {op} of a reference change refused."
REFERENCE_TABLE = "assignments_referencechange"

REFERENCE_SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {REFERENCE_TABLE}_no_update
    BEFORE UPDATE ON {REFERENCE_TABLE}
    BEGIN SELECT RAISE(ABORT, '{REFERENCE_MESSAGE.format(op="UPDATE")}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {REFERENCE_TABLE}_no_delete
    BEFORE DELETE ON {REFERENCE_TABLE}
    WHEN NOT taskforce_sanctioned_wipe()
    BEGIN SELECT RAISE(ABORT, '{REFERENCE_MESSAGE.format(op="DELETE")}'); END
    """,
]


def recreate_all_sqlite_triggers(apps, schema_editor):
    """Both trails' triggers, for a migration that rebuilds both tables."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in [*SQLITE_TRIGGERS, *REFERENCE_SQLITE_TRIGGERS]:
            schema_editor.execute(statement, params=None)
