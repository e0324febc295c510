"""Shared pieces of the OpenAPI description: the error body and the usual refusals."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text=_("Fältets sökväg, t.ex. child.sex."))
    code = serializers.CharField()
    message = serializers.CharField()


class StoppingRuleSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text=_("Regelns id."))
    title = serializers.CharField()
    severity = serializers.CharField(help_text=_("block, warn eller cosign."))
    message = serializers.CharField()
    field = serializers.CharField(allow_null=True)


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_(
            "Maskinläsbar kod, t.ex. not_found, forbidden, required, too_long, "
            "invalid_personal_number, date_in_future, motivation_required, "
            "district_not_allowed, transition_not_allowed, already_decided, concurrent_change, "
            "version_required, version_mismatch, invalid_if_match, "
            "guideline_blocked, override_required, cosignature_required, "
            "cosignature_not_needed."
        )
    )
    message = serializers.CharField(help_text=_("Meddelande till människor, på svenska."))
    field = serializers.CharField(allow_null=True, help_text=_("Fältet felet gäller, om något."))
    fields = FieldErrorSerializer(
        many=True, required=False, help_text=_("Vid valideringsfel: alla fält som underkändes.")
    )
    rules = StoppingRuleSerializer(
        many=True,
        required=False,
        help_text=_("När riktlinjerna stoppar steget: reglerna som stoppade det och varför."),
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


INVALID = _error("Ogiltig indata (kod och fält i svaret).")
FORBIDDEN = _error("Inte inloggad, eller rollen får inte göra detta.")
NOT_FOUND = _error("Finns inte, eller ligger utanför ditt uppdrag (svaret säger inte vilket).")
CONFLICT = _error("Ärendets status tillåter inte detta, eller ärendet har ändrats.")
VERSION_REQUIRED = _error(
    "Versionen saknas: ange fältet version eller rubriken If-Match (version_required)."
)

READ_ERRORS = {403: FORBIDDEN, 404: NOT_FOUND}
LIST_ERRORS = {400: INVALID, 403: FORBIDDEN}
WRITE_ERRORS = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}
#: A step that changes a case's state: its body's `version` (or If-Match) is required.
TRANSITION_ERRORS = {**WRITE_ERRORS, 428: VERSION_REQUIRED}

#: The version a transition is based on, as the ETag of the case's detail answer.
IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": r'^"[1-9][0-9]{0,18}"$'},
    OpenApiParameter.HEADER,
    description=_(
        'Ärendets ETag från GET, t.ex. "3", i stället för fältet version. Anges båda '
        "ska de vara lika (annars 400 version_mismatch)."
    ),
)
#: The version of the case in a detail answer, for If-Match.
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description=_('Ärendets version som ETag, t.ex. "3": skicka den som If-Match.'),
)
