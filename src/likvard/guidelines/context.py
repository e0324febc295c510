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
