"""Filing documents in a case: an upload checked for type and size, or a document the
system generated. The file is written first and the row after it, in one
transaction with its audit entry; if the row is not saved the file is removed, so a
refusal leaves neither a row nor a file.
"""

import datetime
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.scoping import writable_district_id
from likvard.access.services import record
from likvard.core.calendar import moment
from likvard.core.errors import InvalidInput, NotFound, PermissionDenied
from likvard.core.validation import check_text
from likvard.reports.selectors import editable_report

from . import filetypes, storage
from .models import Document, Origin

MAX_TITLE = 200
CHUNK = 64 * 1024


@dataclass
class Upload:
    """An uploaded file as the page or the API received it."""

    title: str
    filename: str
    size: int
    file: BinaryIO


def _content_type(upload: Upload) -> str:
    """The accepted type the file's first bytes show; a clear refusal otherwise."""
    if upload.size > settings.LIKVARD_DOCUMENT_MAX_BYTES:
        raise InvalidInput(
            _("Filen är för stor. Största tillåtna storlek är %(max)s.")
            % {"max": filesizeformat(settings.LIKVARD_DOCUMENT_MAX_BYTES)},
            code="file_too_large",
            field="file",
        )
    if upload.size == 0:
        raise InvalidInput(_("Filen är tom."), code="file_empty", field="file")
    if filetypes.is_office_name(upload.filename):
        raise InvalidInput(
            _(
                "Word-, Excel- och andra Office-filer tas inte emot. Spara filen som PDF "
                "och ladda upp PDF-filen."
            ),
            code="office_format",
            field="file",
        )
    upload.file.seek(0)
    content_type = filetypes.sniff(upload.file.read(filetypes.HEAD))
    upload.file.seek(0)
    if content_type is None:
        raise InvalidInput(
            _(
                "Filtypen tas inte emot. Ladda upp en PDF eller en bild (PNG eller JPEG); "
                "spara Office-filer som PDF."
            ),
            code="wrong_file_type",
            field="file",
        )
    return content_type


def _chunks(file: BinaryIO):
    while chunk := file.read(CHUNK):
        yield chunk


def _file(actor, report, *, title, origin, content_type, chunks, now, verb) -> Document:
    name, size, sha256 = storage.write(chunks)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                report_id=report.pk,
                child_id=report.child_id,
                district_id=report.district_id,
                title=title,
                origin=origin,
                content_type=content_type,
                size=size,
                sha256=sha256,
                storage_name=name,
                filed_by=actor,
                filed_at=now,
            )
            record(
                actor,
                AuditEntry.Action.CREATE,
                verb,
                document,
                child_id=report.child_id,
                district_id=report.district_id,
                after={"report": report.pk, "origin": origin, "size": size, "sha256": sha256},
            )
    except BaseException:
        storage.remove(name)
        raise
    return document


def upload(actor, report_id: int, data: Upload, *, at: datetime.datetime | None = None) -> Document:
    """File an uploaded PDF or image in the case of report `report_id` (actor's district)."""
    if writable_district_id(actor) is None:
        raise PermissionDenied(_("Din roll får inte lägga till dokument."))
    report = editable_report(actor, report_id)
    if report is None:
        raise NotFound()
    title = check_text(data.title, "title", max_length=MAX_TITLE)
    content_type = _content_type(data)
    return _file(
        actor,
        report,
        title=title,
        origin=Origin.UPLOADED,
        content_type=content_type,
        chunks=_chunks(data.file),
        now=moment(at),
        verb="upload_document",
    )


def file_generated(
    actor,
    report,
    *,
    title: str,
    content: bytes,
    content_type: str = "application/pdf",
    at: datetime.datetime | None = None,
) -> Document:
    """File a document the system made (a decision, a letter) in the report's case.

    The caller has already been allowed the step that produced it; run it after that
    step's commit (`transaction.on_commit`), so that a step rolled back files nothing.
    """
    return _file(
        actor,
        report,
        title=title[:MAX_TITLE],
        origin=Origin.GENERATED,
        content_type=content_type,
        chunks=[content],
        now=moment(at),
        verb="file_generated_document",
    )
