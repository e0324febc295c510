"""The hash chain that makes the audit log tamper-evident.

Each entry's hash covers its own content and the previous entry's hash, so a
changed or removed row breaks every link after it. Appends are serialised (an
advisory lock on PostgreSQL, taken in `likvard_audit_append`; SQLite serialises
writers itself) so that two transactions never chain onto the same predecessor.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import connection

GENESIS = "0" * 64


def canonical_payload(values: dict) -> str:
    """The entry's values as canonical JSON: what the hash covers besides the link."""

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


def content_hash(previous_hash: str, values: dict) -> str:
    """sha256 over the previous hash and the entry's canonical payload."""
    return hashlib.sha256(f"{previous_hash}|{canonical_payload(values)}".encode()).hexdigest()


def append(entry, *, relaxed: bool = False) -> None:
    """Chain `entry` onto the last one and insert it; appends never interleave.

    On PostgreSQL one call to `likvard_audit_append` (migration 0005) takes the
    chain's lock, reads the last hash, hashes and inserts: one round trip while the
    lock is held. `relaxed` lets that transaction's commit return before its WAL
    reaches the disk; only for a read entry in a transaction of its own. SQLite
    serialises writers itself.
    """
    values = {name: getattr(entry, name) for name in entry.HASHED_FIELDS}
    if connection.vendor != "postgresql":
        last = type(entry).objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry.previous_hash = last or GENESIS
        entry.entry_hash = content_hash(entry.previous_hash, values)
        entry.save()
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM likvard_audit_append(%s, %s)", [canonical_payload(values), relaxed]
        )
        entry.pk, entry.previous_hash, entry.entry_hash = cursor.fetchone()
    entry._state.adding = False
    entry._state.db = connection.alias


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    entry_id: int
    problem: str  # "content" (row changed) or "link" (a row before it changed or removed)


def verify(entries) -> tuple[int, Break | None]:
    """Walk entries in id order; return (entries checked, first break or None)."""
    from .models import AuditEntry

    previous = GENESIS
    checked = 0
    for entry in entries:
        checked += 1
        if entry.previous_hash != previous:
            return checked, Break(entry.pk, "link")
        values = {name: getattr(entry, name) for name in AuditEntry.HASHED_FIELDS}
        if content_hash(entry.previous_hash, values) != entry.entry_hash:
            return checked, Break(entry.pk, "content")
        previous = entry.entry_hash
    return checked, None
