"""On PostgreSQL the database itself refuses to change or remove an event of the audit trail.

The model, its queryset and the admin refuse already (assignments/models/events.py); the
trigger also stops raw SQL, a database shell and any other program that connects. It is
a row trigger, so TRUNCATE (which fires none) still empties the table: the test runner's
flush and the demo seed's `--reset` use it, the one sanctioned wipe. SQLite has no
equivalent worth the name; there the model and admin guards hold alone.
"""

from django.db import migrations

FUNCTION = "assignments_event_append_only"
TRIGGER = "assignments_event_append_only"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % of event % refused.', TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation',
              HINT = 'Events are never changed or deleted; record a new event instead.';
END;
$$
"""

CREATE_TRIGGER = f"""
CREATE TRIGGER {TRIGGER}
BEFORE UPDATE OR DELETE ON assignments_event
FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # params=None: the SQL is sent as it is, so plpgsql's own `%` placeholders stay.
    schema_editor.execute(CREATE_FUNCTION, params=None)
    schema_editor.execute(CREATE_TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON assignments_event", params=None)
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()", params=None)


class Migration(migrations.Migration):
    dependencies = [("assignments", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
