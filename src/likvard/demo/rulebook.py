"""The city's guideline rules at the generated decisions, met as a district's workers meet them.

From the day the municipality switched the rules on (`Municipality.guidelines_from`),
each generated decision is judged by the real rules, `guidelines.engine.evaluate` over
a `CaseContext` of the generated rows, and stored through the rows the decision service
stores (`guidelines.effects`, written by `cases.CaseWriter`): a `RuleEvaluation` with the
worker's answers, override and co-signature, and behind a co-signed decision its
`CoSignatureRequest`. What a worker does about a rule that
fails follows its severity and the district's diligence:

- a rule that blocks is met: the missing consideration, reason or answer is written
  before the decision or, where nothing can be written, an investigation is opened;
- a warning is met at the district's rate (`WARNING_MET`) and otherwise gone past
  with a reason (avsteg);
- a rule that needs co-signature gets it from one of the district's supervisors.

Unlike the service, the generator leaves out the rows of rules that did not apply to
the case: they say nothing, and they are more than half of the rows, which would make
the demo markedly slower to build. The rule settings are the municipality's: an empty
database gets the demo municipality's (`configure`), existing ones are kept and followed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from likvard.casework.effects import DecisionInput
from likvard.casework.models import Decision
from likvard.core.calendar import local_date
from likvard.guidelines.context import (
    CaseContext,
    Conversation,
    EarlierReport,
    PoliceConsideration,
    Proposal,
)
from likvard.guidelines.engine import Evaluation, evaluate, in_force
from likvard.guidelines.models import (
    DecisionPoint,
    Outcome,
    RuleSetting,
    Severity,
)
from likvard.guidelines.registry import all_rules, rules_at

from . import vocabulary as words
from .cases import CaseWriter
from .intervals import IntervalLookup
from .municipalities import Municipality, Practice

DAY = datetime.timedelta(days=1)
POINT = DecisionPoint.DECISION

#: How often a worker meets a rule that warns instead of going past it with a reason.
WARNING_MET = Practice(0.8, 0.8)
#: Share of yes to a yes/no question a rule asks (e.g. "guardians deny").
YES_SHARE = 0.4


@dataclass
class PendingDecision:
    """A decision being taken: the generator's rows the rules read, and who is involved.

    `decision` is the proposal (kind, texts, `decided_at`, `decided_by_id`), which
    meeting a rule may change before the decision is written; `conversations` and
    `police` are the rows written for the report so far.
    """

    report: dict
    decision: dict
    concerns: list[str]
    conversations: list[dict]
    police: list[dict]
    earlier: tuple[EarlierReport, ...]
    worker: int
    supervisors: list[int]
    diligence: float
    age: int
    under_investigation: bool


@dataclass(frozen=True)
class Signature:
    """A supervisor's co-signature of a decision, with its reason, and when it was proposed."""

    supervisor: int
    reason: str
    proposed_at: datetime.datetime


@dataclass(frozen=True)
class Verdict:
    """What the rules found on a decision and how the worker got past them."""

    evaluations: list[Evaluation]
    answers: dict
    overrides: dict
    #: The rules that needed a co-signature (empty: none did), and the supervisor's.
    cosign_rules: list[str]
    signed: Signature | None


def configure(municipality: Municipality, today: datetime.date) -> int:
    """Write the municipality's rule settings if there are none yet; returns how many.

    A rule of the introduction phase gets two settings: a warning until the phase
    ends, then its default severity. The rules at the closing of an investigation are
    new: in force from `today` (the day the demo is built), so the generated history,
    closed before them, shows the gaps they close.
    """
    if municipality.guidelines_from is None or RuleSetting.objects.exists():
        return 0
    start, until = municipality.guidelines_from, municipality.warnings_until
    closing = {r.id for r in rules_at(DecisionPoint.INVESTIGATION_CLOSING)}
    settings = []
    for rule in all_rules():
        begins = today if rule.id in closing else start
        phases = [(rule.severity, begins, None, "default")]
        if rule.id in municipality.warning_rules:
            phases = [(Severity.WARN, start, until, "warn")]
            if until is not None:
                phases.append((rule.severity, until + DAY, None, "after_warnings"))
        settings += [
            RuleSetting(
                rule_id=rule.id,
                severity=severity,
                parameters=rule.default_parameters,
                in_force_from=begins,
                in_force_until=ends,
                note=words.RULE_SETTING_NOTES[note],
            )
            for severity, begins, ends, note in phases
        ]
    return len(RuleSetting.objects.bulk_create(settings))


class DecisionRules:
    """Judges the generated decisions by the rules in force and writes what they found.

    `cases` writes the rows; `police_row` and `not_held_row` write a police-report
    consideration and a documented reason the child was not heard, as the generator
    writes them elsewhere.
    """

    def __init__(
        self,
        municipality: Municipality,
        rng,
        cases: CaseWriter,
        *,
        police_row: Callable[[dict, datetime.date, int], dict],
        not_held_row: Callable[[dict, int, datetime.datetime, int], dict],
    ):
        self.since = municipality.guidelines_from
        self.rng = rng
        self.cases = cases
        self._police_row = police_row
        self._not_held_row = not_held_row
        bounds = set()
        for start, until in RuleSetting.objects.values_list("in_force_from", "in_force_until"):
            bounds.add(start)
            if until is not None:
                bounds.add(until + DAY)
        self._in_force = IntervalLookup(bounds, lambda on: in_force(rules_at(POINT), on))
        # One parameters object per rule while they stay the same: the writer then
        # converts it once per flush instead of once per row.
        self._parameters: dict[str, dict] = {}
        self._no_answer: dict = {}
        self._remedies = {
            "police_consideration": self._consider_police,
            "child_heard": self._document_not_heard,
            "earlier_reports_motivation": self._motivate_earlier_reports,
        }

    def apply_on(self, day: datetime.date) -> bool:
        return self.since is not None and day >= self.since and bool(self._in_force(day))

    def judge(self, case: PendingDecision) -> Verdict:
        """Meet or go past each failing rule; the proposal in `case` is then final."""
        rng, decision = self.rng, case.decision
        on = local_date(decision["decided_at"])
        rules = self._in_force(on)
        # Yes/no questions are answered on every decision, as a client of the API may.
        answers = {
            question.name: rng.random() < YES_SHARE
            for current in rules
            for question in current.rule.questions
            if question.kind == "bool"
        }
        evaluations = self._meet(case, on, rules, answers)
        failing = [e for e in evaluations if e.failed]
        refused = [e.rule.id for e in failing if e.severity == Severity.BLOCK]
        if refused:
            raise RuntimeError(f"generated decision breaks blocking rules {refused}")
        reasons = words.OVERRIDE_REASONS
        overrides = {
            e.rule.id: rng.choice(reasons.get(e.rule.id, words.OTHER_OVERRIDE_REASONS))
            for e in failing
            if e.severity == Severity.WARN
        }
        cosign = [e.rule.id for e in failing if e.severity == Severity.COSIGN]
        signed = None
        if cosign:
            signed = Signature(
                rng.choice(case.supervisors),
                rng.choice(words.COSIGN_REASONS),
                decision["decided_at"] - datetime.timedelta(minutes=rng.randint(20, 300)),
            )
            decision["decided_by_id"] = case.worker  # the proposer's decision, co-signed
        return Verdict(evaluations, answers, overrides, cosign, signed)

    def _meet(self, case, on, rules, answers) -> list[Evaluation]:
        """The evaluations once the worker has met the failing rules they meet."""
        evaluations = self._evaluate(case, on, rules, answers)
        met = WARNING_MET.share(case.diligence)
        kind, remedied = case.decision["kind"], set()
        for e in evaluations:
            if not e.failed or e.severity == Severity.COSIGN:
                continue
            remediable = e.rule.id in self._remedies
            if e.severity == Severity.BLOCK or (remediable and self.rng.random() < met):
                self._remedies.get(e.rule.id, self._open_instead)(case, on, answers)
                remedied.add(e.rule.id)
        if case.decision["kind"] != kind:  # another decision: every rule judges it again
            return self._evaluate(case, on, rules, answers)
        if remedied:  # a remedy writes only what its own rule asks for
            again = [current for current in rules if current.rule.id in remedied]
            redone = {e.rule.id: e for e in self._evaluate(case, on, again, answers)}
            return [redone.get(e.rule.id, e) for e in evaluations]
        return evaluations

    # ------------------------------------------------------------ what the rules read

    def _context(self, case, on, answers) -> CaseContext:
        report, decision = case.report, case.decision
        return CaseContext(
            report_id=report["id"],
            on=on,
            received_on=local_date(report["received_at"]),
            decision_due=report["decision_due"],
            concerns=frozenset(case.concerns),
            reporter_mandated=report["reporter_mandated"],
            reporter_wants_feedback=report["reporter_wants_feedback"],
            conversations=tuple(
                Conversation(c["held"], c["held_on"], c["not_held_reason"])
                for c in case.conversations
            ),
            police_considerations=tuple(
                PoliceConsideration(p["considered_on"], p["outcome"], p["reconsider_on"])
                for p in sorted(case.police, key=lambda p: p["considered_on"])
            ),
            earlier_reports=case.earlier,
            proposal=Proposal(
                decision["kind"],
                decision["motivation"],
                decision["exceptional_reason"],
                decision["transfer_municipality"],
            ),
            answers=answers,
        )

    def _evaluate(self, case, on, rules, answers) -> list[Evaluation]:
        return evaluate(POINT, self._context(case, on, answers), on, rules=rules)

    # ------------------------------------------------------------ meeting a rule

    def _consider_police(self, case, on, answers) -> None:
        case.police.append(self._police_row(case.report, on, case.worker))

    def _document_not_heard(self, case, on, answers) -> None:
        recorded_at = case.decision["decided_at"] - datetime.timedelta(minutes=5)
        case.conversations.append(
            self._not_held_row(case.report, case.age, recorded_at, case.worker)
        )

    def _motivate_earlier_reports(self, case, on, answers) -> None:
        answers["earlier_reports_motivation"] = self.rng.choice(words.EARLIER_REPORTS_MOTIVATIONS)

    def _open_instead(self, case, on, answers) -> None:
        """What meets any rule about closing a case: the investigation is opened."""
        kind = (
            Decision.Kind.ALREADY_ONGOING
            if case.under_investigation
            else Decision.Kind.OPEN_INVESTIGATION
        )
        case.decision.update(
            kind=kind,
            motivation=self.rng.choice(words.DECISION_MOTIVATIONS[kind]),
            transfer_municipality="",
        )

    # ------------------------------------------------------------ what is stored

    def propose(self, case: PendingDecision, verdict: Verdict, data: DecisionInput) -> None:
        """Behind a co-signed decision, the worker's proposal and its co-signature (written
        before the decision, at the report's version then)."""
        if verdict.signed is None:
            return
        decided_at = case.decision["decided_at"]
        self.cases.cosignature(
            case.report,
            data,
            rule_ids=verdict.cosign_rules,
            requested_by_id=case.worker,
            requested_at=verdict.signed.proposed_at,
            cosigned_by_id=verdict.signed.supervisor,
            reason=verdict.signed.reason,
            at=decided_at,
        )

    def record(self, case: PendingDecision, verdict: Verdict, decision_id: int) -> None:
        """A row per rule that applied, as `guidelines.services.record_evaluations` writes it."""
        decided_by, signed = case.decision["decided_by_id"], verdict.signed
        rows = self.cases.evaluations(
            [e for e in verdict.evaluations if e.outcome != Outcome.NOT_APPLICABLE],
            report_id=case.report["id"],
            decision_id=decision_id,
            point=POINT,
            # A co-signed decision is completed by the supervisor who signs it.
            evaluated_by_id=signed.supervisor if signed else decided_by,
            at=case.decision["decided_at"],
            answers=verdict.answers,
            overrides=verdict.overrides,
            overridden_by_id=decided_by,
            cosigned_by_id=signed.supervisor if signed else None,
            cosign_reason=signed.reason if signed else "",
        )
        for row in rows:  # shared objects: see `_parameters`
            parameters = self._parameters.get(row["rule_id"])
            if parameters != row["parameters"]:
                parameters = self._parameters[row["rule_id"]] = row["parameters"]
            row["parameters"] = parameters
            row["answer"] = row["answer"] or self._no_answer
