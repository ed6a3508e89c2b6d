"""Search that ignores case and accents: a folded copy of what `q=` searches, indexed.

`Task.search_text` holds the title, description, owner's and ward's names, and
`Member.search_text` the full name and title, each folded by
`assignments.text.search_document` (lower case, accents dropped, "đ" as "d"). Existing
rows are filled here in batches. On PostgreSQL the `pg_trgm` extension and a trigram GIN
index on the task's column serve `LIKE '%word%'` without reading every row; SQLite has
no GIN index and scans (docs/api.md, "Search", says why one column serves both). The
index is written here only, not in `Task.Meta.indexes`: Django would create it on SQLite
too, where `USING gin` does not exist.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from assignments.text import search_document

INDEX = "task_search_trgm_idx"
BATCH = 5000


def _fill(schema_editor, model, columns: tuple[str, ...]) -> None:
    """Write `search_text` of every row of `model`, `BATCH` rows at a time, in id order."""
    table = schema_editor.quote_name(model._meta.db_table)
    update = f"UPDATE {table} SET search_text = %s WHERE id = %s"
    rows = model.objects.order_by("pk").values_list("pk", *columns)
    last = 0
    postgresql = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        while batch := list(rows.filter(pk__gt=last)[:BATCH]):
            last = batch[-1][0]
            texts = [(search_document(*(v or "" for v in values)), pk) for pk, *values in batch]
            if postgresql:
                # One statement a batch: at a million tasks, one a row takes twice as long.
                cursor.execute(
                    f"UPDATE {table} SET search_text = v.text FROM (VALUES "
                    + ", ".join(["(%s, %s)"] * len(texts))
                    + f") AS v(text, id) WHERE {table}.id = v.id",
                    [p for row in texts for p in row],
                )
            else:
                cursor.executemany(update, texts)


def fill(apps, schema_editor):
    task_fields = ("title", "description", "owner__full_name", "ward__name")
    _fill(schema_editor, apps.get_model("assignments", "Task"), task_fields)
    _fill(schema_editor, apps.get_model("assignments", "Member"), ("full_name", "title"))


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON assignments_task USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("assignments", "0003_list_indexes")]

    operations = [
        migrations.AddField(
            model_name="member",
            name="search_text",
            field=models.TextField(default="", editable=False, verbose_name="search text"),
        ),
        migrations.AddField(
            model_name="task",
            name="search_text",
            field=models.TextField(default="", editable=False, verbose_name="search text"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        # Does nothing on SQLite; on PostgreSQL `CREATE EXTENSION IF NOT EXISTS pg_trgm`.
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
