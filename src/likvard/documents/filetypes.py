"""What a file is, told by its first bytes: a name ending in .pdf proves nothing."""

from django.conf import settings

#: Type name → (content type, the bytes every such file starts with).
SIGNATURES = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}
#: Extensions of Office files: the worker is told to save them as PDF.
OFFICE_EXTENSIONS = frozenset(
    {"doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp"}
)
HEAD = 8


def sniff(head: bytes) -> str | None:
    """The content type of an accepted type whose signature `head` starts with, or None."""
    for name in settings.LIKVARD_DOCUMENT_TYPES:
        content_type, signature = SIGNATURES.get(name, ("", b""))
        if signature and head.startswith(signature):
            return content_type
    return None


def is_office_name(filename: str) -> bool:
    return filename.rsplit(".", 1)[-1].lower() in OFFICE_EXTENSIONS if "." in filename else False
