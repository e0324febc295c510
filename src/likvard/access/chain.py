"""The keyed chain that makes the audit log tamper-evident.

Each entry's MAC (stored in `entry_hash`) is HMAC-SHA256, under a key held
outside the database (`access/keys.py`), over the previous entry's MAC, the id of
the key and the entry's own content. A changed or removed row breaks every link
after it, and, unlike a plain hash, the links cannot be recomputed by someone who
can write the database but does not hold the key.

Entries written before the key (key id "", plain SHA-256, migration 0006) are
accepted only as the chain's beginning: once a keyed entry appears every later
one must be keyed, and a log of unkeyed entries alone is refused, so a forger
cannot rewrite the tail as "old" entries. Migration 0006 seals such a beginning
with a keyed entry at once.

Appends are serialised (an advisory lock on PostgreSQL, taken in
`likvard_audit_append`; SQLite serialises writers itself) so that two
transactions never chain onto the same predecessor.
"""

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from .models import AuditEntry

GENESIS = "0" * 64
#: The advisory lock that serialises appends on PostgreSQL (also in the SQL function).
APPEND_LOCK = 1281977206
#: The key id of entries from before the key: plain SHA-256, no secret.
LEGACY = ""


def canonical_payload(values: dict) -> str:
    """The entry's values as canonical JSON: what the MAC covers besides the link."""

    def normal(value):
        if isinstance(value, datetime.datetime):
            return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
        return value

    return json.dumps(
        {k: normal(v) for k, v in values.items()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )


def legacy_hash(previous_hash: str, values: dict) -> str:
    """sha256 over the previous hash and the payload: entries from before the key only."""
    return hashlib.sha256(f"{previous_hash}|{canonical_payload(values)}".encode()).hexdigest()


def entry_mac(key: bytes, key_id: str, previous_hash: str, values: dict) -> str:
    """HMAC-SHA256 over the previous MAC, the key id and the payload (as the SQL function)."""
    message = f"{previous_hash}|{key_id}|{canonical_payload(values)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signing_key() -> tuple[str, bytes]:
    """(id, key) of the key that signs new entries."""
    return settings.LIKVARD_AUDIT_KEY_ID, settings.LIKVARD_AUDIT_KEYS[settings.LIKVARD_AUDIT_KEY_ID]


def append(entry, *, relaxed: bool = False) -> None:
    """Chain `entry` onto the last one under the current key and insert it.

    On PostgreSQL one call to `likvard_audit_append` (migration 0006) takes the
    chain's lock, reads the last MAC, computes the MAC with pgcrypto and inserts:
    one round trip while the lock is held. The key goes as a bound parameter of a
    server-side-bound statement on the raw connection, so it is in no statement
    text (pg_stat_activity, statement logs) and not in Django's query log.
    `relaxed` lets that transaction's commit return before its WAL reaches the
    disk; only for a read entry in a transaction of its own. SQLite serialises
    writers itself.
    """
    values = {name: getattr(entry, name) for name in entry.HASHED_FIELDS}
    key_id, key = signing_key()
    entry.key_id = key_id
    if connection.vendor != "postgresql":
        last = type(entry).objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry.previous_hash = last or GENESIS
        entry.entry_hash = entry_mac(key, key_id, entry.previous_hash, values)
        entry.save()
        return
    import psycopg  # the PostgreSQL driver, installed where PostgreSQL is used

    connection.ensure_connection()
    connection.validate_no_broken_transaction()  # as Django's own cursors do
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            "SELECT * FROM likvard_audit_append(%s, %s, %s, %s)",
            [canonical_payload(values), relaxed, key_id, key],
        )
        entry.pk, entry.previous_hash, entry.entry_hash = cursor.fetchone()
    entry._state.adding = False
    entry._state.db = connection.alias


def seal_legacy(model, now) -> bool:
    """Append a keyed entry after a log of unkeyed entries; False if there is none.

    Run by migration 0006 (with the historical model) when an existing log is
    keyed: from this entry on, verify refuses unkeyed entries, and the entry's MAC
    covers the last unkeyed one, so the old beginning cannot be rewritten either.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])
    last = model.objects.order_by("-id").first()
    if last is None or last.key_id != LEGACY:
        return False
    values = {
        "at": now,
        "actor_id": None,
        "actor_username": "likvard",
        "actor_role": "",
        "action": "update",
        "verb": "audit_log_keyed",
        "object_type": "access.auditentry",
        "object_id": last.pk,
        "child_id": None,
        "district_id": None,
        "request_id": "",
        "channel": "cli",
        "before": None,
        "after": {"unkeyed_entries": model.objects.filter(key_id=LEGACY).count()},
        "reason": "",
    }
    key_id, key = signing_key()
    model.objects.create(
        **values,
        key_id=key_id,
        previous_hash=last.entry_hash,
        entry_hash=entry_mac(key, key_id, last.entry_hash, values),
    )
    return True


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    entry_id: int
    #: "content" (row changed), "link" (a row before it changed or removed),
    #: "unknown_key" (signed with a key not configured), "unkeyed" (an unkeyed entry
    #: after a keyed one), "all_unkeyed" (no keyed entry at all; names the last).
    problem: str
    key_id: str = ""


def verify(entries, keys: dict[str, bytes]) -> tuple[int, Break | None]:
    """Walk entries in id order; return (entries checked, first break or None)."""
    previous = GENESIS
    checked = 0
    keyed = False
    last_id = None
    for entry in entries:
        checked += 1
        last_id = entry.pk
        if entry.previous_hash != previous:
            return checked, Break(entry.pk, "link")
        values = {name: getattr(entry, name) for name in AuditEntry.HASHED_FIELDS}
        if entry.key_id == LEGACY:
            if keyed:
                return checked, Break(entry.pk, "unkeyed")
            expected = legacy_hash(entry.previous_hash, values)
        else:
            keyed = True
            key = keys.get(entry.key_id)
            if key is None:
                return checked, Break(entry.pk, "unknown_key", entry.key_id)
            expected = entry_mac(key, entry.key_id, entry.previous_hash, values)
        if not hmac.compare_digest(expected, entry.entry_hash):
            return checked, Break(entry.pk, "content", entry.key_id)
        previous = entry.entry_hash
    if checked and not keyed:
        return checked, Break(last_id, "all_unkeyed")
    return checked, None
