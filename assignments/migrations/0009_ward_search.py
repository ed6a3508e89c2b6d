"""Ward search that ignores case and accents, as task and member search do.

`Ward.search_text` holds the code and the name folded by
`assignments.text.search_document` (lower case, accents dropped, "đ" as "d"); existing
wards are filled here. A committee has a few hundred wards: one pass, no batches, and no
trigram index (a scan of the column costs less than the index would).
"""

from django.db import migrations, models

from assignments.text import search_document


def fill(apps, schema_editor):
    Ward = apps.get_model("assignments", "Ward")
    wards = list(Ward.objects.only("pk", "code", "name"))
    for ward in wards:
        ward.search_text = search_document(ward.code, ward.name)
    Ward.objects.bulk_update(wards, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("assignments", "0008_task_watchers_directions")]

    operations = [
        migrations.AddField(
            model_name="ward",
            name="search_text",
            field=models.TextField(default="", editable=False, verbose_name="search text"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
