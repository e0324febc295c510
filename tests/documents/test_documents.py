"""Documents: only PDF and images (by their first bytes), within the size limit, stored
under a directory no URL serves, every download scoped and logged, decisions filed."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from likvard.access.models import AuditEntry
from likvard.casework import services as casework
from likvard.casework.models import Decision
from likvard.core.errors import InvalidInput, NotFound
from likvard.documents import services, storage
from likvard.documents.models import Document, Origin
from tests import factories
from tests.api.helpers import PDF_BYTES, upload_input
from tests.casework.helpers import heard

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WORD_BYTES = b"PK\x03\x04" + b"\x00" * 32  # a .docx is a zip file


@pytest.fixture
def report(intake_a):
    return factories.assessed_report(intake_a)


def _files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_upload_is_stored_outside_the_database_and_logged(intake_a, report, document_root):
    document = services.upload(intake_a, report.pk, upload_input())
    assert document.content_type == "application/pdf" and document.size == len(PDF_BYTES)
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert storage.path_of(document.storage_name).read_bytes() == PDF_BYTES
    assert _files(document_root) == [storage.path_of(document.storage_name)]
    logged = AuditEntry.objects.get(verb="upload_document")
    assert (logged.object_id, logged.child_id) == (document.pk, report.child_id)


def test_the_type_comes_from_the_first_bytes_not_the_name(intake_a, report):
    document = services.upload(intake_a, report.pk, upload_input(PNG_BYTES, "bild.pdf"))
    assert document.content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "filename", "code", "says"),
    [
        (b"just text, not a PDF", "brev.pdf", "wrong_file_type", "Filtypen tas inte emot"),
        (WORD_BYTES, "utredning.docx", "office_format", "Spara filen som PDF"),
        (b"", "tom.pdf", "file_empty", "Filen är tom"),
        (PDF_BYTES + b"x" * 200, "stor.pdf", "file_too_large", "Filen är för stor"),
    ],
)
def test_a_refused_file_leaves_no_row_and_no_file(
    intake_a, report, document_root, settings, content, filename, code, says
):
    settings.LIKVARD_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(InvalidInput) as refused:
        services.upload(intake_a, report.pk, upload_input(content, filename))
    assert refused.value.code == code and refused.value.field == "file"
    assert says in str(refused.value.message)
    assert not Document.objects.exists()
    assert _files(document_root) == []


def test_a_failure_after_the_file_is_written_removes_the_file(
    intake_a, report, document_root, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services, "record", fail)
    with pytest.raises(RuntimeError):
        services.upload(intake_a, report.pk, upload_input())
    assert not Document.objects.exists()
    assert _files(document_root) == []


def test_another_district_cannot_upload(intake_b, report, document_root):
    with pytest.raises(NotFound):
        services.upload(intake_b, report.pk, upload_input())
    assert _files(document_root) == []


def test_a_decision_is_filed_as_a_pdf_after_its_commit(
    intake_a, report, django_capture_on_commit_callbacks
):
    heard(intake_a, report)
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        casework.decide(
            intake_a,
            report.pk,
            casework.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
            version=report.version,
        )
    document = Document.objects.get(report=report)
    assert document.origin == Origin.GENERATED and document.content_type == "application/pdf"
    content = storage.path_of(document.storage_name).read_bytes()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert f"Beslut i ärende om orosanmälan {report.pk}".encode("cp1252") in content
    assert document.title == f"Beslut i ärende om orosanmälan {report.pk}"


# ------------------------------------------------------------------- pages


def _upload(web, report, content=PDF_BYTES, name="anmalan.pdf"):
    return web.post(
        reverse("documents:upload", kwargs={"pk": report.pk}),
        {"title": "Skolans anmälan", "file": SimpleUploadedFile(name, content)},
    )


def test_the_page_uploads_and_the_download_is_logged(intake_a, report):
    web = factories.web_client(intake_a)
    assert _upload(web, report).status_code == 302
    document = Document.objects.get()
    page = web.get(reverse("casework:report", kwargs={"pk": report.pk})).content.decode()
    assert "Skolans anmälan" in page
    answer = web.get(reverse("documents:download", kwargs={"pk": document.pk}))
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF_BYTES
    assert answer["Content-Type"] == "application/pdf"
    assert "attachment" in answer["Content-Disposition"]
    logged = AuditEntry.objects.get(verb="download_document")
    assert (logged.actor_id, logged.object_id, logged.child_id) == (
        intake_a.pk,
        document.pk,
        report.child_id,
    )


def test_the_page_says_in_swedish_why_a_file_is_refused(intake_a, report, document_root):
    answer = _upload(factories.web_client(intake_a), report, WORD_BYTES, "beslut.docx")
    assert answer.status_code == 400
    assert "Spara filen som PDF" in answer.content.decode()
    assert not Document.objects.exists() and _files(document_root) == []


def test_another_district_cannot_download_and_the_attempt_is_logged(intake_a, intake_b, report):
    document = services.upload(intake_a, report.pk, upload_input())
    answer = factories.web_client(intake_b).get(
        reverse("documents:download", kwargs={"pk": document.pk})
    )
    assert answer.status_code == 404
    assert not AuditEntry.objects.filter(verb="download_document").exists()
    denied = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert (denied.actor_id, denied.child_id) == (intake_b.pk, report.child_id)


def test_the_storage_directory_is_not_served(intake_a, report):
    document = services.upload(intake_a, report.pk, upload_input())
    web = factories.web_client(intake_a)
    for url in (f"/var/documents/{document.storage_name}", f"/documents/{document.storage_name}"):
        assert web.get(url).status_code == 404


# ------------------------------------------------------------------- API


def test_the_api_uploads_lists_and_downloads_with_a_log(intake_a, report):
    api = APIClient()
    api.force_authenticate(intake_a)
    created = api.post(
        "/api/documents/",
        {"report": report.pk, "title": "PM", "file": SimpleUploadedFile("pm.png", PNG_BYTES)},
        format="multipart",
    )
    assert created.status_code == 201 and created.json()["content_type"] == "image/png"
    listed = api.get("/api/documents/", {"report": report.pk}).json()["results"]
    assert [row["id"] for row in listed] == [created.json()["id"]]
    answer = api.get(f"/api/documents/{created.json()['id']}/content/")
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PNG_BYTES
    assert AuditEntry.objects.filter(verb="download_document").count() == 1


def test_the_api_refuses_a_wrong_type_with_a_code(intake_a, report, document_root):
    api = APIClient()
    api.force_authenticate(intake_a)
    answer = api.post(
        "/api/documents/",
        {"report": report.pk, "title": "Brev", "file": SimpleUploadedFile("brev.pdf", b"hej")},
        format="multipart",
    )
    assert answer.status_code == 400
    assert (answer.json()["error"]["code"], answer.json()["error"]["field"]) == (
        "wrong_file_type",
        "file",
    )
    assert not Document.objects.exists() and _files(document_root) == []
