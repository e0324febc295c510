"""Log review (loggkontroll): who opened which child's case, and what looks unusual.

Flags are computed for the entries on screen with a fixed number of queries,
whatever the page size:
- outside_caseload: a read of a child whose case the reader is not assigned to;
- protected: the child has protected identity, or protected details were shown;
- burst: the reader opened many different children within a short time;
- night: the access happened between 22:00 and 06:00 Stockholm time;
- denied: the access was refused.

Changes of configuration (staff, roles, units, guideline settings) name no child
but decide who reads what; they are shown too, explained by `organisation.services`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from likvard.access.models import AuditEntry
from likvard.casework.models import Investigation
from likvard.core.calendar import STOCKHOLM
from likvard.organisation.services import configuration_verbs, explain
from likvard.people.selectors import protected_among
from likvard.reports.models import Report

BURST_CHILDREN = 15
BURST_WINDOW = datetime.timedelta(minutes=10)
NIGHT_FROM, NIGHT_UNTIL = 22, 6
FLAGS = ("outside_caseload", "protected", "burst", "night", "denied")


@dataclass
class ReviewFilter:
    username: str = ""
    child_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    flagged_only: bool = False


@dataclass
class ReviewRow:
    entry: AuditEntry
    flags: list[str] = field(default_factory=list)
    #: (label, summary) of a configuration change, None for access to a case.
    change: tuple[str, str] | None = None


def reviewable_entries(user):
    """The log a reviewer may see: their own district's, or all for a central role."""
    if not user.holds("review_access_log"):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.filter(
        Q(child_id__isnull=False) | Q(verb__in=configuration_verbs())
    )
    if user.district_id is not None:
        entries = entries.filter(district_id=user.district_id)
    return entries


def filtered(user, criteria: ReviewFilter):
    entries = reviewable_entries(user)
    if criteria.username:
        entries = entries.filter(actor_username=criteria.username)
    if criteria.child_id:
        entries = entries.filter(child_id=criteria.child_id)
    if criteria.date_from:
        entries = entries.filter(at__gte=_start_of(criteria.date_from))
    if criteria.date_to:
        entries = entries.filter(at__lt=_start_of(criteria.date_to + datetime.timedelta(days=1)))
    return entries.order_by("-at", "-id")


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=STOCKHOLM)


def _caseloads(actor_ids) -> dict[int, set[int]]:
    """Children each actor is assigned to (reports or investigations), in two queries."""
    loads: dict[int, set[int]] = defaultdict(set)
    for model in (Report, Investigation):
        pairs = model.objects.filter(assigned_to_id__in=actor_ids).values_list(
            "assigned_to_id", "child_id"
        )
        for actor_id, child_id in pairs:
            loads[actor_id].add(child_id)
    return loads


def _bursts(entries: list[AuditEntry]) -> set[int]:
    """Ids of entries that fall in a window where the actor opened many children."""
    if not entries:
        return set()
    actors = {e.actor_id for e in entries}
    start = min(e.at for e in entries) - BURST_WINDOW
    end = max(e.at for e in entries) + BURST_WINDOW
    reads = (
        AuditEntry.objects.filter(
            actor_id__in=actors, action=AuditEntry.Action.READ, at__gte=start, at__lte=end
        )
        .order_by("actor_id", "at")
        .values_list("actor_id", "at", "child_id")
    )
    by_actor = defaultdict(list)
    for actor_id, at, child_id in reads:
        by_actor[actor_id].append((at, child_id))
    busy: set[int] = set()
    for entry in entries:
        window = {
            child for at, child in by_actor[entry.actor_id] if abs(at - entry.at) <= BURST_WINDOW
        }
        if len(window) >= BURST_CHILDREN:
            busy.add(entry.pk)
    return busy


def flag(entries: list[AuditEntry]) -> list[ReviewRow]:
    """Attach the flags to each entry (a fixed number of queries)."""
    loads = _caseloads({e.actor_id for e in entries})
    protected = protected_among({e.child_id for e in entries})
    bursts = _bursts(entries)
    rows = []
    for entry in entries:
        flags = []
        if entry.action == AuditEntry.Action.READ and entry.child_id not in loads[entry.actor_id]:
            flags.append("outside_caseload")
        if entry.child_id in protected or entry.verb == "view_protected_contact":
            flags.append("protected")
        if entry.pk in bursts:
            flags.append("burst")
        hour = entry.at.astimezone(STOCKHOLM).hour
        if hour >= NIGHT_FROM or hour < NIGHT_UNTIL:
            flags.append("night")
        if entry.action == AuditEntry.Action.DENIED:
            flags.append("denied")
        rows.append(ReviewRow(entry, flags, explain(entry)))
    return rows


#: How many of the latest matching entries a "flagged only" review scans.
FLAGGED_SCAN_LIMIT = 5000


def review_rows(user, criteria: ReviewFilter, offset: int, limit: int):
    """(rows for one page, whether more follow). Flags need the entries, so a
    "flagged only" review scans the latest FLAGGED_SCAN_LIMIT matching entries."""
    entries = filtered(user, criteria)
    if criteria.flagged_only:
        rows = [row for row in flag(list(entries[:FLAGGED_SCAN_LIMIT])) if row.flags]
        return rows[offset : offset + limit], len(rows) > offset + limit
    page = list(entries[offset : offset + limit + 1])
    return flag(page[:limit]), len(page) > limit
