"""Optimistic locking in the API: a step that changes a case names the version it read.

A transition (protection assessment, decision, proposal for co-signature, archive,
extension, completion, assignment) acts on a case another worker may have changed
since the client read it. Every input serializer that declares `version` belongs to
such a step, and the version is required: in the body, or as an `If-Match` header
holding the ETag the case's detail answer gave (`"<version>"`). Without either the
answer is 428 version_required; a stale one is 409 concurrent_change from the
service; a body and a header that disagree are a 400 version_mismatch.
"""

import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from likvard.core.errors import DomainError, InvalidInput

#: A strong entity tag holding a version: `"3"` (RFC 9110 §8.8.3).
_ETAG = re.compile(r'"([1-9][0-9]{0,18})"')


class VersionRequired(DomainError):
    status = 428
    code = "version_required"

    def __init__(self):
        super().__init__(
            _(
                "Ange versionen av ärendet som du senast läste: fältet version, eller "
                "rubriken If-Match med ärendets ETag."
            ),
            field="version",
        )


def etag(version: int) -> str:
    return f'"{version}"'


def declares_version(input_class) -> bool:
    return "version" in input_class._declared_fields


def _if_match(request) -> int | None:
    header = request.headers.get("If-Match")
    if header is None:
        return None
    match = _ETAG.fullmatch(header.strip())
    if match is None:
        raise InvalidInput(
            _('If-Match ska vara ärendets ETag, t.ex. "3".'),
            code="invalid_if_match",
            field="If-Match",
        )
    return int(match[1])


def validated(input_class, request):
    """The body, validated, with the version from the body or from If-Match."""
    data, header = request.data, _if_match(request)
    # A body of another shape than an object is refused by validation (400).
    if isinstance(data, Mapping) and data.get("version") is None:
        if header is None:
            raise VersionRequired()
        data = {**data, "version": header}
    serializer = input_class(data=data)
    serializer.is_valid(raise_exception=True)
    if header is not None and serializer.validated_data["version"] != header:
        raise InvalidInput(
            _("Versionen i anropet och i If-Match skiljer sig åt."),
            code="version_mismatch",
            field="version",
        )
    return serializer
