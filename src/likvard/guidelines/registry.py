"""The rule language: findings, parameters, questions, sources, and the registry of rules.

A rule is a `Rule`: an id, a Swedish title, what it asks and why, its sources, the
points it runs at, a default severity and parameters, and a `check` function from a
`CaseContext` (see context.py) and the parameters to a `Finding`. Rules register
here when `rules.py` is imported; the models validate a setting against this
registry and the engine (engine.py) runs what is in force.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .vocabulary import DecisionPoint, Outcome, Severity

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
