"""Extending and closing an investigation in a real browser: the delegation, the bound,
a late extension and a backdated closing, accessible and usable at 390 px."""

import datetime

import pytest

from likvard.casework import services
from likvard.casework.models import Decision, Investigation, InvestigationExtension
from likvard.core.calendar import add_months
from likvard.organisation.models import Role
from tests import factories
from tests.casework.helpers import heard, heard_in_investigation, local_today

from .conftest import sign_in
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)


def _overdue_investigation(worker, days: int) -> Investigation:
    """An investigation whose due date passed `days` ago."""
    report = heard(worker, factories.assessed_report(worker))
    decision = services.decide(
        worker,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    due = local_today() - days * DAY
    Investigation.objects.filter(opening_decision=decision).update(
        opened_on=add_months(due, -4), statutory_due_date=due, due_date=due
    )
    # The child heard in the investigation, as the rules at the closing ask.
    return heard_in_investigation(worker, Investigation.objects.get(opening_decision=decision))


def test_a_supervisor_extends_late_and_an_investigator_closes_backdated(audit_page, live_server):
    page = audit_page
    district = factories.district("Järva")
    intake = factories.user(Role.INTAKE_WORKER, district, username="mottagning.datum")
    factories.user(Role.SUPERVISOR, district, username="arbetsledare.datum")
    factories.user(Role.INVESTIGATOR, district, username="utredare.datum")
    investigation = _overdue_investigation(intake, 20)
    url = f"{live_server.url}/utredning/{investigation.pk}/"

    # The investigator has no delegation: no extension form, a word on who decides.
    sign_in(page, live_server, "utredare.datum")
    page.goto(url)
    assert page.locator("#extend-form").count() == 0
    page.locator("#extension-by-delegation").wait_for()
    assert axe_violations(page) == []
    page.context.clear_cookies()

    sign_in(page, live_server, "arbetsledare.datum")
    page.goto(url)
    form = page.locator("#extend-form")
    new_due = local_today() + 20 * DAY
    form.get_by_label("Nytt slutdatum").fill(new_due.isoformat())
    form.get_by_label("Särskilda skäl").fill("x")
    form.get_by_role("button", name="Besluta om förlängning").click()
    page.get_by_text("Skälet är för kort").first.wait_for()
    assert axe_violations(page) == []
    assert not InvestigationExtension.objects.exists()

    form = page.locator("#extend-form")
    form.get_by_label("Nytt slutdatum").fill(new_due.isoformat())
    form.get_by_label("Särskilda skäl").fill("Utlåtande från barn- och ungdomspsykiatrin dröjer.")
    form.get_by_role("button", name="Besluta om förlängning").click()
    page.get_by_text("Utredningstiden är förlängd.").wait_for()
    page.get_by_text("beslutad efter slutdatum (för sent)").wait_for()
    assert InvestigationExtension.objects.get().late
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.clear_cookies()

    # A closing dated yesterday needs a reason; then the case shows it. (Not this
    # investigation: its extension, decided today, is its latest event.)
    sign_in(page, live_server, "utredare.datum")
    page.goto(url)
    form = page.locator("#complete-form")
    form.get_by_label("Avslutad").fill((local_today() - DAY).isoformat())
    form.get_by_role("button", name="Avsluta").click()
    page.get_by_text(
        "Datumet kan inte ligga före det senaste beslutet om förlängning"
    ).first.wait_for()
    other = _overdue_investigation(intake, -60)
    page.goto(f"{live_server.url}/utredning/{other.pk}/")
    form = page.locator("#complete-form")
    form.get_by_label("Avslutad").fill((local_today() - DAY).isoformat())
    form.get_by_role("button", name="Avsluta").click()
    page.get_by_text("Ange skälet till efterregistreringen").first.wait_for()
    assert axe_violations(page) == []
    form = page.locator("#complete-form")
    form.get_by_label("Avslutad").fill((local_today() - DAY).isoformat())
    form.get_by_label("Skäl till efterregistrering").fill("Avslutet registreras efter semester.")
    form.get_by_role("button", name="Avsluta").click()
    page.get_by_text("Utredningen är avslutad.").wait_for()
    page.get_by_text("Efterregistrerad. Skäl: Avslutet registreras efter semester.").wait_for()
    assert Investigation.objects.get(pk=other.pk).completed_on == local_today() - DAY
