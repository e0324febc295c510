"""Log review (loggkontroll): who opened which child's case, and what looks unusual.

Flags are computed for the entries on screen with a fixed number of queries,
whatever the page size:
- outside_caseload: a read of a child whose case the reader is not assigned to (a
  co-signer reading a case sent to their district for co-signature is doing their job);
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
from likvard.casework.assignment import roles_holding
from likvard.casework.models import Investigation
from likvard.core.calendar import STOCKHOLM
from likvard.guidelines.selectors import cosignature_children
from likvard.organisation.models import Role
from likvard.organisation.services import configuration_verbs, explain
from likvard.people.selectors import children, protected_among
from likvard.reports.models import Report

from .words import describe

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
    #: What happened, in words.
    what: str = ""
    #: The child's name, for a reviewer who may read the child; else None.
    child_name: str | None = None

    @property
    def role(self) -> str:
        role = self.entry.actor_role
        return Role(role).label if role in Role.values else role


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


def _cosigners_work(entries: list[AuditEntry]) -> set[int]:
    """Ids of the entries that are a co-signer reading a case sent for co-signature."""
    cosigners = set(roles_holding("cosign_decisions").values_list("name", flat=True))
    theirs = [e for e in entries if e.actor_role in cosigners and e.district_id is not None]
    if not theirs:
        return set()
    sent = cosignature_children({e.district_id for e in theirs})
    return {e.pk for e in theirs if e.child_id in sent.get(e.district_id, ())}


def _names(reviewer, child_ids) -> dict[int, str]:
    """The names of the children the reviewer may read (the others stay an id)."""
    return {child.pk: str(child) for child in children(reviewer).filter(pk__in=child_ids)}


def flag(entries: list[AuditEntry], reviewer=None) -> list[ReviewRow]:
    """Attach the flags (and, for `reviewer`, the names) to each entry, in a fixed
    number of queries."""
    loads = _caseloads({e.actor_id for e in entries})
    child_ids = {e.child_id for e in entries if e.child_id is not None}
    protected = protected_among(child_ids)
    names = _names(reviewer, child_ids) if reviewer is not None else {}
    bursts = _bursts(entries)
    cosigning = _cosigners_work(entries)
    rows = []
    for entry in entries:
        flags = []
        if (
            entry.action == AuditEntry.Action.READ
            and entry.child_id not in loads[entry.actor_id]
            and entry.pk not in cosigning
        ):
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
        rows.append(
            ReviewRow(entry, flags, explain(entry), describe(entry), names.get(entry.child_id))
        )
    return rows


#: How many of the latest matching entries a "flagged only" review scans.
FLAGGED_SCAN_LIMIT = 5000


def review_rows(user, criteria: ReviewFilter, offset: int, limit: int):
    """(rows for one page, whether more follow). Flags need the entries, so a
    "flagged only" review scans the latest FLAGGED_SCAN_LIMIT matching entries."""
    entries = filtered(user, criteria)
    if criteria.flagged_only:
        rows = [row for row in flag(list(entries[:FLAGGED_SCAN_LIMIT]), user) if row.flags]
        return rows[offset : offset + limit], len(rows) > offset + limit
    page = list(entries[offset : offset + limit + 1])
    return flag(page[:limit], user), len(page) > limit
