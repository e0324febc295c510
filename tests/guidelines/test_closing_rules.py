"""The rules at the closing of an investigation, firing and not firing, as plain functions.

A rule sees only a ClosingContext: the facts bbic and interventions record (CONTRACT of
issue 11), None where no app records them. Recorded but empty facts (False, 0, "") are
facts: nothing was documented, and the rules judge that.
"""

import datetime
from types import SimpleNamespace

import pytest

from likvard.guidelines.context import CLOSING_FACTS, ClosingContext, closing_context
from likvard.guidelines.models import DecisionPoint, Outcome, Severity
from likvard.guidelines.registry import PENDING, registered_rule, rules_at, validate_parameters

ON = datetime.date(2026, 6, 10)
RULES = (
    "closing_no_intervention_reason",
    "closing_motivation_work",
    "closing_lvu_consideration",
    "closing_child_heard",
)
#: What every app returns for an investigation with no rows at all.
NOTHING_DOCUMENTED = {
    "needs_identified": False,
    "serious_need": False,
    "no_intervention_reason": "",
    "child_heard": False,
    "not_heard_reason": "",
    "interventions_proposed": 0,
    "interventions_granted": 0,
    "consent_missing": False,
    "motivation_work_count": 0,
    "placement_proposed": False,
    "lvu_considered": False,
}


def closing(**facts) -> ClosingContext:
    """An investigation opened three months ago where the child was heard, with `facts`."""
    values = {**NOTHING_DOCUMENTED, "child_heard": True, **facts}
    return ClosingContext(
        investigation_id=1,
        report_id=2,
        on=ON,
        opened_on=ON - datetime.timedelta(days=90),
        due_date=ON + datetime.timedelta(days=30),
        statutory_due_date=ON + datetime.timedelta(days=30),
        outcome=values.pop("outcome", "no_intervention"),
        **values,
    )


def unrecorded() -> ClosingContext:
    """No app records anything: every fact is None."""
    return ClosingContext(
        investigation_id=1,
        report_id=None,
        on=ON,
        opened_on=ON,
        due_date=ON,
        statutory_due_date=ON,
    )


def run(rule_id: str, context: ClosingContext):
    rule = registered_rule(rule_id)
    finding = rule.check(context, validate_parameters(rule, {}))
    return finding.outcome, str(finding.message)


def test_the_four_rules_run_at_the_closing_and_block_by_default():
    at_closing = {r.id: r for r in rules_at(DecisionPoint.INVESTIGATION_CLOSING)}
    assert set(at_closing) == set(RULES)
    assert {r.severity for r in at_closing.values()} == {Severity.BLOCK}
    assert all(r.sources for r in at_closing.values())


@pytest.mark.parametrize("rule_id", RULES)
def test_without_recorded_facts_no_rule_applies(rule_id):
    """Nothing registered (the apps above are not installed): the rules cannot be judged,
    so they do not apply, rather than block every closing."""
    outcome, message = run(rule_id, unrecorded())
    assert outcome == Outcome.NOT_APPLICABLE
    assert "dokumenteras inte" in message


def test_recorded_but_empty_facts_are_judged():
    """Registered and falsy: only the child-heard rule applies, and it fails."""
    empty = closing(**NOTHING_DOCUMENTED)
    outcomes = {rule_id: run(rule_id, empty)[0] for rule_id in RULES}
    assert outcomes == {
        "closing_no_intervention_reason": Outcome.NOT_APPLICABLE,
        "closing_motivation_work": Outcome.NOT_APPLICABLE,
        "closing_lvu_consideration": Outcome.NOT_APPLICABLE,
        "closing_child_heard": Outcome.FAILED,
    }


# --- 1. identified needs without an intervention need a reason -----------------------------


def test_needs_without_intervention_or_reason_fail():
    outcome, message = run("closing_no_intervention_reason", closing(needs_identified=True))
    assert outcome == Outcome.FAILED
    assert "varför barnet inte ska få någon insats" in message


def test_needs_with_a_reason_pass():
    context = closing(needs_identified=True, no_intervention_reason="Behovet tillgodoses av BUP.")
    assert run("closing_no_intervention_reason", context)[0] == Outcome.PASSED


@pytest.mark.parametrize("proposed, granted", [(1, 0), (2, 1)])
def test_needs_with_an_intervention_pass(proposed, granted):
    context = closing(
        needs_identified=True, interventions_proposed=proposed, interventions_granted=granted
    )
    outcome, message = run("closing_no_intervention_reason", context)
    assert outcome == Outcome.PASSED
    assert str(proposed) in message


def test_a_blank_reason_is_no_reason():
    context = closing(needs_identified=True, no_intervention_reason="   ")
    assert run("closing_no_intervention_reason", context)[0] == Outcome.FAILED


def test_needs_with_an_lvu_application_pass():
    context = closing(needs_identified=True, outcome="lvu")
    outcome, message = run("closing_no_intervention_reason", context)
    assert outcome == Outcome.PASSED
    assert "LVU" in message


def test_needs_without_intervention_are_pending_before_the_outcome_is_chosen():
    context = closing(needs_identified=True, outcome="")
    assert run("closing_no_intervention_reason", context)[0] == PENDING


def test_no_identified_needs_no_reason_needed():
    assert run("closing_no_intervention_reason", closing())[0] == Outcome.NOT_APPLICABLE


# --- 2. missing consent needs motivation work ----------------------------------------------


def test_missing_consent_without_motivation_work_fails():
    outcome, message = run("closing_motivation_work", closing(consent_missing=True))
    assert outcome == Outcome.FAILED
    assert "motivationsarbete" in message


def test_missing_consent_with_motivation_work_passes():
    context = closing(consent_missing=True, motivation_work_count=2)
    outcome, message = run("closing_motivation_work", context)
    assert outcome == Outcome.PASSED
    assert "2 insatser av motivationsarbete" in message


def test_consent_given_no_motivation_work_needed():
    context = closing(interventions_proposed=1, interventions_granted=1)
    assert run("closing_motivation_work", context)[0] == Outcome.NOT_APPLICABLE


# --- 3. serious need without consent needs an LVU consideration ---------------------------


@pytest.mark.parametrize(
    "facts, why",
    [
        ({"serious_need": True}, "behovet är bedömt som allvarligt"),
        ({"placement_proposed": True}, "en placering är föreslagen"),
    ],
)
def test_serious_need_without_consent_or_consideration_fails(facts, why):
    outcome, message = run("closing_lvu_consideration", closing(consent_missing=True, **facts))
    assert outcome == Outcome.FAILED
    assert why in message
    assert "LVU" in message


def test_serious_need_without_consent_with_consideration_passes():
    context = closing(consent_missing=True, serious_need=True, lvu_considered=True)
    assert run("closing_lvu_consideration", context)[0] == Outcome.PASSED


@pytest.mark.parametrize(
    "facts",
    [
        {"consent_missing": True},  # need not serious: motivation work, not LVU
        {"serious_need": True, "placement_proposed": True},  # consent there
    ],
)
def test_lvu_rule_does_not_apply_without_both_serious_need_and_missing_consent(facts):
    assert run("closing_lvu_consideration", closing(**facts))[0] == Outcome.NOT_APPLICABLE


# --- 4. the child heard in the investigation, or the reason why not ------------------------


def test_child_not_heard_without_reason_fails():
    outcome, message = run("closing_child_heard", closing(child_heard=False))
    assert outcome == Outcome.FAILED
    assert "skälet till att barnet inte har hörts" in message


def test_child_not_heard_with_reason_passes():
    context = closing(child_heard=False, not_heard_reason="Barnet är fyra månader gammalt.")
    assert run("closing_child_heard", context)[0] == Outcome.PASSED


def test_child_heard_passes():
    assert run("closing_child_heard", closing())[0] == Outcome.PASSED


# --- the context -------------------------------------------------------------------------


def investigation():
    return SimpleNamespace(
        pk=7,
        opened_on=ON - datetime.timedelta(days=10),
        due_date=ON + datetime.timedelta(days=100),
        statutory_due_date=ON + datetime.timedelta(days=100),
    )


def test_the_context_takes_the_contract_keys_as_plain_values_and_nothing_else():
    facts = {**NOTHING_DOCUMENTED, "motivation_work_count": 3, "child_heard": 1, "other": "x"}
    context = closing_context(investigation(), facts, on=ON, report_id=4)
    assert (context.investigation_id, context.report_id, context.on) == (7, 4, ON)
    assert context.motivation_work_count == 3
    assert context.child_heard is True
    assert not context.unknown(*CLOSING_FACTS)
    assert not hasattr(context, "other")


def test_a_fact_no_app_records_stays_unknown():
    context = closing_context(investigation(), {"child_heard": False}, on=ON)
    assert context.child_heard is False
    assert context.unknown("not_heard_reason")
    assert run("closing_child_heard", context)[0] == Outcome.NOT_APPLICABLE
