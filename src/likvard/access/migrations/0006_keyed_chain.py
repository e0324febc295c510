"""The audit chain is keyed: each entry's MAC is HMAC-SHA256 under a key outside the database.

A plain SHA-256 chain can be recomputed by anyone who can write the table. From
here on entries carry the id of the key that signed them (`key_id`); entries
written before have an empty key id and keep their SHA-256, which no migration
can turn into a MAC without vouching for rows it cannot check. A log that
already has entries is sealed at once with one keyed entry
(`chain.seal_legacy`): verify accepts unkeyed entries only before it.

On PostgreSQL the append stays one SQL function, now computing the MAC with
pgcrypto's `hmac()`; the key is a parameter of each call, never stored. pgcrypto
is a trusted extension (PostgreSQL 13+): the database's owner may create it.
"""

from importlib import import_module

from django.db import migrations, models
from django.utils import timezone

from likvard.access import chain
from likvard.access.postgres import postgres_only

POSTGRES_UP = """
CREATE EXTENSION IF NOT EXISTS pgcrypto;
DROP FUNCTION IF EXISTS likvard_audit_append(text, boolean);
CREATE OR REPLACE FUNCTION likvard_audit_append(
    payload text, relaxed boolean, p_key_id text, p_key bytea)
RETURNS TABLE (new_id bigint, new_previous_hash varchar, new_entry_hash varchar) AS $$
BEGIN
    IF coalesce(p_key_id, '') = '' OR p_key IS NULL THEN
        RAISE EXCEPTION 'an audit entry is signed with a key and its id';
    END IF;
    IF relaxed THEN
        -- A read entry in a transaction of its own: do not wait for the disk.
        PERFORM set_config('synchronous_commit', 'off', true);
    END IF;
    PERFORM pg_advisory_xact_lock(1281977206);
    SELECT a.entry_hash INTO new_previous_hash
        FROM access_auditentry a ORDER BY a.id DESC LIMIT 1;
    new_previous_hash := COALESCE(new_previous_hash, repeat('0', 64));
    -- The same message as chain.entry_mac: previous MAC | key id | canonical payload.
    new_entry_hash := encode(hmac(
        convert_to(new_previous_hash || '|' || p_key_id || '|' || payload, 'UTF8'),
        p_key, 'sha256'), 'hex');
    INSERT INTO access_auditentry (
        at, actor_id, actor_username, actor_role, action, verb, object_type, object_id,
        child_id, district_id, request_id, channel, before, after, reason,
        previous_hash, entry_hash, key_id)
    SELECT r.at, r.actor_id, r.actor_username, r.actor_role, r.action, r.verb,
        r.object_type, r.object_id, r.child_id, r.district_id, r.request_id, r.channel,
        r.before, r.after, r.reason, new_previous_hash, new_entry_hash, p_key_id
    FROM jsonb_populate_record(NULL::access_auditentry, payload::jsonb) AS r
    RETURNING id INTO new_id;
    RETURN NEXT;
END;
$$ LANGUAGE plpgsql VOLATILE;
"""
# Back to migration 0005's unkeyed function (pgcrypto stays: other objects may use it).
POSTGRES_DOWN = (
    "DROP FUNCTION IF EXISTS likvard_audit_append(text, boolean, text, bytea);"
    + import_module("likvard.access.migrations.0005_append_function").POSTGRES_UP
)


def seal(apps, schema_editor):
    chain.seal_legacy(apps.get_model("access", "AuditEntry"), timezone.now())


class Migration(migrations.Migration):
    dependencies = [("access", "0005_append_function")]
    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32, verbose_name="nyckel-id"),
        ),
        postgres_only(POSTGRES_UP, POSTGRES_DOWN),
        migrations.RunPython(seal, migrations.RunPython.noop),
    ]
