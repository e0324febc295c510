"""Writing the audit log. Callers are inside the transaction of the change."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from . import chain, context
from .models import AccessGrant, AuditEntry
from .scoping import granted_cases, readable_district_id

#: Sent with `entry` after each append, inside the writer's transaction: apps above this
#: one follow writes without being imported here (quality refreshes its counts on commit).
recorded = Signal()


def record(
    actor,
    action: str,
    verb: str,
    obj=None,
    *,
    child_id=None,
    district_id=None,
    before=None,
    after=None,
    reason: str = "",
    relaxed: bool = False,
) -> AuditEntry:
    """Append one audit entry; never a personnummer or free text about a child.

    `before`/`after` hold field values of the changed row; services pass only
    structured fields (states, dates, ids), never narrative text.
    """
    if not relaxed and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries are written inside the change's transaction")
    entry = AuditEntry(
        at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actor_username=getattr(actor, "username", "") or "",
        actor_role=getattr(actor, "role", "") or "",
        action=action,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=getattr(obj, "pk", None),
        child_id=child_id,
        district_id=district_id,
        request_id=context.request_id.get(),
        channel=context.channel.get(),
        before=before,
        after=after,
        reason=reason,
    )
    chain.append(entry, relaxed=relaxed)
    recorded.send(sender=AuditEntry, entry=entry)
    return entry


def _commit_without_waiting_for_disk() -> None:
    """Let a read entry's commit return before its WAL reaches the disk (PostgreSQL).

    Appends are serialised by the chain's lock, which is held until commit; waiting
    for the disk there made every page read queue behind the others. A crash can lose
    the last fraction of a second of read entries (never a change of case data or
    its entry: those commit synchronously), and what is kept stays chained.
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def record_read(
    actor, verb: str, obj, *, child_id=None, district_id=None, after=None
) -> AuditEntry | None:
    """Log a read of case data.

    Outside a transaction the entry is a transaction of its own, one statement on
    PostgreSQL, whose commit does not wait for the disk: the chain's lock is held
    until commit, and waiting there made every page read queue behind the others.
    A crash can lose the last fraction of a second of read entries (never a change
    of case data or its entry: those commit synchronously), and what is kept stays
    chained. Inside a transaction (a read during a change) it is part of it.

    LIKVARD_AUDIT_READS=0 exists only so the benchmark can measure what logging
    costs; production settings refuse to start with it.
    """
    if not settings.LIKVARD_AUDIT_READS:
        return None
    alone = not transaction.get_connection().in_atomic_block
    if alone and transaction.get_connection().vendor != "postgresql":
        with transaction.atomic():
            return record_read(
                actor, verb, obj, child_id=child_id, district_id=district_id, after=after
            )
    return record(
        actor,
        AuditEntry.Action.READ,
        verb,
        obj,
        child_id=child_id,
        district_id=district_id,
        after=after,
        relaxed=alone,
    )


def record_case_read(actor, verb: str, obj, *, child_id, shown: Iterable) -> list[AuditEntry]:
    """Log a read of a child's case: one entry per district whose data was `shown`.

    `shown` holds the case rows (anything with a `district_id`) whose contents the
    answer carried. Each district board is its own authority and reviews its own
    log (`access/review.py` filters on the entry's district), so each entry is in
    the name of the district that owns the data, not the reader's: otherwise the
    owning district never sees an inspector's reads or a read through a grant. A
    read through an access grant names the grant (`after={"grant": id}`), so the
    district's review shows on whose permission it was read.
    """
    districts = sorted({row.district_id for row in shown})
    if not districts:  # nothing of a district's case shown: the reader's own district
        districts = [getattr(actor, "district_id", None)]
    grants = _grants_used(actor, child_id, districts)
    entries = []
    for district_id in districts:
        grant = grants.get(district_id)
        entry = record_read(
            actor,
            verb,
            obj,
            child_id=child_id,
            district_id=district_id,
            after={"grant": grant} if grant is not None else None,
        )
        if entry is not None:
            entries.append(entry)
    return entries


def _grants_used(actor, child_id, districts) -> dict[int, int]:
    """{district id: grant id} for the districts the actor reads only through a grant.

    The grants in force are cached on the user (`scoping.granted_cases`), so a read
    of the reader's own district costs no query; only a read under a grant looks up
    which grant it is.
    """
    own = readable_district_id(actor)
    if own is True or own is False:  # reads every district, or none: no grant involved
        return {}
    borrowed = [d for d in districts if d != own and (d, child_id) in granted_cases(actor)]
    if not borrowed:
        return {}
    return dict(
        AccessGrant.objects.filter(
            requester=actor,
            status=AccessGrant.Status.GRANTED,
            expires_at__gt=timezone.now(),
            child_id=child_id,
            district_id__in=borrowed,
        )
        .order_by("expires_at")
        .values_list("district_id", "pk")
    )
