"""Reads of the BBIC investigation.

The investigation itself is read through casework's scoped selectors (`investigation`
below); every other read here takes an investigation already in the reader's scope
and returns its rows, so the page, the API and the closing facts read one definition.
The family a meeting or a kommunicering names is the one the investigation's district
records (`people.selectors.relations_in`).
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef

from likvard.casework import selectors as casework_reads
from likvard.casework.transitions import provision_in_force
from likvard.core.calendar import local_date
from likvard.core.errors import NotFound
from likvard.core.validation import MAX_ID
from likvard.people import selectors as people
from likvard.people.models import RelationRole

from . import letters
from .models import (
    AreaRevision,
    Communication,
    CommunicationResponse,
    ConclusionRevision,
    DecisionLetter,
    InterpreterKind,
    InterpreterNeed,
    Meeting,
    MeetingKind,
    NetworkContact,
    PlanRevision,
)
from .triangle import SIDES, Area, AreaText, Side


def investigation(user, pk, *, to_change: bool = False):
    """One investigation the user reads (or may change); NotFound out of scope."""
    if not isinstance(pk, int) or not 1 <= pk <= MAX_ID:
        raise NotFound()
    if not to_change:
        return casework_reads.visible_investigation(user, pk)
    found = casework_reads.investigations(user, to_change=True).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def latest_revision(model, investigation, **match) -> int:
    """The number of the latest revision of the investigation's plan, an area or the
    conclusion (0 before the first)."""
    latest = model.objects.filter(investigation=investigation, **match).aggregate(n=Max("revision"))
    return latest["n"] or 0


# ------------------------------------------------------------------ plan and areas


def plan(investigation) -> PlanRevision | None:
    """The plan as it stands (its latest revision), or None."""
    return (
        PlanRevision.objects.filter(investigation=investigation)
        .select_related("recorded_by")
        .order_by("-revision")
        .first()
    )


def plan_history(investigation) -> list[PlanRevision]:
    """Every revision of the plan, newest first."""
    return list(
        PlanRevision.objects.filter(investigation=investigation)
        .select_related("recorded_by")
        .order_by("-revision")
    )


def areas(investigation) -> dict[str, AreaRevision]:
    """The latest revision of each area documented so far, by area key."""
    latest: dict[str, AreaRevision] = {}
    rows = (
        AreaRevision.objects.filter(investigation=investigation)
        .select_related("recorded_by")
        .order_by("area", "-revision")
    )
    for row in rows:
        latest.setdefault(row.area, row)
    return latest


def area_history(investigation, area: str) -> list[AreaRevision]:
    """Every revision of one area, newest first."""
    return list(
        AreaRevision.objects.filter(investigation=investigation, area=area)
        .select_related("recorded_by")
        .order_by("-revision")
    )


@dataclass(frozen=True)
class AreaRow:
    """One area of the triangle as the overview shows it."""

    key: str
    label: str
    text: AreaText
    revision: AreaRevision | None


@dataclass(frozen=True)
class SideRows:
    key: str
    label: str
    areas: list[AreaRow]

    @property
    def filled(self) -> int:
        return sum(1 for row in self.areas if row.text.filled)

    @property
    def documented(self) -> list["AreaRow"]:
        return [row for row in self.areas if row.text.filled]

    @property
    def missing(self) -> list[str]:
        """The labels of the areas not documented yet."""
        return [str(row.label) for row in self.areas if not row.text.filled]


def triangle(investigation) -> list[SideRows]:
    """The three sides with each area, documented or not, in BBIC's order."""
    latest = areas(investigation)
    sides = []
    for side, keys in SIDES.items():
        rows = []
        for key in keys:
            row = latest.get(key)
            text = (
                AreaText(row.needs, row.protective_factors, row.risk_factors) if row else AreaText()
            )
            rows.append(AreaRow(key, Area(key).label, text, row))
        sides.append(SideRows(side, Side(side).label, rows))
    return sides


# ------------------------------------------------------------------ meetings, interpreters


def meetings(investigation) -> list[Meeting]:
    """The investigation's conversations and meetings, latest first, with who took part."""
    return list(
        Meeting.objects.filter(investigation=investigation)
        .prefetch_related("participants")
        .order_by("-held_on", "-pk")
    )


def child_heard(investigation) -> bool:
    """At least one conversation with the child is recorded in the investigation."""
    return Meeting.objects.filter(
        investigation=investigation, kind=MeetingKind.CHILD_CONVERSATION
    ).exists()


def family(investigation) -> list:
    """The child's current family as the investigation's district records it."""
    return people.relations_in(investigation.child, frozenset({investigation.district_id}))


def guardians(investigation) -> list:
    return [r for r in family(investigation) if r.role == RelationRole.GUARDIAN]


def interpreter_needs(investigation) -> list[InterpreterNeed]:
    """Who needs an interpreter: the child first, then the family members by name."""
    rows = InterpreterNeed.objects.filter(investigation=investigation).select_related("person")
    return sorted(
        rows,
        key=lambda n: (n.person is not None, str(n.person or ""), n.pk),
    )


def interpreter_need_of(investigation, person_id: int | None) -> InterpreterNeed | None:
    rows = InterpreterNeed.objects.filter(investigation=investigation)
    if person_id is None:
        return rows.filter(person__isnull=True).first()
    return rows.filter(person_id=person_id).first()


@dataclass(frozen=True)
class InterpreterSummary:
    """Per case: who needs what, and at how many meetings it was needed and used."""

    needs: list[InterpreterNeed]
    #: Meetings where an interpreter (of either kind) was needed.
    needed: int
    #: Of those, meetings where the interpreter needed was used.
    used_as_needed: int
    #: Of those, meetings where an interpreter was used but not the kind needed.
    other_kind_used: int

    @property
    def not_used(self) -> int:
        return self.needed - self.used_as_needed - self.other_kind_used


def interpreter_summary(investigation, rows: list[Meeting] | None = None) -> InterpreterSummary:
    """The interpreter needs and how the meetings met them (`rows`: meetings already read)."""
    rows = meetings(investigation) if rows is None else rows
    counts = Counter()
    for m in rows:
        if m.interpreter_needed == InterpreterKind.NONE:
            continue
        counts["needed"] += 1
        if m.interpreter_used == m.interpreter_needed:
            counts["used"] += 1
        elif m.interpreter_used != InterpreterKind.NONE:
            counts["other"] += 1
    return InterpreterSummary(
        interpreter_needs(investigation), counts["needed"], counts["used"], counts["other"]
    )


# ------------------------------------------------------------------ network, kommunicering


def network_contacts(investigation) -> list[NetworkContact]:
    return list(
        NetworkContact.objects.filter(investigation=investigation).order_by("-contacted_on", "-pk")
    )


def communications(investigation) -> list[Communication]:
    """The kommuniceringar with their recipients and what came back, latest first."""
    answered_rows = CommunicationResponse.objects.filter(communication=OuterRef("pk"))
    return list(
        Communication.objects.filter(investigation=investigation)
        .annotate(has_response=Exists(answered_rows))
        .prefetch_related("recipients", "response")
        .order_by("-shared_on", "-pk")
    )


def communication_in(investigation, pk) -> Communication | None:
    """A kommunicering of this investigation by id, or None."""
    if not isinstance(pk, int) or not 1 <= pk <= MAX_ID:
        return None
    return Communication.objects.filter(investigation=investigation, pk=pk).first()


def answered(communication) -> bool:
    return CommunicationResponse.objects.filter(communication=communication).exists()


# ------------------------------------------------------------------ conclusion, letter


def conclusion(investigation) -> ConclusionRevision | None:
    """The conclusion as it stands (its latest revision), or None."""
    return (
        ConclusionRevision.objects.filter(investigation=investigation)
        .select_related("recorded_by")
        .order_by("-revision")
        .first()
    )


def letter_for(conclusion_row) -> DecisionLetter | None:
    return (
        DecisionLetter.objects.filter(conclusion=conclusion_row).select_related("document").first()
    )


def decision_letters(investigation) -> list[DecisionLetter]:
    return list(
        DecisionLetter.objects.filter(investigation=investigation)
        .select_related("document", "conclusion")
        .order_by("-generated_at")
    )


def letter_facts(investigation, conclusion_row, actor, now: datetime.datetime):
    """Everything the decision letter states, read once (`letters.LetterFacts`)."""
    closed = investigation.completed_on or local_date(now)
    rows = meetings(investigation)
    return letters.LetterFacts(
        district=investigation.district.name,
        case_number=investigation.pk,
        child=str(investigation.child),
        child_identity=investigation.child.identity_display,
        recipients=[
            str(r.person)
            for r in people.letter_recipients(investigation.child, investigation.district_id)
        ],
        opened_on=investigation.opened_on,
        completed_on=closed,
        outcome=investigation.outcome,
        outcome_label=investigation.get_outcome_display(),
        ground=provision_in_force("open_investigation", closed),
        appeal_time=provision_in_force("appeal_time", closed),
        appeal_where=provision_in_force("appeal_where", closed),
        plan=plan(investigation),
        meetings=rows,
        network=network_contacts(investigation),
        communications=communications(investigation),
        documented_areas=[
            row.label for side in triangle(investigation) for row in side.areas if row.text.filled
        ],
        conclusion=conclusion_row,
        decided_by=str(actor),
        decided_by_role=actor.get_role_display(),
        investigator=str(investigation.assigned_to or actor),
        today=local_date(now),
    )


def closing_facts(investigation) -> dict:
    """The facts of the BBIC investigation the guideline rules read at closing (the keys
    are fixed by the rules); falsy values when nothing is recorded."""
    latest = conclusion(investigation)
    return {
        "needs_identified": bool(latest and latest.needs_identified),
        "serious_need": bool(latest and latest.serious_need),
        "no_intervention_reason": latest.no_intervention_reason if latest else "",
        "child_heard": child_heard(investigation),
        "not_heard_reason": latest.not_heard_reason if latest else "",
    }
