"""API errors: every refusal is a 4xx with a machine-readable body.

Body: {"error": {"code": "...", "message": "...", "field": "..." | null}}. A
validation error also lists every failing field under "fields". Codes are the
domain's vocabulary (see likvard.core.errors): a client handles `too_long` or
`required` the same whether the serializer or the service refused the input.
Nested fields are named by their dotted path, e.g. "child.personal_number".
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_handler

from likvard.access.denials import record_denied
from likvard.core.cases import kind_of
from likvard.core.errors import DomainError, NotFound

#: DRF's built-in codes, renamed to the codes the services use for the same refusal.
CODE_ALIASES = {
    "blank": "required",
    "null": "required",
    "empty": "required",
    "max_length": "too_long",
    "permission_denied": "forbidden",
}


def error_body(code: str, message, field: str | None = None, **extra) -> dict:
    return {"error": {"code": code, "message": str(message), "field": field, **extra}}


def _code(detail, default: str = "invalid") -> str:
    code = getattr(detail, "code", None) or default
    return CODE_ALIASES.get(code, code)


def _flatten(detail, path: str = ""):
    """Yield (dotted field path or None, ErrorDetail) for each message in a DRF detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            yield from _flatten(value, f"{path}.{name}" if path and name else path or name)
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, path)
    else:
        yield path or None, detail


def _validation_response(exc: exceptions.ValidationError, response: Response) -> Response:
    errors = [
        {"field": field, "code": _code(detail), "message": str(detail)}
        for field, detail in _flatten(exc.detail)
    ]
    first = errors[0]
    response.data = error_body(first["code"], first["message"], first["field"], fields=errors)
    response.status_code = status.HTTP_400_BAD_REQUEST
    return response


def _log_denial(exc, context) -> None:
    """A 404 for an id may be a guess at another district's case: log it."""
    view, request = context.get("view"), context.get("request")
    kind = kind_of(getattr(view, "case_model", None))
    pk = getattr(view, "kwargs", {}).get("pk")
    if kind is not None and pk is not None and request is not None:
        verb = f"api_{getattr(view, 'action', '') or 'read'}"
        record_denied(request.user, kind.name, pk, verb)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = NotFound()
    if isinstance(exc, NotFound):
        _log_denial(exc, context)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DomainError):
        extra = {"rules": exc.details()} if hasattr(exc, "details") else {}
        return Response(error_body(exc.code, exc.message, exc.field, **extra), status=exc.status)
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(exc, response)
    detail = getattr(exc, "detail", exc)
    response.data = error_body(_code(detail, getattr(exc, "default_code", "error")), detail)
    return response
