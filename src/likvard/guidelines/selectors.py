"""Reads for the pages: the rules in force for a case, what they say now, what they said.

The caller has already scoped the report; lists for supervisors are scoped here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext

from likvard.core.calendar import local_date
from likvard.reports.workflow import DecisionKind

from .context import case_context
from .engine import Evaluation, evaluate
from .models import CoSignatureRequest, GuidelineSource, Outcome, RuleEvaluation, Severity
from .registry import PENDING, Law, Rule, all_rules

#: How long an evaluation that failed with an error stays on the supervisors' list.
ERROR_DAYS = 30

#: The guideline rule that asks, at a decision not to investigate a known child, why the
#: earlier reports do not lead to an investigation; the worker's answer is stored on the
#: rule's evaluation under the question of the same name (`guidelines.rules`).
EARLIER_REPORTS_RULE = "earlier_reports_motivation"

#: The page's badge style for each outcome (colours of the shared stylesheet).
BADGES = {
    Outcome.PASSED: "state",
    Outcome.FAILED: "u-overdue",
    Outcome.ERROR: "u-overdue",
    PENDING: "u-today",
    Outcome.NOT_APPLICABLE: "u-later",
}


@dataclass(frozen=True)
class PanelRow:
    """One rule as the worker sees it at a step: what it asks, why, and where it stands."""

    rule: Rule
    severity: str
    outcome: str
    message: str
    sources: tuple[str, ...]
    stopped: bool = False

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def outcome_label(self) -> str:
        if self.outcome == PENDING:
            return gettext("Prövas vid beslutet")
        return Outcome(self.outcome).label

    @property
    def badge(self) -> str:
        return BADGES[self.outcome]

    @property
    def open(self) -> bool:
        """Whether the step is still in question for this rule (it may stop or ask)."""
        return self.outcome in (PENDING, Outcome.FAILED)


#: The provision behind a key in force on a date (casework's `provision_in_force`):
#: the law as data belongs to the case process above this app, so the page hands it in.
LawLookup = Callable[[str, datetime.date], object | None]


class SourceTexts:
    """The rules' sources as text for one date, each looked up once per page."""

    def __init__(self, on: datetime.date, law: LawLookup):
        self.on = on
        self.law = law
        self.texts: dict = {}
        self.guidelines: dict[str, GuidelineSource] | None = None

    def _text(self, source) -> str | None:
        if isinstance(source, Law):
            provision = self.law(source.key, self.on)
            return f"{cite(provision)} ({provision.summary})" if provision is not None else None
        if self.guidelines is None:
            self.guidelines = {g.key: g for g in GuidelineSource.objects.all()}
        found = self.guidelines.get(source.key)
        return str(found) if found is not None else None

    def of(self, rule: Rule) -> tuple[str, ...]:
        for source in rule.sources:
            if source not in self.texts:
                self.texts[source] = self._text(source)
        return tuple(self.texts[s] for s in rule.sources if self.texts[s] is not None)


def cite(provision) -> str:
    """A provision as a citation; a law without chapters (LVU) is cited by its sections."""
    if provision.chapter:
        return str(provision)
    sign = "§§" if "–" in provision.section or "," in provision.section else "§"
    return f"{provision.section} {sign} {provision.law}"


@dataclass(frozen=True)
class Panel:
    """The rules in force at a step, as rows; iterating gives every row."""

    rows: tuple[PanelRow, ...]

    def __iter__(self):
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def shown(self) -> list[PanelRow]:
        """The rules that apply to the case (listed in full)."""
        return [r for r in self.rows if r.outcome != Outcome.NOT_APPLICABLE]

    @property
    def skipped(self) -> str:
        """The titles of the rules in force that do not apply to the case."""
        return "; ".join(
            str(r.rule.title) for r in self.rows if r.outcome == Outcome.NOT_APPLICABLE
        )

    @property
    def stopped(self) -> list[PanelRow]:
        return [r for r in self.rows if r.stopped]


def panel(evaluations: list[Evaluation], on: datetime.date, law: LawLookup, stopping=()) -> Panel:
    """The panel rows; sources are looked up only for rules that apply to the case."""
    stopped = {e.rule.id for e in stopping}
    sources = SourceTexts(on, law)
    return Panel(
        tuple(
            PanelRow(
                e.rule,
                e.severity,
                e.outcome,
                e.message,
                sources.of(e.rule) if e.outcome != Outcome.NOT_APPLICABLE else (),
                stopped=e.rule.id in stopped,
            )
            for e in evaluations
        )
    )


def preview(report, point: str, law: LawLookup) -> Panel:
    """The rules in force at `point` for `report` today, before the worker acts."""
    today = local_date(timezone.now())
    return preview_of(point, case_context(report, on=today, preview=True), law)


def preview_of(point: str, context, law: LawLookup) -> Panel:
    """The rules in force at `point` for a context the caller built (the closing's
    facts come from the apps above casework), on the context's day."""
    return panel(evaluate(point, context, context.on), context.on, law)


def _answer_items(answers: dict) -> list[tuple[str, str]]:
    """(question label, answer as text) for the rules' answers stored with a step."""
    labels = {q.name: q.label for r in all_rules() for q in r.questions}
    items = []
    for name, value in answers.items():
        if isinstance(value, bool):
            value = gettext("Ja") if value else gettext("Nej")
        items.append((labels.get(name, name), value))
    return items


def evaluations_of(report):
    """The evaluations stored on a report, oldest first, with the staff each one names.

    The one query behind the report page's list and the API's, so both show the same rows.
    """
    return (
        RuleEvaluation.objects.filter(report=report)
        .select_related("evaluated_by", "overridden_by", "cosigned_by")
        .order_by("evaluated_at", "id")
    )


def _shown(row: RuleEvaluation) -> RuleEvaluation:
    """A stored evaluation with what its page shows: the answers as text, the badge."""
    row.answer_items = _answer_items(row.answer)
    row.badge = BADGES[row.outcome]
    return row


def stored_evaluations(report) -> dict[str, list[RuleEvaluation]]:
    """What the rules found when steps were taken on the case, by decision point
    (the closing of the investigation the report opened among them)."""
    by_point: dict[str, list[RuleEvaluation]] = {}
    for row in evaluations_of(report):
        by_point.setdefault(row.decision_point, []).append(_shown(row))
    return by_point


def closing_evaluations(investigation) -> list[RuleEvaluation]:
    """What the rules found when the investigation was closed, with badges for the page."""
    rows = (
        RuleEvaluation.objects.filter(investigation=investigation)
        .select_related("evaluated_by", "overridden_by")
        .order_by("evaluated_at", "id")
    )
    return [_shown(row) for row in rows]


def cosignature_requests(report) -> tuple[CoSignatureRequest | None, CoSignatureRequest | None]:
    """(the proposal waiting for co-signature, the proposal last sent back), from the latest.

    Only the latest request counts: a proposal sent back and then replaced shows no more.
    """
    latest = (
        CoSignatureRequest.objects.filter(report=report)
        .select_related("requested_by", "handled_by")
        .order_by("-requested_at", "-id")
        .first()
    )
    if latest is None:
        return None, None
    if latest.status == CoSignatureRequest.Status.RETURNED:
        return None, latest
    if latest.status != CoSignatureRequest.Status.PENDING:
        return None, None
    proposal = latest.proposal
    titles = {r.id: r.title for r in all_rules()}
    latest.kind_label = DecisionKind(proposal["kind"]).label
    latest.answer_items = _answer_items(proposal.get("answers", {}))
    latest.override_items = [
        (titles.get(rule_id, rule_id), reason)
        for rule_id, reason in proposal.get("overrides", {}).items()
    ]
    latest.rule_titles = [titles.get(rule_id, rule_id) for rule_id in latest.rule_ids]
    return latest, None


def cosignature_rows(user):
    """The co-signature requests the user reads, with their case and the people in them."""
    return CoSignatureRequest.objects.visible_to(user).select_related(
        "report__district", "report__child", "requested_by", "handled_by"
    )


def supervisor_lists(user) -> dict:
    """For a supervisor: decisions waiting for co-signature and rules that could not run."""
    if not user.holds("cosign_decisions"):
        return {}
    since = timezone.now() - datetime.timedelta(days=ERROR_DAYS)
    return {
        "awaiting_cosignature": list(
            CoSignatureRequest.objects.editable_by(user)
            .filter(status=CoSignatureRequest.Status.PENDING)
            .select_related("report__child", "requested_by")
            .order_by("requested_at")
        ),
        "rule_errors": list(
            RuleEvaluation.objects.editable_by(user)
            .filter(outcome=Outcome.ERROR, evaluated_at__gte=since)
            .select_related("report__child")
            .order_by("-evaluated_at")[:50]
        ),
    }


def report_facts(motivation_rule: str) -> dict:
    """What the guideline rules recorded about each report, as expressions over an
    outer report row, for counts over every case.

    `earlier_reports_motivated`: the worker answered `motivation_rule`'s question
    (stored under the rule's own id).
    """
    outer = OuterRef("pk")
    return {
        "rules_evaluated": Exists(RuleEvaluation.objects.filter(report=outer)),
        "rule_overridden": Exists(RuleEvaluation.objects.overridden().filter(report=outer)),
        "earlier_reports_motivated": Exists(
            RuleEvaluation.objects.filter(
                report=outer, rule_id=motivation_rule, answer__has_key=motivation_rule
            )
        ),
    }


def cosignature_children(district_ids) -> dict[int, set[int]]:
    """By district: the children whose report had a decision sent for co-signature.

    A co-signer reads such a case because it was sent to them (the log review does
    not count it as a read outside their own cases).
    """
    by_district: dict[int, set[int]] = {}
    pairs = CoSignatureRequest.objects.filter(report__district_id__in=district_ids).values_list(
        "report__district_id", "report__child_id"
    )
    for district_id, child_id in pairs:
        by_district.setdefault(district_id, set()).add(child_id)
    return by_district
