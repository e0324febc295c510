"""A worker closes a violence report without a police consideration: the rule stops it,
says why; the worker records the consideration and the decision goes through."""

import datetime

import pytest
from django.utils import timezone

from likvard.casework.models import Decision
from likvard.core.calendar import local_date
from likvard.guidelines.models import Outcome, RuleEvaluation
from likvard.organisation.models import Role
from likvard.reports.models import Concern
from tests import factories

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERRIDE_LABEL = "Skäl för avsteg: Allvarlig oro: inled utredning direkt"


def fill_decision(page):
    form = page.locator("#decision-form")
    form.get_by_label("Utredning inleds inte").check()
    form.get_by_label("Motivering", exact=True).fill("Våldet är utrett av polisen; skyddat nu.")
    form.get_by_label(OVERRIDE_LABEL).fill("Pappan har flyttat; mamman och barnet har stöd.")
    form.get_by_role("button", name="Fatta beslut").click()


def test_a_closing_without_police_consideration_is_stopped_then_completed(page, live_server):
    district = factories.district("Järva")
    worker = factories.user(Role.INTAKE_WORKER, district, username="mottagning.riktlinje")
    report = factories.assessed_report(worker, concerns=[Concern.VIOLENCE_AGAINST_CHILD])
    today = local_date(timezone.now())

    sign_in(page, live_server, "mottagning.riktlinje")
    page.goto(f"{live_server.url}/anmalan/{report.pk}/")
    police_rule = page.locator("#rule-police_consideration")
    assert "Uppfylls inte" in police_rule.inner_text()  # visible before the decision

    conversation = page.locator("#conversation-form")
    conversation.get_by_label("Ja").check()
    conversation.get_by_role("button", name="Spara barnsamtal").click()
    page.get_by_text("Barnsamtalet är dokumenterat.").wait_for()

    fill_decision(page)
    stopped = page.locator("#decision-rules-stopped")
    stopped.wait_for()
    assert "Övervägande om polisanmälan vid våld" in stopped.inner_text()
    police_rule = page.locator("#rule-police_consideration")
    assert police_rule.get_attribute("data-stopped") == "true"
    police_rule.get_by_text("polisanmälan alltid övervägas vid våld mot barn").wait_for()
    assert police_rule.get_by_text("Stoppade beslutet").is_visible()
    assert not Decision.objects.exists()

    police = page.locator("#police-form")
    police.get_by_label("Polisanmälan görs inte nu").check()
    police.get_by_label("Motivering").fill("Mamman polisanmäler själv; vi följer upp.")
    police.get_by_label("Omprövas senast").fill(str(today + datetime.timedelta(days=30)))
    police.get_by_role("button", name="Spara övervägande").click()
    page.get_by_text("Övervägandet om polisanmälan är dokumenterat.").wait_for()
    assert "Uppfylld" in page.locator("#rule-police_consideration").inner_text()

    fill_decision(page)
    page.get_by_text("Beslutet är fattat.").wait_for()
    assert page.locator("#report-state").inner_text() == "Utredning inleds inte"
    decision = Decision.objects.get()
    assert decision.kind == Decision.Kind.NOT_OPEN
    police_evaluation = RuleEvaluation.objects.get(
        decision=decision, rule_id="police_consideration"
    )
    assert police_evaluation.outcome == Outcome.PASSED
    # The decision, a step done, is one line until opened.
    evaluations = page.locator("#evaluations-decision")
    assert not evaluations.is_visible()
    page.locator("#decision-done > summary").click()
    assert "Avsteg med skäl" in evaluations.inner_text()
