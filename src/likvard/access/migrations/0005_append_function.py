"""On PostgreSQL, one function appends an audit entry to the chain.

Taking the chain's lock, reading the last hash and inserting were three
statements, five with a read entry's own transaction, each a round trip while
the lock is held. The function does it in one. Its argument is the entry's
canonical JSON (`chain.canonical_payload`): the row's values, and what the hash
covers after the previous hash, the same sha256 that `chain.content_hash`
computes, so `likvard audit verify` checks both alike. A new column of the audit log must be
added to the INSERT here (tests/access/test_audit_chain.py fails otherwise).
"""

from django.db import migrations

from likvard.access.postgres import postgres_only

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION likvard_audit_append(payload text, relaxed boolean)
RETURNS TABLE (new_id bigint, new_previous_hash varchar, new_entry_hash varchar) AS $$
BEGIN
    IF relaxed THEN
        -- A read entry in a transaction of its own: do not wait for the disk.
        PERFORM set_config('synchronous_commit', 'off', true);
    END IF;
    PERFORM pg_advisory_xact_lock(1281977206);
    SELECT a.entry_hash INTO new_previous_hash
        FROM access_auditentry a ORDER BY a.id DESC LIMIT 1;
    new_previous_hash := COALESCE(new_previous_hash, repeat('0', 64));
    new_entry_hash := encode(
        sha256(convert_to(new_previous_hash || '|' || payload, 'UTF8')), 'hex');
    INSERT INTO access_auditentry (
        at, actor_id, actor_username, actor_role, action, verb, object_type, object_id,
        child_id, district_id, request_id, channel, before, after, reason,
        previous_hash, entry_hash)
    SELECT r.at, r.actor_id, r.actor_username, r.actor_role, r.action, r.verb,
        r.object_type, r.object_id, r.child_id, r.district_id, r.request_id, r.channel,
        r.before, r.after, r.reason, new_previous_hash, new_entry_hash
    FROM jsonb_populate_record(NULL::access_auditentry, payload::jsonb) AS r
    RETURNING id INTO new_id;
    RETURN NEXT;
END;
$$ LANGUAGE plpgsql VOLATILE;
"""
POSTGRES_DOWN = "DROP FUNCTION IF EXISTS likvard_audit_append(text, boolean);"


class Migration(migrations.Migration):
    dependencies = [("access", "0004_access_grants")]
    operations = [postgres_only(POSTGRES_UP, POSTGRES_DOWN)]
