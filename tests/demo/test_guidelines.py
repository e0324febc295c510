"""The demo's decisions are judged by the city's guideline rules, and districts differ."""

import datetime
from collections import defaultdict

import pytest

from likvard.casework.models import Decision
from likvard.core.calendar import STOCKHOLM as TZ
from likvard.core.calendar import local_date
from likvard.demo.generator import generate
from likvard.demo.municipalities import STOCKHOLM
from likvard.guidelines.context import Proposal, case_context
from likvard.guidelines.engine import evaluate
from likvard.guidelines.models import (
    CoSignatureRequest,
    DecisionPoint,
    Outcome,
    RuleEvaluation,
    RuleSetting,
    Severity,
)
from likvard.guidelines.registry import all_rules, rules_at
from likvard.quality.selectors import Period, compute

NOW = datetime.datetime(2026, 3, 11, 13, 30, tzinfo=TZ)
TODAY = NOW.date()
SINCE = STOCKHOLM.guidelines_from


def build(scale=0.1):
    return generate(STOCKHOLM, years=1, seed=7, scale=scale, now=NOW)


@pytest.fixture
def city(db):
    """One year at 10 % of Stockholm's volume (about 3,000 reports), rules from July 2025."""
    return build()


def decided_on(decision) -> datetime.date:
    return local_date(decision.decided_at)


def test_the_rules_are_switched_on_the_day_the_municipality_chose(city):
    settings = defaultdict(list)
    for setting in RuleSetting.objects.order_by("in_force_from"):
        settings[setting.rule_id].append(
            (setting.severity, setting.in_force_from, setting.in_force_until)
        )

    assert set(settings) == {rule.id for rule in all_rules()}
    until = STOCKHOLM.warnings_until
    closing = {r.id for r in rules_at(DecisionPoint.INVESTIGATION_CLOSING)}
    for rule in all_rules():
        if rule.id in closing:  # new: in force from the day the demo is built
            assert settings[rule.id] == [(rule.severity, TODAY, None)]
        elif rule.id in STOCKHOLM.warning_rules:  # warns, then as its default says
            assert settings[rule.id] == [
                (Severity.WARN, SINCE, until),
                (rule.severity, until + datetime.timedelta(days=1), None),
            ]
        else:
            assert settings[rule.id] == [(rule.severity, SINCE, None)]


def test_after_the_introduction_phase_the_police_rule_stops_a_decision(db):
    """A live demo built today shows the rule stop a violence report without a consideration."""
    late = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
    generate(STOCKHOLM, years=1, seed=3, scale=0.1, now=late)
    after = STOCKHOLM.warnings_until + datetime.timedelta(days=1)
    rows = RuleEvaluation.objects.filter(rule_id="police_consideration")
    late_rows = [r for r in rows if local_date(r.evaluated_at) >= after]
    early_rows = [r for r in rows if local_date(r.evaluated_at) <= after]

    assert len(late_rows) > 20
    assert {r.severity for r in late_rows} == {Severity.BLOCK}
    assert all(r.outcome == Outcome.PASSED for r in late_rows)
    assert any(r.override_reason for r in early_rows)  # gone past while it only warned


def test_every_decision_since_that_day_and_none_before_carries_its_evaluations(city):
    judged = set(RuleEvaluation.objects.values_list("decision_id", flat=True))
    decisions = list(Decision.objects.select_related("pre_assessment"))

    assert any(decided_on(d) < SINCE for d in decisions)
    for decision in decisions:
        assert (decision.pk in judged) == (decided_on(decision) >= SINCE)
    rows = RuleEvaluation.objects.select_related("decision__pre_assessment")
    for row in rows:
        assert row.report_id == row.decision.pre_assessment.report_id
        assert row.decision_point == DecisionPoint.DECISION
        assert row.evaluated_at == row.decision.decided_at
    # Rules that did not apply are left out (see demo/rulebook.py).
    assert not rows.filter(outcome=Outcome.NOT_APPLICABLE).exists()


def test_failing_rules_are_gone_past_only_as_their_severity_allows(city):
    rows = RuleEvaluation.objects.select_related("decision")
    failed = rows.filter(outcome=Outcome.FAILED)

    assert not failed.filter(severity=Severity.BLOCK).exists()
    overridden = failed.filter(severity=Severity.WARN)
    assert overridden.count() > 50
    for row in overridden:
        assert row.override_reason and row.overridden_by_id == row.decision.decided_by_id
    assert not rows.exclude(outcome=Outcome.FAILED).exclude(override_reason="").exists()
    # Every override of the rule on earlier reports is a decision without that motivation.
    answered = rows.filter(rule_id="earlier_reports_motivation", outcome=Outcome.PASSED)
    assert answered.exists()
    assert all(row.answer["earlier_reports_motivation"] for row in answered)


def test_a_decision_that_needs_co_signature_is_proposed_by_the_worker_and_signed(city):
    signed = RuleEvaluation.objects.filter(outcome=Outcome.FAILED, severity=Severity.COSIGN)
    assert signed.count() > 10
    for row in signed.select_related("decision"):
        request = CoSignatureRequest.objects.get(report_id=row.report_id)
        assert row.cosign_reason and row.cosigned_at == row.decision.decided_at
        assert request.status == CoSignatureRequest.Status.COSIGNED
        assert request.handled_by_id == row.cosigned_by_id == row.evaluated_by_id
        assert request.requested_by_id == row.decision.decided_by_id != request.handled_by_id
        assert request.requested_at < request.handled_at == row.decision.decided_at
        assert row.rule_id in request.rule_ids
        assert request.proposal["kind"] == row.decision.kind
    assert CoSignatureRequest.objects.count() == signed.values("report").distinct().count()


def test_the_stored_findings_are_what_the_rules_find_on_the_stored_case(city):
    """Judged again from the database, as the decision service reads a case."""
    rows_of = defaultdict(list)
    for row in RuleEvaluation.objects.order_by("pk"):
        rows_of[row.decision_id].append(row)
    decisions = Decision.objects.filter(pk__in=list(rows_of)[::8]).select_related(
        "pre_assessment__report"
    )
    assert len(decisions) > 100
    for decision in decisions:
        rows = rows_of[decision.pk]
        answers = {name: value for row in rows for name, value in row.answer.items()}
        proposal = Proposal(
            decision.kind,
            decision.motivation,
            decision.exceptional_reason,
            decision.transfer_municipality,
        )
        on = decided_on(decision)
        case = case_context(
            decision.pre_assessment.report, on=on, proposal=proposal, answers=answers
        )
        found = {
            e.rule.id: (e.outcome, e.message)
            for e in evaluate(DecisionPoint.DECISION, case, on)
            if e.outcome != Outcome.NOT_APPLICABLE
        }
        assert found == {row.rule_id: (row.outcome, row.message) for row in rows}, decision.pk


def test_settings_the_municipality_already_has_are_followed(db):
    RuleSetting.objects.create(
        rule_id="earlier_reports_motivation",
        severity=Severity.BLOCK,
        parameters={"years": 3},
        in_force_from=datetime.date(2025, 1, 1),
    )
    build(scale=0.05)

    assert RuleSetting.objects.count() == 1
    rows = RuleEvaluation.objects.filter(rule_id="earlier_reports_motivation")
    assert rows.filter(outcome=Outcome.PASSED).count() > 10
    assert not rows.exclude(outcome=Outcome.PASSED).exists()  # a blocking rule is met
    # With no settings of their own the other rules run at their defaults, since always.
    assert RuleEvaluation.objects.filter(rule_id="police_consideration").exists()
    assert not RuleEvaluation.objects.filter(
        severity=Severity.BLOCK, outcome=Outcome.FAILED
    ).exists()


def shares_by_group(numbers, indicator_id, attribute):
    """The indicator over the districts well above and well below the city's average."""
    cells = numbers.indicators[indicator_id]
    config = {d.name: d for d in STOCKHOLM.districts}
    groups = {"above": [0, 0], "below": [0, 0]}
    for district in numbers.districts:
        level = getattr(config[district.name], attribute)
        group = "above" if level >= 1.1 else "below" if level <= 0.8 else None
        if group:
            cell = cells.district(district.pk)
            groups[group][0] += cell.numerator
            groups[group][1] += cell.denominator
    return {group: n / d for group, (n, d) in groups.items()}


def spread(numbers, indicator_id) -> float:
    cells = numbers.indicators[indicator_id]
    shares = [cells.district(d.pk).share for d in numbers.districts]
    assert None not in shares, indicator_id  # every district shows the indicator
    return max(shares) - min(shares)


#: indicator → (what drives it, least difference between the groups, least spread)
PRACTICE = {
    "protection_same_day": ("punctuality", 0.1, 0.12),
    "decided_in_time": ("punctuality", 0.08, 0.1),
    "violence_police_considered": ("diligence", 0.1, 0.15),
    "known_not_opened_motivated": ("diligence", 0.15, 0.2),
    "feedback_given": ("diligence", 0.15, 0.15),
    "rules_overridden": ("diligence", -0.08, 0.1),  # lower is better
}


def test_districts_differ_in_practice_on_the_dashboard(city):
    numbers = compute(Period(SINCE, datetime.date(2026, 3, 1)), TODAY, stored=False)

    assert len(numbers.districts) == 11
    for indicator_id, (attribute, difference, least_spread) in PRACTICE.items():
        shares = shares_by_group(numbers, indicator_id, attribute)
        if difference > 0:
            assert shares["above"] - shares["below"] >= difference, (indicator_id, shares)
        else:
            assert shares["below"] - shares["above"] >= -difference, (indicator_id, shares)
        assert spread(numbers, indicator_id) >= least_spread, indicator_id
