"""The rules engine: the registered rules (registry.py) run at decision points.

The municipality's
`RuleSetting` rows decide whether a rule is in force on a date, its severity and its
parameters. `evaluate()` runs the rules in force; a rule that raises is reported as
"could not be evaluated" and never stops the step silently; `judge()` decides whether
the step may go on given the overrides and co-signature it brings.
"""

import datetime
import logging
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override as language

from likvard.core.errors import InvalidInput
from likvard.core.validation import check_text

from .models import RuleSetting
from .registry import Finding, Rule, rules_at, validate_parameters
from .vocabulary import Outcome, Severity

logger = logging.getLogger("likvard.guidelines")


# --- what is in force ----------------------------------------------------------------------


@dataclass(frozen=True)
class InForce:
    """A rule as it runs on a date: its severity and raw parameters, and where they came from."""

    rule: Rule
    severity: str
    parameters: dict
    setting_id: int | None


def in_force(rules: Sequence[Rule], on: datetime.date) -> list[InForce]:
    """The rules among `rules` in force on `on`, with the municipality's settings applied."""
    rows: dict[str, list[RuleSetting]] = {}
    for row in RuleSetting.objects.filter(rule_id__in=[r.id for r in rules]):
        rows.setdefault(row.rule_id, []).append(row)
    result = []
    for r in rules:
        settings = rows.get(r.id)
        if not settings:
            result.append(InForce(r, r.severity, r.default_parameters, None))
            continue
        current = next((s for s in settings if s.covers(on)), None)
        if current is not None and current.enabled:
            result.append(InForce(r, current.severity, dict(current.parameters or {}), current.pk))
    return result


# --- evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """One rule's finding at a step (in memory; `record_evaluations` stores it)."""

    rule: Rule
    severity: str
    parameters: dict
    finding: Finding

    @property
    def outcome(self) -> str:
        return self.finding.outcome

    @property
    def message(self) -> str:
        return str(self.finding.message)

    @property
    def failed(self) -> bool:
        return self.outcome == Outcome.FAILED


def _could_not_evaluate(rule: Rule, point: str, report_id, exc: BaseException) -> Finding:
    """Log a broken rule without personal data: rule, point, report id, the exception's type
    and where it was raised (file, line, function); never its message or the code's text."""
    logger.error(
        "guideline rule %s could not be evaluated at %s for report %s: %s\n%s",
        rule.id,
        point,
        report_id,
        type(exc).__name__,
        "\n".join(
            f"  {frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(exc.__traceback__)
        ),
    )
    return Finding(
        Outcome.ERROR,
        _(
            "Regeln kunde inte utvärderas på grund av ett fel. Kontrollera själv det den "
            "kräver; felet är loggat och syns för arbetsledaren."
        ),
    )


def evaluate(
    point: str, case, on: datetime.date, *, rules: Sequence[InForce] | None = None
) -> list[Evaluation]:
    """Run every rule in force at `point` on `on` over `case` (a CaseContext).

    `rules` is `in_force(rules_at(point), on)` when the caller already has it: the
    demo generator judges tens of thousands of decisions and asks once per period.
    """
    results = []
    with language("sv"):
        for current in in_force(rules_at(point), on) if rules is None else rules:
            try:
                parameters = validate_parameters(current.rule, current.parameters)
            except ValidationError as exc:
                parameters = current.parameters
                finding = _could_not_evaluate(current.rule, point, case.report_id, exc)
            else:
                try:
                    finding = current.rule.check(case, parameters)
                    if not isinstance(finding, Finding):
                        raise TypeError("a rule must return a Finding")
                    finding = Finding(finding.outcome, str(finding.message))
                except Exception as exc:  # a broken rule must not stop casework silently
                    finding = _could_not_evaluate(current.rule, point, case.report_id, exc)
            results.append(Evaluation(current.rule, current.severity, parameters, finding))
    return results


# --- input the rules ask for ---------------------------------------------------------------


def clean_answers(point: str, answers: Mapping[str, Any] | None) -> dict:
    """Answers to the questions of the rules at `point`; unknown names are refused."""
    questions = {q.name: q for r in rules_at(point) for q in r.questions}
    cleaned = {}
    for name, value in (answers or {}).items():
        question = questions.get(name)
        if question is None:
            raise InvalidInput(
                _("Okänt svar till riktlinjerna: %(name)s.") % {"name": name},
                code="unknown_answer",
                field="answers",
            )
        if question.kind == "bool":
            if not isinstance(value, bool):
                raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field=name)
            cleaned[name] = value
        else:
            text = check_text(value if isinstance(value, str) else "", name, required=False)
            if text:
                cleaned[name] = text
    return cleaned


def clean_overrides(point: str, overrides: Mapping[str, str] | None) -> dict:
    """Reasons for going past warnings, by rule id; empty reasons count as none."""
    known = {r.id for r in rules_at(point)}
    cleaned = {}
    for rule_id, reason in (overrides or {}).items():
        if rule_id not in known:
            raise InvalidInput(
                _("Okänd regel: %(rule)s.") % {"rule": rule_id},
                code="unknown_rule",
                field="overrides",
            )
        text = check_text(
            reason if isinstance(reason, str) else "", f"override_{rule_id}", required=False
        )
        if text:
            cleaned[rule_id] = text
    return cleaned


# --- whether the step may go on ------------------------------------------------------------


class GuidelineRefusal(InvalidInput):
    """The rules stop the step. Carries every evaluation, and the ones that stopped it."""

    MESSAGES = {
        "guideline_blocked": _("Riktlinjerna stoppar beslutet: %(rules)s"),
        "override_required": _("Ange skäl för att göra avsteg från riktlinjen: %(rules)s"),
        "cosignature_required": _("Beslutet kräver kontrasignering av en arbetsledare: %(rules)s"),
    }

    def __init__(self, evaluations: list[Evaluation], stopping: list[Evaluation], code: str):
        listed = "; ".join(f"{e.rule.title} – {e.message}" for e in stopping)
        first_field = next((e.rule.field for e in stopping if e.rule.field), None)
        super().__init__(self.MESSAGES[code] % {"rules": listed}, code=code, field=first_field)
        self.evaluations = evaluations
        self.stopping = stopping

    @property
    def stopping_ids(self) -> list[str]:
        return [e.rule.id for e in self.stopping]

    def details(self) -> list[dict]:
        """The stopping rules as data (for the API's error body)."""
        return [
            {
                "rule": e.rule.id,
                "title": str(e.rule.title),
                "severity": e.severity,
                "message": e.message,
                "field": e.rule.field,
            }
            for e in self.stopping
        ]


def stopping(
    evaluations: list[Evaluation], overrides: Mapping[str, str], cosigned: bool
) -> tuple[str, list[Evaluation]] | None:
    """(refusal code, the evaluations that stop the step), or None when it may go on."""
    blocks = [e for e in evaluations if e.failed and e.severity == Severity.BLOCK]
    warns = [
        e
        for e in evaluations
        if e.failed and e.severity == Severity.WARN and e.rule.id not in overrides
    ]
    cosigns = (
        [] if cosigned else [e for e in evaluations if e.failed and e.severity == Severity.COSIGN]
    )
    if blocks:
        return "guideline_blocked", blocks + warns + cosigns
    if warns:
        return "override_required", warns + cosigns
    if cosigns:
        return "cosignature_required", cosigns
    return None


def judge(evaluations: list[Evaluation], *, overrides: Mapping[str, str], cosigned: bool) -> None:
    """Raise GuidelineRefusal unless every failing rule is passed by its severity's way."""
    verdict = stopping(evaluations, overrides, cosigned)
    if verdict is not None:
        code, stops = verdict
        raise GuidelineRefusal(evaluations, stops, code)


def needs_cosignature(evaluations: list[Evaluation]) -> list[Evaluation]:
    return [e for e in evaluations if e.failed and e.severity == Severity.COSIGN]
