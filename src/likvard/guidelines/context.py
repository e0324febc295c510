"""The case as the rules see it: plain values, so a rule is a plain, testable function.

`case_context()` reads one report and what hangs off it; tests may build a
`CaseContext` by hand instead.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from likvard.core.calendar import local_date
from likvard.reports.selectors import earlier_in_district


@dataclass(frozen=True)
class Conversation:
    held: bool
    held_on: datetime.date | None = None
    not_held_reason: str = ""


@dataclass(frozen=True)
class PoliceConsideration:
    considered_on: datetime.date
    outcome: str
    reconsider_on: datetime.date | None = None


@dataclass(frozen=True)
class EarlierReport:
    """Another report about the child in the same district, received before this one."""

    report_id: int
    received_on: datetime.date
    state: str


@dataclass(frozen=True)
class Proposal:
    """The decision the worker is taking (kind, texts)."""

    kind: str
    motivation: str = ""
    exceptional_reason: str = ""
    transfer_municipality: str = ""


@dataclass(frozen=True)
class CaseContext:
    """Everything a rule may look at. `preview` is True before the step is taken: then
    `proposal` is None and `answers` empty, and a rule settled by them answers PENDING."""

    report_id: int | None
    on: datetime.date
    received_on: datetime.date
    decision_due: datetime.date
    concerns: frozenset[str]
    reporter_mandated: bool
    reporter_wants_feedback: bool
    conversations: tuple[Conversation, ...] = ()
    police_considerations: tuple[PoliceConsideration, ...] = ()
    earlier_reports: tuple[EarlierReport, ...] = ()
    feedback_given_on: tuple[datetime.date, ...] = ()
    proposal: Proposal | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)
    preview: bool = False


def case_context(
    report,
    *,
    on: datetime.date,
    proposal: Proposal | None = None,
    answers: Mapping[str, Any] | None = None,
    preview: bool = False,
) -> CaseContext:
    """Read `report` (already scoped by the caller) and its related rows into a context.

    The lists are read with `.all()`, so a page that prefetched them (the report's
    page does, `casework.selectors.REPORT_LISTS`) reads none of them again.
    """
    earlier = earlier_in_district(report)
    return CaseContext(
        report_id=report.pk,
        on=on,
        received_on=local_date(report.received_at),
        decision_due=report.decision_due,
        concerns=frozenset(c.category for c in report.concerns.all()),
        reporter_mandated=report.reporter_mandated,
        reporter_wants_feedback=report.reporter_wants_feedback,
        conversations=tuple(
            Conversation(c.held, c.held_on, c.not_held_reason)
            for c in sorted(report.child_conversations.all(), key=lambda c: c.pk)
        ),
        police_considerations=tuple(
            PoliceConsideration(p.considered_on, p.outcome, p.reconsider_on)
            for p in sorted(
                report.police_considerations.all(), key=lambda p: (p.considered_on, p.pk)
            )
        ),
        earlier_reports=tuple(
            EarlierReport(pk, local_date(received_at), state) for pk, received_at, state in earlier
        ),
        feedback_given_on=tuple(sorted(f.given_on for f in report.feedback.all())),
        proposal=proposal,
        answers=dict(answers or {}),
        preview=preview,
    )


# --- the closing of an investigation ------------------------------------------------------

#: The facts the apps above casework record about an investigation (CONTRACT of issue 11),
#: with the plain type each is read as: bbic's conclusion, assessment and conversations,
#: interventions' proposals, consents, motivation work and LVU considerations.
CLOSING_FACTS: dict[str, type] = {
    "needs_identified": bool,
    "serious_need": bool,
    "no_intervention_reason": str,
    "child_heard": bool,
    "not_heard_reason": str,
    "interventions_proposed": int,
    "interventions_granted": int,
    "consent_missing": bool,
    "motivation_work_count": int,
    "placement_proposed": bool,
    "lvu_considered": bool,
}


@dataclass(frozen=True)
class ClosingContext:
    """An investigation as the rules at its closing see it.

    A fact is None when no app records it (nothing registered it): a rule that needs it
    cannot be judged and does not apply. A fact that is recorded but empty (False, 0,
    "") is a fact: nothing was documented, and the rules judge that. `outcome` is the
    closing's (`casework.Investigation.Outcome`), "" before the worker chooses it.
    """

    investigation_id: int | None
    report_id: int | None
    on: datetime.date
    opened_on: datetime.date
    due_date: datetime.date
    statutory_due_date: datetime.date
    outcome: str = ""
    needs_identified: bool | None = None
    serious_need: bool | None = None
    no_intervention_reason: str | None = None
    child_heard: bool | None = None
    not_heard_reason: str | None = None
    interventions_proposed: int | None = None
    interventions_granted: int | None = None
    consent_missing: bool | None = None
    motivation_work_count: int | None = None
    placement_proposed: bool | None = None
    lvu_considered: bool | None = None

    def unknown(self, *names: str) -> bool:
        """Whether any of the facts `names` is not recorded by any app."""
        return any(getattr(self, name) is None for name in names)


def closing_context(
    investigation,
    facts: Mapping[str, Any],
    *,
    on: datetime.date,
    report_id: int | None = None,
    outcome: str = "",
) -> ClosingContext:
    """The investigation's dates and the registered apps' facts (`casework.sections.
    closing_facts`, handed in by casework: it stands above this app), as plain values.

    Keys the rules do not read are left out; a None value counts as not recorded.
    """
    values = {
        name: kind(facts[name])
        for name, kind in CLOSING_FACTS.items()
        if facts.get(name) is not None
    }
    return ClosingContext(
        investigation_id=investigation.pk,
        report_id=report_id,
        on=on,
        opened_on=investigation.opened_on,
        due_date=investigation.due_date,
        statutory_due_date=investigation.statutory_due_date,
        outcome=outcome,
        **values,
    )
