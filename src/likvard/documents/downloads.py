"""A document's file as an answer: the one way out of the storage, for the page and the
API alike. The caller has found the document through the user's scope."""

from django.http import FileResponse

from likvard.access.services import record_case_read
from likvard.core.errors import NotFound

from . import storage


def download(user, document) -> FileResponse:
    """The file as an attachment, after the download is logged; NotFound if it is gone."""
    try:
        file = storage.open_file(document.storage_name)
    except FileNotFoundError as exc:
        raise NotFound() from exc
    record_case_read(
        user, "download_document", document, child_id=document.child_id, shown=[document]
    )
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"dokument-{document.pk}.{document.extension}",
        content_type=document.content_type,
    )
