"""The audit trail of reference data (assignments/models/reference_changes.py), append-only
in the database as the events are (migrations 0002 and 0005).

PostgreSQL: a row trigger refuses UPDATE and DELETE; TRUNCATE (the test runner's flush,
the demo reset) fires none. SQLite: UPDATE is always refused, DELETE unless the
connection says a sanctioned wipe is under way (assignments/audit_guard.py).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "assignments_referencechange"
FUNCTION = "assignments_referencechange_append_only"

PG_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'The audit trail is append-only: % of reference change % refused.', TG_OP, OLD.id
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Reference changes are never changed or deleted.';
    END;
    $$
    """,
    f"""
    CREATE TRIGGER {FUNCTION}
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()
    """,
]
PG_DROP = [f"DROP TRIGGER IF EXISTS {FUNCTION} ON {TABLE}", f"DROP FUNCTION IF EXISTS {FUNCTION}()"]

MESSAGE = "The audit trail is append-only: {op} of a reference change refused."
SQLITE_CREATE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update
    BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(op="UPDATE")}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete
    BEFORE DELETE ON {TABLE}
    WHEN NOT taskforce_sanctioned_wipe()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(op="DELETE")}'); END
    """,
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]


def _run(schema_editor, statements):
    for statement in statements:
        # params=None: the SQL is sent as it is, so plpgsql's own `%` placeholders stay.
        schema_editor.execute(statement, params=None)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}.get(vendor, []))


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}.get(vendor, []))


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0006_input_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("ward", "Ward"),
                            ("member", "Executive Committee member"),
                            ("group", "Committee group"),
                            ("process", "Process"),
                            ("target", "Term target"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                ("label", models.CharField(max_length=400, verbose_name="object")),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("created", "Created"),
                            ("changed", "Changed"),
                            ("deactivated", "Deactivated"),
                            ("reactivated", "Reactivated"),
                            ("deleted", "Deleted"),
                        ],
                        max_length=12,
                        verbose_name="action",
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="time")),
                ("changes", models.JSONField(blank=True, default=dict, verbose_name="changes")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "reference data change",
                "verbose_name_plural": "history of reference data",
                "ordering": ["-at", "-id"],
                "indexes": [
                    models.Index(fields=["kind", "object_id", "at"], name="refchange_object_idx"),
                    models.Index(fields=["at", "id"], name="refchange_at_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["ward", "member", "group", "process", "target"])),
                        name="refchange_kind_valid",
                        violation_error_message="The kind of reference data is not valid.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("action__in", ["created", "changed", "deactivated", "reactivated", "deleted"])
                        ),
                        name="refchange_action_valid",
                        violation_error_message="The action is not valid.",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
