"""The rate limit's cache table (settings CACHES["intake"], a database cache).

`migrate` makes it, so the demo and a fresh database need no `createcachetable` step;
made again it is left as it is.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
