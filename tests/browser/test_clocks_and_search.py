"""The team view, the immediate-protection alert and the search, in a real browser.

Each page is also checked with axe and at 390 px, where nothing may scroll sideways.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from likvard.casework import services
from likvard.casework.models import ImmediateStep
from likvard.organisation.models import Role
from likvard.people.services import ChildInput
from tests import factories

from .conftest import sign_in
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_page(page, width_list=(1366, 390)):
    for width in width_list:
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_supervisor_sees_a_colleagues_overdue_protection_assessment_first(
    audit_page, live_server
):
    page = audit_page
    district = factories.district("Järva")
    factories.user(Role.SUPERVISOR, district, username="arbetsledare.team")
    colleague = factories.user(Role.INTAKE_WORKER, district, username="kollega.team")
    other = factories.user(Role.INTAKE_WORKER, district, username="annan.team")
    now = timezone.now()
    # Another worker's decision, 20 days overdue: before today's version it sorted first.
    old = factories.report(
        other,
        personal_number=factories.CHILD_NUMBERS[0],
        received_at=now - datetime.timedelta(days=34),
    )
    services.assess_protection(
        other, old.pk, version=old.version, immediate_protection_needed=False, assessment="Inget."
    )
    overdue = factories.report(
        colleague,
        personal_number=factories.CHILD_NUMBERS[1],
        received_at=now - datetime.timedelta(days=2),
    )
    sign_in(page, live_server, "arbetsledare.team")
    page.get_by_role("link", name="Teamets ärenden").click()
    first = page.locator("#team-queue tbody tr").first
    first.wait_for()
    assert f"Orosanmälan {overdue.pk}" in first.inner_text()
    assert "Skyddsbedömning" in first.inner_text()
    assert "2 dagar försenad" in first.inner_text()
    assert str(colleague) in first.inner_text()
    second = page.locator("#team-queue tbody tr").nth(1).inner_text()
    assert f"Orosanmälan {old.pk}" in second and "20 dagar försenad" in second
    _check_page(page)
    # Filtered to the other worker: only their item.
    page.get_by_label("Handläggare").select_option(str(other.pk))
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**worker=*")
    assert page.locator("#team-queue tbody tr").count() == 1
    assert f"Orosanmälan {old.pk}" in page.locator("#team-queue").inner_text()


def test_an_immediate_protection_need_raises_the_alert(browser, audit_page, live_server):
    page = audit_page
    district = factories.district("Järva")
    district.on_call_email = "socialjouren.jarva@example.org"
    district.save()
    supervisor = factories.user(Role.SUPERVISOR, district, username="arbetsledare.larm")
    supervisor.email = "arbetsledare.jarva@example.org"
    supervisor.save()
    worker = factories.user(Role.INTAKE_WORKER, district, username="mottagning.larm")
    report = factories.report(worker)
    mail.outbox.clear()

    sign_in(page, live_server, "mottagning.larm")
    page.goto(f"{live_server.url}/anmalan/{report.pk}/")
    form = page.locator("#protection-form")
    form.get_by_label("Ja").check()
    form.get_by_label("Bedömning").fill("Barnet vågar inte gå hem, pappa har slagit.")
    form.get_by_role("button", name="Spara skyddsbedömning").click()
    page.locator("#next-steps").wait_for()
    assert "Omedelbart omhändertagande enligt 6 § LVU" in page.locator("#next-steps").inner_text()
    (sent,) = mail.outbox
    assert sorted(sent.to) == ["arbetsledare.jarva@example.org", "socialjouren.jarva@example.org"]
    assert f"orosanmälan {report.pk}" in sent.subject
    _check_page(page)

    boss = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True
    ).new_page()
    sign_in(boss, live_server, "arbetsledare.larm")
    alerts = boss.locator("#protection-alerts")
    assert f"Orosanmälan {report.pk}" in alerts.inner_text()
    _check_page(boss)

    steps = page.locator("#immediate-form")
    steps.get_by_label("Omedelbart omhändertagande enligt 6 § LVU").check()
    steps.get_by_label("Påbörjat").check()
    steps.get_by_label("Motivering").fill("Ordföranden kontaktad, beslut fattat 14.30.")
    steps.get_by_role("button", name="Spara nästa steg").click()
    page.locator(".immediate-step").wait_for()
    assert ImmediateStep.objects.filter(report=report, kind="lvu_6").exists()
    boss.reload()
    assert boss.locator("#protection-alerts").count() == 0
    boss.context.close()


def test_find_a_child_by_personnummer_written_in_another_form(audit_page, live_server):
    page = audit_page
    home, other = factories.district("Järva"), factories.district("Bromma")
    worker = factories.user(Role.INTAKE_WORKER, home, username="mottagning.sok")
    elsewhere = factories.user(Role.INTAKE_WORKER, other, username="bromma.sok")
    child = ChildInput(personal_number="20150916-0014", first_name="Alva", last_name="Lindqvist")
    report = factories.report(worker, child=child)
    factories.report(
        elsewhere,
        child=ChildInput(personal_number="20180101-2384", first_name="Alvar", last_name="Lind"),
    )
    sign_in(page, live_server, "mottagning.sok")
    box = page.get_by_role("searchbox", name="Sök barn eller ärende").first
    box.fill("150916 0014")
    box.press("Enter")
    found = page.locator("#found-children")
    found.wait_for()
    assert "Alva Lindqvist" in found.inner_text() and "20150916-0014" in found.inner_text()
    _check_page(page)
    found.get_by_role("link", name="Alva Lindqvist").click()
    page.wait_for_url(f"**/barn/{report.child_id}/")

    # A name found only in another district: a summary, no name.
    page.goto(f"{live_server.url}/sok/?q=alvar")
    summary = page.locator("#found-elsewhere")
    assert (
        "Bromma: 1 träff" in summary.inner_text()
        and "Lind" not in page.locator("main h2").inner_text()
    )
    assert "Alvar Lind" not in page.content().replace('value="alvar"', "")
    # A wrong check digit is said to be one.
    page.get_by_label("Namn, personnummer eller ärendenummer").fill("20150916-0015")
    page.get_by_role("button", name="Sök", exact=True).last.click()
    assert "fel kontrollsiffra" in page.locator("#search-error").inner_text()
    _check_page(page)
