"""Where a document's file lies: under LIKVARD_DOCUMENT_ROOT (var/documents), which no
URL serves. Names are made here (year/random), never taken from the uploader.
"""

import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def path_of(name: str) -> Path:
    return Path(settings.LIKVARD_DOCUMENT_ROOT) / name


def write(chunks: Iterable[bytes]) -> tuple[str, int, str]:
    """Write a new file from `chunks`: (its name, size, sha256). The caller removes it
    (`remove`) if the row that names it is not saved."""
    name = f"{timezone.now():%Y}/{uuid.uuid4().hex}"
    path = path_of(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with path.open("xb") as out:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return name, size, digest.hexdigest()


def remove(name: str) -> None:
    path_of(name).unlink(missing_ok=True)


def open_file(name: str):
    return path_of(name).open("rb")
