"""The database cache's table (settings.CACHES), made by `migrate` like every other table.

The login limits count failures in the cache that all worker processes share; with the
default CACHE_URL (`dbcache://taskforce_cache`) that is a table, which Django makes with
`createcachetable` rather than with a model. Running it here means the one step every
deployment already takes, `migrate`, makes it too: a forgotten `createcachetable` would
otherwise turn every login into a 500. With Redis (or any cache that is not a database
table) this does nothing. It is idempotent; after changing CACHE_URL to another table, run
`manage.py createcachetable`.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
