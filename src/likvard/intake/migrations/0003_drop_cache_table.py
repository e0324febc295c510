"""The rate limit counts in `likvard.throttle` now: the database cache table that
migration 0002 made (`likvard_intake_cache`) holds nothing anyone reads."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_cache_table")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS likvard_intake_cache", migrations.RunSQL.noop)
    ]
