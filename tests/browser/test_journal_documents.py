"""A worker writes journal entries and a correction, uploads a document and downloads
it (the download is in the log); the pages pass axe and fit a 390 px screen."""

import pytest

from likvard.access.models import AuditEntry
from likvard.documents.models import Document
from likvard.journal.models import JournalEntry
from likvard.organisation.models import Role
from tests import factories
from tests.api.helpers import PDF_BYTES

from .conftest import sign_in
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


#: How far right the journal section reaches, and how wide its content is.
SECTION_EXTENT = """() => {
    const section = document.getElementById('journal');
    return [section.getBoundingClientRect().right, section.scrollWidth - section.clientWidth];
}"""


def _fits(page, url: str, *, whole_page: bool = True) -> None:
    """axe-clean at 1366 px and at 390 px, where nothing may scroll sideways: the whole
    page, or (the child's page, whose reports table is not this change's) the journal."""
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert axe_violations(page) == [], (url, width)
        if whole_page:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width)
        right, overflow = page.evaluate(SECTION_EXTENT)
        assert right <= width and overflow <= 0, (url, width, right, overflow)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_worker_writes_the_journal_and_corrects_an_entry(audit_page, live_server):
    page = audit_page
    worker = factories.user(Role.INTAKE_WORKER, factories.district("Järva"), username="j.test")
    report = factories.assessed_report(worker)
    sign_in(page, live_server, "j.test")
    report_url = f"{live_server.url}/anmalan/{report.pk}/"
    page.goto(report_url)

    form = page.locator("#journal-form")
    form.get_by_label("Typ av anteckning").select_option("phone_call")
    form.get_by_label("Deltagare").fill("Mamma")
    form.get_by_label("Anteckning", exact=True).fill("Mamma ringde om skolskjutsen.")
    form.get_by_role("button", name="Signera anteckningen").click()
    page.get_by_text("Journalanteckningen är signerad.").wait_for()
    page.locator("#journal").get_by_text("Mamma ringde om skolskjutsen.").wait_for()

    form = page.locator("#journal-form")
    form.get_by_label("Typ av anteckning").select_option("home_visit")
    form.get_by_role("button", name="Signera anteckningen").click()  # no text: refused
    page.get_by_text("Det finns problem att rätta").wait_for()
    assert "Det här fältet är obligatoriskt." in page.locator("#journal-form").inner_text()
    assert axe_violations(page) == []
    assert JournalEntry.objects.count() == 1

    first = JournalEntry.objects.get()
    page.goto(report_url)
    page.locator(f"#entry-{first.pk}").get_by_role("link", name="Visa eller rätta").click()
    correction = page.locator("#correction-form")
    correction.get_by_label("Anteckning", exact=True).fill("Rättelse: det var pappa som ringde.")
    correction.get_by_role("button", name="Signera rättelsen").click()
    page.get_by_text("Rättelsen är signerad.").wait_for()
    timeline = page.locator("#journal")
    timeline.get_by_text("Rättelse: det var pappa som ringde.").wait_for()
    assert timeline.get_by_text("Rättad", exact=True).count() == 1
    assert JournalEntry.objects.filter(corrects=first).count() == 1
    assert JournalEntry.objects.get(pk=first.pk).text == "Mamma ringde om skolskjutsen."

    _fits(page, report_url)
    _fits(page, f"{live_server.url}/barn/{report.child_id}/", whole_page=False)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/journal/{first.pk}/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_worker_uploads_a_document_and_downloads_it_logged(audit_page, live_server):
    page = audit_page
    worker = factories.user(Role.INTAKE_WORKER, factories.district("Järva"), username="d.test")
    report = factories.assessed_report(worker)
    sign_in(page, live_server, "d.test")
    page.goto(f"{live_server.url}/anmalan/{report.pk}/")

    upload = page.locator("#upload-form")
    upload.get_by_label("Rubrik").fill("Skolans skriftliga anmälan")
    upload.get_by_label("Fil (PDF, PNG eller JPEG)").set_input_files(
        {"name": "anmalan.docx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04"}
    )
    upload.get_by_role("button", name="Spara dokumentet").click()
    page.get_by_text("Spara filen som PDF").first.wait_for()
    assert axe_violations(page) == []
    assert not Document.objects.exists()

    upload = page.locator("#upload-form")
    upload.get_by_label("Rubrik").fill("Skolans skriftliga anmälan")
    upload.get_by_label("Fil (PDF, PNG eller JPEG)").set_input_files(
        {"name": "anmalan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    upload.get_by_role("button", name="Spara dokumentet").click()
    page.get_by_text("Dokumentet är sparat i akten.").wait_for()

    with page.expect_download() as download:
        page.locator("#journal").get_by_role("link", name="Skolans skriftliga anmälan").click()
    path = download.value.path()
    with open(path, "rb") as saved:
        assert saved.read() == PDF_BYTES
    document = Document.objects.get()
    logged = AuditEntry.objects.get(verb="download_document")
    assert (logged.actor_id, logged.object_id) == (worker.pk, document.pk)
    _fits(page, f"{live_server.url}/anmalan/{report.pk}/")
