"""A worker signs in, registers a report, decides it, and sees the queue change."""

import pytest

from likvard.access.models import AuditEntry
from likvard.casework.models import Decision
from likvard.organisation.models import Role
from likvard.reports.models import Report
from tests import factories

from .conftest import assess_protection, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def queue_rows(page):
    return page.locator("#queue tbody tr")


def test_intake_worker_registers_decides_and_the_queue_changes(page, live_server):
    district = factories.district("Järva")
    worker = factories.user(Role.INTAKE_WORKER, district, username="mottagning.test")
    factories.report(worker, personal_number=factories.CHILD_NUMBERS[1])  # already waiting

    sign_in(page, live_server, "mottagning.test")
    assert queue_rows(page).count() == 1

    page.get_by_role("link", name="Registrera orosanmälan").first.click()
    page.get_by_label("Barnets personnummer").fill("20150916-0014")
    page.get_by_role("group", name="Barnet", exact=True).get_by_label("Förnamn").fill("Alva")
    page.get_by_role("group", name="Barnet", exact=True).get_by_label("Efternamn").fill("Testsson")
    page.get_by_label("Anmälare", exact=True).select_option("school")
    page.get_by_label("Anmälaren är anmälningsskyldig").check()
    page.get_by_label("Anmälaren vill ha återkoppling").check()
    page.get_by_label("Brister i omsorgen").check()
    page.get_by_label("Beskrivning av oron").fill("Syntetisk oro från skolan.")
    page.get_by_role("button", name="Registrera").click()
    page.get_by_text("Orosanmälan är registrerad").wait_for()
    assert page.locator("#report-state").inner_text() == "Mottagen, skyddsbedömning väntar"

    page.goto(f"{live_server.url}/arenden/")
    assert queue_rows(page).count() == 2
    assert page.locator("#count-today").inner_text() == "2"  # both protection assessments due

    report = Report.objects.get(child__personal_number="201509160014")
    page.goto(f"{live_server.url}/anmalan/{report.pk}/")
    assess_protection(page)

    conversation = page.locator("#conversation-form")
    conversation.get_by_label("Ja").check()
    conversation.get_by_role("button", name="Spara barnsamtal").click()
    page.get_by_text("Barnsamtalet är dokumenterat.").wait_for()

    decision = page.locator("#decision-form")
    decision.get_by_label("Utredning inleds inte").check()
    decision.get_by_role("button", name="Fatta beslut").click()
    # Refused: a decision not to investigate needs a written motivation.
    page.get_by_text("ska ha en skriftlig motivering").first.wait_for()
    assert not Decision.objects.exists()

    decision = page.locator("#decision-form")
    decision.get_by_label("Utredning inleds inte").check()
    decision.get_by_label("Motivering", exact=True).fill(
        "Oron är utredd i samtal med barnet och skolan."
    )
    decision.get_by_role("button", name="Fatta beslut").click()
    page.get_by_text("Beslutet är fattat.").wait_for()
    assert page.locator("#report-state").inner_text() == "Utredning inleds inte"

    page.goto(f"{live_server.url}/arenden/")
    tasks = queue_rows(page).locator("td:nth-child(3)").all_inner_texts()
    assert sorted(tasks) == ["Skyddsbedömning", "Återkoppling till anmälare"]
    decided = AuditEntry.objects.filter(verb="not_open", actor_id=worker.pk)
    # The report's transition, and the decision it created with an entry of its own.
    assert sorted(decided.values_list("action", "object_type")) == [
        (AuditEntry.Action.CREATE, "casework.decision"),
        (AuditEntry.Action.TRANSITION, "reports.report"),
    ]
