"""The index a name search runs on: trigrams of the child's lowercased full name.

PostgreSQL only (pg_trgm, a trusted extension: the database's owner may create it).
The expression is `search.query.SearchName`'s, so `LIKE '%anna%'` on it is an index
scan over ≈200,000 children instead of a scan of the table. SQLite, the development
database, has no such index and scans (fast enough at its sizes).
"""

from django.db import migrations

NAME = "child_search_name_trgm"
EXPRESSION = "(LOWER(first_name || ' ' || last_name)) gin_trgm_ops"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON people_child USING gin ({EXPRESSION})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_child_name_order")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
