"""The hash chain that makes the audit log tamper-evident.

Each entry's hash covers its own content and the previous entry's hash, so a
changed or removed row breaks every link after it. Appends are serialised (an
advisory lock on PostgreSQL; SQLite serialises writers itself) so that two
transactions never chain onto the same predecessor.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import connection

GENESIS = "0" * 64
_LOCK_KEY = 0x4C696B76  # "Likv": the advisory lock that serialises appends


def content_hash(previous_hash: str, values: dict) -> str:
    """sha256 over the previous hash and the entry's values as canonical JSON."""

    def normal(value):
        if isinstance(value, datetime.datetime):
            return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
        return value

    payload = json.dumps(
        {k: normal(v) for k, v in values.items()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(f"{previous_hash}|{payload}".encode()).hexdigest()


def lock_for_append() -> None:
    """Hold the append lock until the current transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


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
