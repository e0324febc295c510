"""What a municipality sets: rules on and off, by date, with their severity and parameters."""

import datetime

import pytest

from likvard.casework import services
from likvard.casework.models import Decision
from likvard.guidelines.engine import GuidelineRefusal
from likvard.guidelines.models import Outcome, RuleEvaluation, RuleSetting, Severity
from likvard.reports.models import Report
from likvard.reports.workflow import ReportState

from .. import factories
from .conftest import DAY

MOTIVATION = "Oron är bemött i samtal med familjen."


def setting(rule_id, **values):
    values.setdefault("severity", Severity.BLOCK)
    values.setdefault("in_force_from", datetime.date(2020, 1, 1))
    return RuleSetting.objects.create(rule_id=rule_id, **values)


def close(actor, report, **kwargs):
    return services.decide(
        actor,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.NOT_OPEN, motivation=MOTIVATION, **kwargs),
        version=Report.objects.get(pk=report.pk).version,
    )


def evaluated(report) -> dict[str, str]:
    return dict(RuleEvaluation.objects.filter(report=report).values_list("rule_id", "outcome"))


@pytest.fixture
def unheard(intake_a):
    """A report in pre-assessment whose child has not been heard: the child rule fails."""
    return factories.assessed_report(intake_a)


def test_without_settings_the_rule_runs_with_its_defaults(intake_a, unheard):
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, unheard)
    assert [e.rule.id for e in refused.value.stopping] == ["child_heard"]


def test_a_disabled_rule_is_not_evaluated(intake_a, unheard):
    setting("child_heard", enabled=False)
    close(intake_a, unheard)
    assert "child_heard" not in evaluated(unheard)
    assert Report.objects.get(pk=unheard.pk).state == ReportState.NOT_OPENED


def test_a_rule_whose_setting_ended_yesterday_is_out_of_force(intake_a, unheard, today):
    setting("child_heard", in_force_until=today - DAY)
    close(intake_a, unheard)
    assert "child_heard" not in evaluated(unheard)


def test_a_rule_whose_setting_ends_today_is_still_in_force(intake_a, unheard, today):
    setting("child_heard", in_force_until=today)
    with pytest.raises(GuidelineRefusal):
        close(intake_a, unheard)


def test_a_rule_whose_setting_starts_tomorrow_is_not_yet_in_force(intake_a, unheard, today):
    setting("child_heard", in_force_from=today + DAY)
    close(intake_a, unheard)
    assert "child_heard" not in evaluated(unheard)


def test_the_setting_in_force_today_decides_among_several(intake_a, unheard, today):
    setting("child_heard", in_force_until=today - DAY, severity=Severity.BLOCK)
    setting("child_heard", in_force_from=today, severity=Severity.WARN)
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, unheard)
    assert refused.value.code == "override_required"  # today's row made it a warning
    close(intake_a, unheard, overrides={"child_heard": "Barnet kunde inte nås i tid."})
    row = RuleEvaluation.objects.get(report=unheard, rule_id="child_heard")
    assert (row.outcome, row.severity) == (Outcome.FAILED, Severity.WARN)
    assert row.override_reason == "Barnet kunde inte nås i tid."


def test_parameters_set_by_the_municipality_are_used_and_stored(intake_a):
    factories.report(intake_a)  # an earlier report of the same child
    report = factories.assessed_report(intake_a)
    services.record_child_conversation(intake_a, report.pk, held=False, not_held_reason="Sjuk.")
    setting("earlier_reports_motivation", parameters={"years": 1})
    with pytest.raises(GuidelineRefusal):
        close(intake_a, report)
    close(intake_a, report, answers={"earlier_reports_motivation": "Annan fråga."})
    row = RuleEvaluation.objects.get(report=report, rule_id="earlier_reports_motivation")
    assert row.parameters == {"years": 1}


def test_invalid_parameters_in_the_database_make_the_rule_an_error_not_a_block(intake_a, unheard):
    """Parameters written past the admin (e.g. in SQL) cannot stop casework silently."""
    setting("child_heard", parameters={"decision_kinds": ["maybe"]})
    close(intake_a, unheard)
    assert evaluated(unheard)["child_heard"] == Outcome.ERROR
