"""The rules engine: rules as plain functions, registered in code, run at decision points.

A rule is a `Rule`: an id, a Swedish title, what it asks and why, its sources, the
points it runs at, a default severity and parameters, and a `check` function from a
`CaseContext` (see context.py) and the parameters to a `Finding`. The municipality's
`RuleSetting` rows decide whether a rule is in force on a date, its severity and its
parameters. `evaluate()` runs the rules in force; a rule that raises is reported as
"could not be evaluated" and never stops the step silently; `judge()` decides whether
the step may go on given the overrides and co-signature it brings.
"""

import datetime
import logging
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override as language

from likvard.core.errors import InvalidInput
from likvard.core.validation import check_text

from .models import DecisionPoint, Outcome, RuleSetting, Severity

logger = logging.getLogger("likvard.guidelines")

#: An outcome shown before the step only: the rule is answered by the step's input.
PENDING = "pending"


@dataclass(frozen=True)
class Finding:
    """What a rule found: an outcome (see Outcome, or PENDING) and a message for the worker."""

    outcome: str
    message: str = ""


def passed(message="") -> Finding:
    return Finding(Outcome.PASSED, message)


def failed(message) -> Finding:
    return Finding(Outcome.FAILED, message)


def not_applicable(message="") -> Finding:
    return Finding(Outcome.NOT_APPLICABLE, message)


def pending(message) -> Finding:
    """Before the step: the rule applies and is settled by what the worker enters then."""
    return Finding(PENDING, message)


# --- parameters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IntParam:
    label: str
    default: int
    minimum: int
    maximum: int

    def clean(self, name: str, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(
                _("%(name)s ska vara ett heltal.") % {"name": name}, code="not_int"
            )
        if not self.minimum <= value <= self.maximum:
            raise ValidationError(
                _("%(name)s ska vara mellan %(min)d och %(max)d.")
                % {"name": name, "min": self.minimum, "max": self.maximum},
                code="out_of_range",
            )
        return value


@dataclass(frozen=True)
class BoolParam:
    label: str
    default: bool

    def clean(self, name: str, value):
        if not isinstance(value, bool):
            raise ValidationError(
                _("%(name)s ska vara true eller false.") % {"name": name}, code="not_bool"
            )
        return value


@dataclass(frozen=True)
class ChoicesParam:
    """A non-empty list of codes from a fixed set (e.g. concern categories)."""

    label: str
    default: tuple[str, ...]
    choices: tuple[tuple[str, str], ...]

    def clean(self, name: str, value):
        allowed = {code for code, _label in self.choices}
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(
                _("%(name)s ska vara en lista med koder.") % {"name": name}, code="not_list"
            )
        if not value:
            raise ValidationError(
                _("%(name)s ska innehålla minst ett värde.") % {"name": name}, code="empty"
            )
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise ValidationError(
                _("%(name)s innehåller okända koder: %(unknown)s. Tillåtna: %(allowed)s.")
                % {
                    "name": name,
                    "unknown": ", ".join(unknown),
                    "allowed": ", ".join(sorted(allowed)),
                },
                code="unknown_choice",
            )
        return sorted(set(value))


# --- questions and sources -----------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """Something a rule asks the worker to state at the step (stored with the evaluation)."""

    name: str
    label: str
    kind: str = "text"  # "text" or "bool"
    help_text: str = ""


@dataclass(frozen=True)
class Law:
    """A law reference: a `casework.LegalProvision` key, resolved for the date."""

    key: str


@dataclass(frozen=True)
class Guideline:
    """A municipal guideline or decision: a `GuidelineSource` key."""

    key: str


# --- rules and the registry ----------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    requirement: str  # what the rule asks, in one sentence
    explanation: str  # why
    points: tuple[str, ...]
    severity: str
    check: Callable[..., Finding]
    sources: tuple[Law | Guideline, ...] = ()
    parameters: Mapping[str, IntParam | BoolParam | ChoicesParam] = field(default_factory=dict)
    questions: tuple[Question, ...] = ()
    field: str | None = None  # the decision field the rule is about, if any

    @property
    def default_parameters(self) -> dict:
        return {
            name: [str(v) for v in p.default] if isinstance(p.default, tuple) else p.default
            for name, p in self.parameters.items()
        }


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.id in _REGISTRY:
        raise ValueError(f"guideline rule {rule.id!r} is registered twice")
    if rule.severity not in Severity.values or not set(rule.points) <= set(DecisionPoint.values):
        raise ValueError(f"guideline rule {rule.id!r} has an unknown severity or point")
    _REGISTRY[rule.id] = rule
    return rule


def unregister(rule_id: str) -> None:
    _REGISTRY.pop(rule_id, None)


def rule(**attributes):
    """Decorator: register the function below as the `check` of a rule."""

    def wrap(check):
        register(Rule(check=check, **attributes))
        return check

    return wrap


def registered_rule(rule_id: str) -> Rule | None:
    return _REGISTRY.get(rule_id)


def rules_at(point: str) -> list[Rule]:
    """The registered rules that run at `point`, in registration order."""
    return [r for r in _REGISTRY.values() if point in r.points]


def all_rules() -> list[Rule]:
    return list(_REGISTRY.values())


def validate_parameters(rule: Rule, raw) -> dict:
    """The rule's parameters with defaults filled in; ValidationError (Swedish) if invalid."""
    if raw in (None, ""):
        raw = {}
    if not isinstance(raw, dict):
        raise ValidationError(
            {"parameters": _('Parametrarna ska vara ett JSON-objekt, t.ex. {"years": 3}.')}
        )
    errors = []
    unknown = sorted(set(raw) - set(rule.parameters))
    if unknown:
        allowed = ", ".join(rule.parameters) or _("inga")
        errors.append(
            ValidationError(
                _("Okänd parameter: %(unknown)s. Regeln har: %(allowed)s.")
                % {"unknown": ", ".join(unknown), "allowed": allowed},
                code="unknown_parameter",
            )
        )
    values = rule.default_parameters
    for name, param in rule.parameters.items():
        if name not in raw:
            continue
        try:
            values[name] = param.clean(name, raw[name])
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError({"parameters": errors})
    return values


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
