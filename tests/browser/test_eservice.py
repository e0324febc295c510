"""A school reports a child through the public e-service with JavaScript off; the
district's intake worker finds it in the team's queue; every e-service page passes
axe at 1366 and 390 px."""

import tempfile
from pathlib import Path

import pytest

from likvard.intake import services
from likvard.intake.models import Submission
from likvard.organisation.models import Role
from likvard.reports.models import Channel
from tests import factories

from .conftest import sign_in
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
#: Where the screenshots go for a human to look at (/tmp/e2e-shots on Linux).
SHOTS = Path(tempfile.gettempdir()) / "e2e-shots"


def fill_school_report(page, school):
    page.get_by_label("Skola", exact=True).check()
    page.get_by_label("Din verksamhet").select_option(str(school.pk))
    page.get_by_label("Ditt namn").fill("Lärare Testsson")
    page.get_by_label("Telefonnummer").fill("08-123 456")
    page.get_by_label("Jag vill ha återkoppling").check()
    page.get_by_label("Barnets personnummer").fill("20150916-0015")  # wrong check digit
    page.get_by_label("Barnets förnamn").fill("Nora")
    page.get_by_label("Barnets efternamn").fill("Synthetisk")
    page.get_by_label("Barnets skola eller förskola").fill("Rinkebyskolan")
    page.get_by_label("Barnets postnummer").fill("164 40")
    page.get_by_label("Brister i omsorgen").check()
    page.get_by_label("Vad har hänt?").fill("<b>Hungrig</b> varje måndag.")
    page.get_by_role("group", name="Vet barnet om att du gör en anmälan?").get_by_label(
        "Nej"
    ).check()
    page.get_by_role("group", name="Vet vårdnadshavarna om att du gör en anmälan?").get_by_label(
        "Vet inte"
    ).check()


def test_a_school_reports_without_javascript_and_intake_finds_it(browser, live_server, city):
    SHOTS.mkdir(exist_ok=True)
    jarva, _bromma, school, worker = city
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="e-tjänsten för orosanmälan").click()
    page.get_by_text("Är barnet i akut fara nu: ring 112.").wait_for()
    fill_school_report(page, school)
    page.get_by_role("button", name="Skicka anmälan").click()
    page.get_by_text("kontrollsiffran (sista siffran) är fel").first.wait_for()
    assert page.get_by_label("Vad har hänt?").input_value() == "<b>Hungrig</b> varje måndag."
    page.get_by_label("Barnets personnummer").fill("")
    page.get_by_label("Barnets ungefärliga ålder (år)").fill("9")
    page.get_by_role("button", name="Skicka anmälan").click()
    page.get_by_role("heading", name="Anmälan är mottagen").wait_for()
    reference = page.locator("#reference").inner_text()
    page.screenshot(path=str(SHOTS / "eservice-receipt-nojs.png"), full_page=True)
    context.close()

    submission = Submission.objects.get(reference=reference)
    report = submission.report
    assert report.district == jarva and report.channel == Channel.E_SERVICE

    staff = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    page = staff.new_page()
    sign_in(page, live_server, worker.username)
    page.goto(f"{live_server.url}/arenden/team/?worker=none")
    page.locator(f"a[href='/anmalan/{report.pk}/']").first.click()
    page.get_by_text("E-tjänst").first.wait_for()
    page.get_by_text("<b>Hungrig</b> varje måndag.").wait_for()  # escaped, as typed
    page.screenshot(path=str(SHOTS / "eservice-report-intake.png"), full_page=True)
    staff.close()


def test_every_e_service_page_has_no_wcag_aa_violations(audit_page, live_server, city):
    page = audit_page
    SHOTS.mkdir(exist_ok=True)
    _jarva, _bromma, school, _worker = city
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/e-tjanst/")
        assert axe_violations(page) == [], ("form", width)
        page.screenshot(path=str(SHOTS / f"eservice-form-{width}.png"), full_page=True)
        page.get_by_role("button", name="Skicka anmälan").click()
        page.get_by_text("Det finns problem att rätta").wait_for()
        assert axe_violations(page) == [], ("errors", width)
        page.screenshot(path=str(SHOTS / f"eservice-errors-{width}.png"), full_page=True)
        page.goto(f"{live_server.url}/e-tjanst/")
        fill_school_report(page, school)
        page.get_by_label("Barnets personnummer").fill("")
        page.get_by_label("Barnets ungefärliga ålder (år)").fill("9")
        page.get_by_role("button", name="Skicka anmälan").click()
        page.get_by_role("heading", name="Anmälan är mottagen").wait_for()
        assert axe_violations(page) == [], ("receipt", width)
        page.screenshot(path=str(SHOTS / f"eservice-receipt-{width}.png"), full_page=True)
    page.goto(f"{live_server.url}/e-tjanst/")
    page.get_by_role("button", name="In English").click()
    page.get_by_role("heading", name="Report concern about a child").wait_for()
    assert axe_violations(page) == [], "english"
    page.screenshot(path=str(SHOTS / "eservice-form-en.png"), full_page=True)


def test_the_central_queue_has_no_wcag_aa_violations(audit_page, live_server, city):
    page = audit_page
    SHOTS.mkdir(exist_ok=True)
    jarva, _bromma, _school, _worker = city
    services.receive(
        {
            "reporter_type": "private_person",
            "anonymous": True,
            "child_first_name": "Ida",
            "child_age": 5,
            "child_address": "Okänd väg 1",
            "concerns": ["neglect"],
            "what_happened": "Syntetisk oro.",
            "child_knows": "no",
            "guardians_know": "no",
        },
        "00000000-0000-4000-8000-000000000001",
    )
    factories.user(Role.SUPERVISOR, jarva, username="arbetsledare.etjanst")
    sign_in(page, live_server, "arbetsledare.etjanst")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/arenden/e-tjanst/")
        assert axe_violations(page) == [], width
        page.screenshot(path=str(SHOTS / f"eservice-central-{width}.png"), full_page=True)
    page.get_by_label("Stadsdelsområde för").select_option(str(jarva.pk))
    page.get_by_role("button", name="Fördela").click()
    page.get_by_text("Inga anmälningar väntar på att fördelas.").wait_for()
