"""API errors: every refusal is a 4xx with a machine-readable body.

Body: {"error": {"code": "...", "message": "...", "field": "..." | null}}.
"""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from likvard.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(
            {"error": {"code": exc.code, "message": str(exc.message), "field": exc.field}},
            status=exc.status,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        field, messages = next(iter(detail.items()))
        message = messages[0] if isinstance(messages, list) else messages
        if isinstance(message, dict):  # nested serializer: report its first field
            field, message = next(iter(message.items()))
            message = message[0] if isinstance(message, list) else message
        response.data = {
            "error": {
                "code": getattr(message, "code", "invalid"),
                "message": str(message),
                "field": field,
                "fields": exc.detail,
            }
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        response.data = {
            "error": {
                "code": getattr(exc, "default_code", "error"),
                "message": str(getattr(exc, "detail", exc)),
                "field": None,
            }
        }
    return response
