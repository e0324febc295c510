"""On PostgreSQL, a trigger that refuses UPDATE and DELETE of a journal entry.

The model, its queryset, the pages and the API already refuse; the trigger also
stops raw SQL from the application account, as the audit log's does
(access/migrations/0002). TRUNCATE, which test isolation uses, is not a row
operation and passes. SQLite gets no trigger (a no-op there).
"""

from django.db import migrations

from likvard.access.postgres import postgres_only

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION likvard_journal_signed() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'journal entries are signed and cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER journal_entry_signed BEFORE UPDATE OR DELETE ON journal_journalentry
    FOR EACH ROW EXECUTE FUNCTION likvard_journal_signed();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS journal_entry_signed ON journal_journalentry;
DROP FUNCTION IF EXISTS likvard_journal_signed();
"""


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [postgres_only(POSTGRES_UP, POSTGRES_DOWN)]
