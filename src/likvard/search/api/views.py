"""GET /api/search/?q=…: the search page's answer as JSON, logged the same way."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from likvard.api.schema import LIST_ERRORS
from likvard.api.viewsets import CaseworkViewSet
from likvard.core.errors import InvalidInput
from likvard.people.models import Child
from likvard.search.selectors import search
from likvard.search.services import record_search


class FoundChildSerializer(serializers.ModelSerializer):
    class Meta:
        model = Child
        fields = [
            "id",
            "personal_number",
            "reserve_number",
            "first_name",
            "last_name",
            "birth_date",
            "protected_identity",
        ]


class MatchesElsewhereSerializer(serializers.Serializer):
    district = serializers.CharField()
    matches = serializers.IntegerField()


class SearchAnswerSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="personal_number, name eller report")
    children = FoundChildSerializer(many=True)
    reports = serializers.ListField(child=serializers.IntegerField())
    elsewhere = MatchesElsewhereSerializer(many=True)
    truncated = serializers.BooleanField()


class OneAnswerSchema(AutoSchema):
    """The search's `list` answers one object (the matches inside it), not an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class SearchViewSet(CaseworkViewSet):
    """Search children by name or personnummer (any written form) and reports by number."""

    case_model = Child
    pagination_class = None
    schema = OneAnswerSchema()

    @extend_schema(
        summary="Sök barn (namn, personnummer i valfri form) eller orosanmälan (nummer); loggas",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True)],
        responses={200: SearchAnswerSerializer, **LIST_ERRORS},
    )
    def list(self, request):
        results = search(request.user, request.query_params.get("q", ""))
        record_search(request.user, results)
        if results.query.error:
            raise InvalidInput(results.query.error, code=results.query.code, field="q")
        return Response(
            {
                "kind": results.query.kind,
                "children": FoundChildSerializer(results.children, many=True).data,
                "reports": [report.pk for report in results.reports],
                "elsewhere": [{"district": name, "matches": n} for name, n in results.elsewhere],
                "truncated": results.truncated,
            }
        )
