"""On PostgreSQL, a trigger that refuses UPDATE and DELETE on the audit log.

The ORM already refuses; the trigger also stops raw SQL from the application
account. (A database superuser can drop a trigger: issue #3's hash chain is what
detects that.) TRUNCATE, which test isolation uses, is not a row operation and
passes. SQLite, the demo database, gets no trigger: its test isolation deletes rows.
"""

from django.db import migrations

from likvard.access.postgres import postgres_only

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION likvard_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON access_auditentry
    FOR EACH ROW EXECUTE FUNCTION likvard_audit_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_append_only ON access_auditentry;
DROP FUNCTION IF EXISTS likvard_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [postgres_only(POSTGRES_UP, POSTGRES_DOWN)]
