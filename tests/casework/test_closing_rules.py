"""The guideline rules at the closing of an investigation, through the service, the page
and the API: refused by a failing blocking rule with nothing saved, let through with a
reason past a warning, and what they found stored on the investigation and its report.

The facts are registered by the test (`casework.sections.register_closing_facts`), the
apps' own providers set aside for the test's duration: these tests are about the rules
and the closing, not about what bbic and interventions record.
"""

import datetime

import pytest
from rest_framework.test import APIClient

from likvard.access.models import AuditEntry
from likvard.casework import sections, services
from likvard.casework.effects import investigation_opened
from likvard.casework.models import Investigation
from likvard.core.errors import InvalidInput
from likvard.guidelines.engine import GuidelineRefusal
from likvard.guidelines.models import DecisionPoint, Outcome, RuleEvaluation, RuleSetting, Severity
from likvard.guidelines.registry import Rule, register, unregister
from likvard.reports.workflow import InvestigationState

from .. import factories
from .conftest import open_investigation
from .helpers import local_today, row_counts

pytestmark = pytest.mark.django_db

CLOSING = DecisionPoint.INVESTIGATION_CLOSING
RULES = {
    "closing_no_intervention_reason",
    "closing_motivation_work",
    "closing_lvu_consideration",
    "closing_child_heard",
}
#: What bbic and interventions return for an investigation with no rows at all.
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
HEARD = {"child_heard": True}


@pytest.fixture
def no_facts(monkeypatch):
    """No app registers closing facts (as before bbic and interventions)."""
    monkeypatch.setattr(sections, "_CLOSING_FACTS", {})


@pytest.fixture
def facts(no_facts):
    """Facts registered as the apps above would; the test changes them in place."""
    recorded = dict(NOTHING_DOCUMENTED)
    sections.register_closing_facts("test", lambda investigation: dict(recorded))
    return recorded


@pytest.fixture
def investigation(intake_a):
    return open_investigation(intake_a)


def close(actor, investigation, **kwargs):
    kwargs.setdefault("outcome", Investigation.Outcome.NO_INTERVENTION)
    return services.complete_investigation(
        actor,
        investigation.pk,
        version=Investigation.objects.get(pk=investigation.pk).version,
        completed_on=local_today(),
        **kwargs,
    )


def found(investigation) -> dict[str, str]:
    rows = RuleEvaluation.objects.filter(investigation=investigation)
    return dict(rows.values_list("rule_id", "outcome"))


def warn(rule_id: str) -> RuleSetting:
    return RuleSetting.objects.create(
        rule_id=rule_id, severity=Severity.WARN, in_force_from=datetime.date(2020, 1, 1)
    )


# --- the service ---------------------------------------------------------------------------


def test_with_nothing_registered_the_closing_goes_through_and_no_rule_applies(
    no_facts, intake_a, investigation
):
    close(intake_a, investigation)
    assert Investigation.objects.get(pk=investigation.pk).state == InvestigationState.COMPLETED
    assert found(investigation) == dict.fromkeys(RULES, Outcome.NOT_APPLICABLE)


def test_with_facts_registered_and_nothing_documented_the_closing_is_refused(
    facts, intake_a, investigation
):
    """Registered and empty, the facts apply: a child not heard and no reason stops it."""
    before = row_counts()
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, investigation)
    assert refused.value.code == "guideline_blocked"
    assert refused.value.stopping_ids == ["closing_child_heard"]
    assert "Inget samtal med barnet" in str(refused.value.message)
    assert row_counts() == before
    assert Investigation.objects.get(pk=investigation.pk).state == InvestigationState.ONGOING


@pytest.mark.parametrize(
    "documented, stopping",
    [
        ({"needs_identified": True}, ["closing_no_intervention_reason"]),
        ({"interventions_proposed": 1, "consent_missing": True}, ["closing_motivation_work"]),
        (
            {"interventions_proposed": 1, "consent_missing": True, "serious_need": True},
            ["closing_motivation_work", "closing_lvu_consideration"],
        ),
        (
            {
                "placement_proposed": True,
                "interventions_proposed": 1,
                "consent_missing": True,
                "motivation_work_count": 3,
            },
            ["closing_lvu_consideration"],
        ),
    ],
)
def test_each_rule_refuses_the_closing_until_its_documentation_is_there(
    facts, intake_a, investigation, documented, stopping
):
    facts.update(HEARD, **documented)
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, investigation)
    assert refused.value.stopping_ids == stopping
    assert not RuleEvaluation.objects.filter(investigation=investigation).exists()


def test_a_closing_the_rules_let_through_is_stored_on_the_investigation_and_its_report(
    facts, intake_a, investigation
):
    facts.update(
        needs_identified=True,
        serious_need=True,
        interventions_proposed=1,
        consent_missing=True,
        motivation_work_count=2,
        lvu_considered=True,
        child_heard=False,
        not_heard_reason="Barnet är fyra månader gammalt.",
    )
    close(intake_a, investigation, outcome=Investigation.Outcome.LVU)
    assert found(investigation) == dict.fromkeys(RULES, Outcome.PASSED)
    report = investigation.opening_decision.pre_assessment.report
    rows = RuleEvaluation.objects.filter(investigation=investigation)
    assert {(r.report_id, r.decision_point, r.decision_id) for r in rows} == {
        (report.pk, CLOSING, None)
    }
    assert set(rows.values_list("evaluated_by", flat=True)) == {intake_a.pk}
    entry = AuditEntry.objects.get(
        verb="guideline_evaluation",
        object_type="casework.investigation",
        object_id=investigation.pk,
    )
    assert entry.after["point"] == CLOSING
    assert entry.after["outcomes"]["closing_lvu_consideration"] == Outcome.PASSED
    assert (entry.child_id, entry.district_id) == (
        investigation.child_id,
        investigation.district_id,
    )


def test_a_warning_needs_a_reason_and_the_override_is_stored(facts, intake_a, investigation):
    warn("closing_child_heard")
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, investigation)
    assert refused.value.code == "override_required"
    reason = "Barnet har flyttat utomlands och kunde inte nås."
    close(intake_a, investigation, overrides={"closing_child_heard": reason})
    row = RuleEvaluation.objects.get(investigation=investigation, rule_id="closing_child_heard")
    assert (row.outcome, row.severity, row.override_reason) == (
        Outcome.FAILED,
        Severity.WARN,
        reason,
    )
    assert row.overridden_by_id == intake_a.pk


def test_an_override_for_a_rule_not_at_the_closing_is_refused(facts, intake_a, investigation):
    facts.update(HEARD)
    with pytest.raises(InvalidInput) as refused:
        close(intake_a, investigation, overrides={"child_heard": "Fel regel."})
    assert refused.value.code == "unknown_rule"


def test_without_an_opening_decision_the_evaluations_stand_on_the_investigation(
    no_facts, intake_a, intake_b
):
    """An investigation whose opening decision is not on record has no report: its
    closing's evaluations are the investigation's alone, scoped by its district."""
    district = intake_a.unit.district
    child = factories.report(intake_a).child
    opened = local_today() - datetime.timedelta(days=30)
    orphan = Investigation.objects.create(
        **investigation_opened(
            district_id=district.pk,
            child_id=child.pk,
            opened_on=opened,
            assigned_to_id=intake_a.pk,
            unit_id=intake_a.unit_id,
        )
    )
    close(intake_a, orphan)
    rows = RuleEvaluation.objects.filter(investigation=orphan)
    assert len(rows) == len(RULES)
    assert {r.report_id for r in rows} == {None}
    assert RuleEvaluation.objects.visible_to(intake_a).filter(investigation=orphan).count() == 4
    assert RuleEvaluation.objects.editable_by(intake_a).filter(investigation=orphan).count() == 4
    assert not RuleEvaluation.objects.visible_to(intake_b).filter(investigation=orphan).exists()
    assert not RuleEvaluation.objects.editable_by(intake_b).exists()


# --- the page ------------------------------------------------------------------------------


def page(client, investigation):
    return client.get(f"/utredning/{investigation.pk}/").content.decode()


def post_closing(client, investigation, **extra):
    return client.post(
        f"/utredning/{investigation.pk}/avsluta/",
        {
            "version": Investigation.objects.get(pk=investigation.pk).version,
            "completed_on": local_today().isoformat(),
            "outcome": "no_intervention",
            **extra,
        },
    )


def test_the_page_shows_the_rules_before_the_worker_closes(facts, intake_a, investigation):
    facts.update(consent_missing=True, interventions_proposed=1, motivation_work_count=1)
    html = page(factories.web_client(intake_a), investigation)
    assert 'id="closing-rules"' in html
    assert '<li id="rule-closing_child_heard" data-outcome="failed"' in html
    assert '<li id="rule-closing_motivation_work" data-outcome="passed"' in html
    assert "Övervägande om vård enligt LVU" in html  # listed as not applying
    assert "artikel 12" in html  # the child-heard rule's sources
    assert html.index('id="closing-rules"') < html.index('id="complete-form"')


def test_the_page_refuses_a_closing_the_rules_stop_and_says_why(facts, intake_a, investigation):
    client = factories.web_client(intake_a)
    response = post_closing(client, investigation)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="closing-rules-stopped"' in html
    assert 'data-stopped="true"' in html
    assert "Riktlinjerna stoppar steget" in html
    assert Investigation.objects.get(pk=investigation.pk).state == InvestigationState.ONGOING

    facts.update(not_heard_reason="Barnet ville inte prata med socialtjänsten.")
    assert post_closing(client, investigation).status_code == 302
    html = page(client, investigation)
    assert 'id="closing-evaluations"' in html
    assert 'id="closing-rules"' not in html
    report = investigation.opening_decision.pre_assessment.report
    report_html = client.get(f"/anmalan/{report.pk}/").content.decode()
    assert 'id="evaluations-investigation_closing"' in report_html


def test_the_page_asks_for_a_reason_past_a_warning(facts, intake_a, investigation):
    warn("closing_child_heard")
    client = factories.web_client(intake_a)
    assert 'name="override_closing_child_heard"' in page(client, investigation)
    refused = post_closing(client, investigation)
    assert refused.status_code == 400
    assert "Ange skälen för avsteg" in refused.content.decode()
    reason = "Barnet är placerat hos släktingar utomlands."
    assert post_closing(client, investigation, override_closing_child_heard=reason).status_code == (
        302
    )
    row = RuleEvaluation.objects.get(investigation=investigation, rule_id="closing_child_heard")
    assert row.override_reason == reason


# --- the API -------------------------------------------------------------------------------


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def complete_by_api(user, investigation, **extra):
    return api(user).post(
        f"/api/investigations/{investigation.pk}/complete/",
        {
            "version": Investigation.objects.get(pk=investigation.pk).version,
            "completed_on": str(local_today()),
            "outcome": "no_intervention",
            **extra,
        },
        format="json",
    )


def test_the_api_refuses_with_the_stopping_rules_by_id(facts, intake_a, investigation):
    facts.update(needs_identified=True)
    response = complete_by_api(intake_a, investigation)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "guideline_blocked"
    assert [rule["rule"] for rule in error["rules"]] == [
        "closing_no_intervention_reason",
        "closing_child_heard",
    ]
    assert {rule["severity"] for rule in error["rules"]} == {"block"}
    assert not RuleEvaluation.objects.filter(investigation=investigation).exists()


def test_the_api_takes_overrides_and_lists_what_the_rules_found(
    facts, intake_a, intake_b, investigation
):
    warn("closing_child_heard")
    refused = complete_by_api(intake_a, investigation)
    assert refused.json()["error"]["code"] == "override_required"
    reason = "Barnet kunde inte nås under utredningstiden."
    completed = complete_by_api(intake_a, investigation, overrides={"closing_child_heard": reason})
    assert completed.status_code == 200, completed.content
    url = f"/api/investigations/{investigation.pk}/rule-evaluations/"
    rows = api(intake_a).get(url).json()
    assert {row["rule_id"] for row in rows} == RULES
    assert {(row["decision_point"], row["investigation"]) for row in rows} == {
        (CLOSING, investigation.pk)
    }
    overridden = [row for row in rows if row["override_reason"]]
    assert [(row["rule_id"], row["override_reason"]) for row in overridden] == [
        ("closing_child_heard", reason)
    ]
    assert api(intake_b).get(url).status_code == 404


def test_a_closing_rule_that_breaks_never_blocks_and_the_supervisor_sees_it(
    facts, intake_a, supervisor_a, investigation
):
    def check(case, params):
        raise RuntimeError("broken")

    register(
        Rule(
            id="test_broken_closing",
            title="Trasig testregel vid avslut",
            requirement="Kräver ingenting.",
            explanation="Finns bara i testerna.",
            points=(CLOSING,),
            severity=Severity.BLOCK,
            check=check,
        )
    )
    try:
        facts.update(HEARD)
        close(intake_a, investigation)
        row = RuleEvaluation.objects.get(investigation=investigation, rule_id="test_broken_closing")
        assert row.outcome == Outcome.ERROR
        html = factories.web_client(supervisor_a).get("/arenden/").content.decode()
        assert f'href="/utredning/{investigation.pk}/"' in html
    finally:
        unregister("test_broken_closing")
