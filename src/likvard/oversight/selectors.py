"""Scoped reads of the oversight register: the matters, the queue of what is due, the
cases a matter concerns as the reader may see them, and the committee's counts."""

import datetime
from dataclasses import dataclass

from django.db.models import Count

from likvard.core.errors import NotFound

from .models import ConcernedCase, Event, Matter, Measure
from .services import CASE_KINDS
from .states import State

#: How far ahead the queue shows a statement that is due.
STATEMENT_QUEUE_DAYS = 14


def matters(user):
    return (
        Matter.objects.visible_to(user).select_related("district").order_by("-received_on", "-id")
    )


def matter(user, pk) -> Matter:
    found = matters(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def may_read_register(user) -> bool:
    """Whether the user reads some district's register (the menu's "Tillsyn")."""
    return user.is_authenticated and (
        user.holds("read_all_districts") or Matter.objects.may_keep(user)
    )


def measures(user):
    return Measure.objects.visible_to(user).select_related("matter").order_by("due_on", "id")


def history(matter_row: Matter) -> list[Event]:
    return list(Event.objects.filter(matter=matter_row).select_related("actor"))


@dataclass(frozen=True)
class LinkedCase:
    kind: str
    pk: int


def cases_shown(user, matter_row: Matter) -> list[LinkedCase]:
    """The cases the matter concerns that this reader may read (others are not named)."""
    links = ConcernedCase.objects.filter(matter=matter_row).order_by("id")
    shown = []
    for kind, (read, _district_path) in CASE_KINDS.items():
        ids = [getattr(link, f"{kind}_id") for link in links if getattr(link, f"{kind}_id")]
        readable = set(read(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
        shown += [LinkedCase(kind, pk) for pk in ids if pk in readable]
    return shown


def case_refs(matter_row: Matter) -> list[tuple[str, int]]:
    """The (kind, id) of every case linked, for a form that edits them (writers only)."""
    refs = []
    for link in ConcernedCase.objects.filter(matter=matter_row).order_by("id"):
        refs += [
            (kind, getattr(link, f"{kind}_id"))
            for kind in CASE_KINDS
            if getattr(link, f"{kind}_id")
        ]
    return refs


@dataclass(frozen=True)
class Due:
    """What is due in the register: statements soon or late, measures late."""

    statements: list[Matter]
    measures: list[Measure]


def due(user, today: datetime.date) -> Due:
    """Statements due within `STATEMENT_QUEUE_DAYS` days or overdue, and measures overdue,
    in the user's district (every district for an inspector), the earliest first."""
    statements = (
        matters(user)
        .filter(
            state=State.RECEIVED,
            statement_due_on__isnull=False,
            statement_due_on__lte=today + datetime.timedelta(days=STATEMENT_QUEUE_DAYS),
        )
        .order_by("statement_due_on", "id")
    )
    late = measures(user).filter(done_on__isnull=True, due_on__lt=today)
    return Due(list(statements), list(late.select_related("matter__district")))


def committee_counts(year: int) -> dict[tuple[int, str, str], int]:
    """Matters received in `year` by (district id, kind, outcome or "" while open):
    numbers only, for the committee's view (every district)."""
    rows = (
        Matter.objects.filter(received_on__year=year)
        .values("district_id", "kind", "outcome")
        .annotate(n=Count("id"))
    )
    return {(row["district_id"], row["kind"], row["outcome"]): row["n"] for row in rows}


def committee_years() -> list[int]:
    return sorted({day.year for day in Matter.objects.dates("received_on", "year")}, reverse=True)
