"""SQL that only PostgreSQL runs: the audit log's trigger and append function.

SQLite, the demo database, has neither; the migrations that install them use
this so that they are a no-op there.
"""

from django.db import migrations


def postgres_only(up_sql: str, down_sql: str) -> migrations.RunPython:
    """A migration operation that runs `up_sql` (and `down_sql` back) on PostgreSQL."""

    def run(sql):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql)

        return operation

    return migrations.RunPython(run(up_sql), run(down_sql))
