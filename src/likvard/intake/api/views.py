"""The internal intake API: `POST /api/intake/reports/`, new e-service reports only.

The one door from the public host into the case system. Its own credential (the
setting LIKVARD_INTAKE_API_TOKEN, sent as `Authorization: Bearer …` and compared in
constant time), no staff session, no reads: the answer is the receipt's reference.
The body is the public form's answers and is checked by the same form.
"""

import hmac

from django.conf import settings
from rest_framework import authentication, exceptions, permissions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from likvard.api.errors import error_body
from likvard.intake import services
from likvard.intake.forms import PublicReportForm
from likvard.intake.organisations import partner_options
from likvard.intake.payload import payload_of


class IntakeClient:
    """The public host, authenticated by the intake credential (not a staff member)."""

    is_authenticated = True
    is_active = True
    pk = None
    username = "intake-api"


class IntakeTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, given = header.partition(" ")
        expected = settings.LIKVARD_INTAKE_API_TOKEN
        if scheme.lower() != "bearer" or not expected:
            return None
        if not hmac.compare_digest(given.strip().encode(), expected.encode()):
            raise exceptions.AuthenticationFailed()
        return IntakeClient(), "intake"

    def authenticate_header(self, request):
        return "Bearer"


class IsIntakeClient(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.auth == "intake"


class IntakeReports(APIView):
    authentication_classes = [IntakeTokenAuthentication]
    permission_classes = [IsIntakeClient]
    parser_classes = [JSONParser]
    http_method_names = ["post", "options"]
    # Not in the staff API's schema (behind staff sign-in): this door has its own
    # client and its own description, docs/operations.md.
    schema = None

    def post(self, request):
        if not isinstance(request.data, dict):
            return Response(error_body("invalid", "JSON object expected"), status=400)
        form = PublicReportForm(data=request.data, partners=partner_options())
        if not form.is_valid():
            fields = [
                {
                    "field": None if name == "__all__" else name,
                    "code": error.code or "invalid",
                    "message": error.messages[0],
                }
                for name, errors in form.errors.as_data().items()
                for error in errors
            ]
            first = fields[0]
            body = error_body(first["code"], first["message"], first["field"], fields=fields)
            return Response(body, status=400)
        submission, new = services.receive(
            payload_of(form.cleaned_data, form.partner), form.cleaned_data["idempotency_key"]
        )
        return Response(
            {
                "reference": submission.reference,
                "received_at": submission.received_at.isoformat(),
            },
            status=status.HTTP_201_CREATED if new else status.HTTP_200_OK,
        )
