"""Issue 12 end to end: an inspector sets up a review, draws the sample, answers a case, and
sees the progress and the draft report; after the review is completed, a district
supervisor records a measure in answer. axe-core at 1366 and 390 px on the report's pages."""

import datetime

import pytest

from likvard.inspection.models import Response
from likvard.organisation.models import District, Role
from tests import factories
from tests.inspection.reviews import build_cases

from .conftest import sign_in
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _audit(page, url, what):
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert axe_violations(page) == [], (what, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (what, width)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_an_inspector_reviews_and_a_supervisor_answers(audit_page, browser, live_server):
    page = audit_page
    build_cases({"Järva": 6, "Bromma": 4})
    factories.user(Role.INSPECTOR, username="inspektor.walk")
    factories.user(Role.SUPERVISOR, District.objects.get(name="Järva"), username="chef.jarva")

    sign_in(page, live_server, "inspektor.walk")
    page.goto(f"{live_server.url}/granskning/ny/")
    page.get_by_label("Rubrik").fill("Förhandsbedömningar barn 0–12 år")
    page.get_by_label("Alla ärenden i urvalsramen").check()
    page.get_by_label("Startvärde för slumpen (seed)").fill("605")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("button", name="Dra urvalet och börja granska").click()
    page.locator("#progress").wait_for()
    assert "Järva" in page.locator("#progress").inner_text()

    # Answer the first case: every question, keeping what the system pre-filled.
    page.locator("#cases a").first.click()
    for group in page.locator("fieldset").all():
        if not group.locator("input:checked").count():
            group.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Spara").click()
    page.locator("#progress").wait_for()
    progress = page.locator("#progress tbody tr", has_text="Bromma").inner_text()
    assert progress.split()[1:3] == ["1", "4"], progress  # Bromma's first case reviewed

    # The draft report, with a recommendation written on it.
    page.get_by_role("link", name="Utkast till rapport").click()
    assert "Granskningen pågår: 1 av 10 ärenden" in page.locator("main").inner_text()
    assert page.locator("#summary li").count() >= 1
    form = page.locator("#finding-form")
    form.get_by_role("radio", name="Rekommendation").check()
    form.get_by_label("Text").fill("Gör fler barn delaktiga genom samtal.")
    page.get_by_role("button", name="Lägg till i rapporten").click()
    page.get_by_text("Texten är tillagd i rapporten.").wait_for()
    report_url = page.url
    _audit(page, report_url, "draft report")
    page.goto(report_url.replace("/rapport/", "/"))
    page.get_by_role("button", name="Avsluta granskningen").click()
    page.get_by_text("Granskningen är avslutad.").wait_for()

    # The supervisor of Järva answers the recommendation.
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True)
    boss = context.new_page()
    sign_in(boss, live_server, "chef.jarva")
    boss.get_by_role("link", name="Granskningar att besvara").click()
    boss.get_by_role("link", name="Förhandsbedömningar barn 0–12 år").click()
    boss.get_by_label("Svar på").select_option(
        label="Rekommendation: Gör fler barn delaktiga genom samtal."
    )
    boss.get_by_label("Planerad åtgärd").fill("Barnsamtal i varje förhandsbedömning från mars.")
    due = datetime.date.today() + datetime.timedelta(days=60)
    boss.get_by_label("Klar senast").fill(due.isoformat())
    boss.get_by_role("button", name="Registrera åtgärden").click()
    boss.get_by_text("Åtgärden är registrerad.").wait_for()
    assert "Pågår" in boss.locator(".measures").inner_text()
    measure = Response.objects.get()
    assert (measure.district.name, measure.finding.kind) == ("Järva", "recommendation")
    _audit(boss, boss.url, "measures")
    context.close()

    page.goto(report_url.replace("/rapport/", "/atgarder/"))
    assert "Barnsamtal i varje förhandsbedömning" in page.locator("main").inner_text()
