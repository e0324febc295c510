"""The journal's REST API: list, read, write and correct entries. Never change one.

An entry is signed when it is written: PUT, PATCH and DELETE answer 405 with the
code `journal_entry_locked` (and a correction is POST …/correct/).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from likvard.access.services import record_case_read
from likvard.api.schema import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from likvard.api.viewsets import CaseworkViewSet, id_filter, one, valid_body

from .. import selectors, services
from ..models import JournalEntry
from . import serializers

LOCKED = _(
    "Journalanteckningar signeras när de sparas och kan inte ändras eller tas bort. "
    "Skriv en rättelse: POST /api/journal-entries/{id}/correct/."
)


class JournalEntryViewSet(CaseworkViewSet):
    """The case journal (journalanteckningar) of the reports in the caller's scope."""

    case_model = JournalEntry

    list_ordering = ("-id",)

    def get_queryset(self):
        return selectors.entries(self.request.user)

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed(
            request.method, detail=LOCKED, code="journal_entry_locked"
        )

    def _created(self, entry) -> Response:
        entry = one(self.get_queryset(), entry.pk)
        return Response(
            serializers.EntryDetailSerializer(entry).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Journalanteckningar i ditt uppdrag (utan text; läs en för att se den)",
        parameters=[
            OpenApiParameter("report", OpenApiTypes.INT, description=_("Bara denna anmälans.")),
            OpenApiParameter("child", OpenApiTypes.INT, description=_("Bara detta barns.")),
        ],
        responses={200: serializers.EntrySummarySerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request):
        queryset = id_filter(id_filter(self.get_queryset(), request, "report"), request, "child")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializers.EntrySummarySerializer(page, many=True).data)

    @extend_schema(
        summary="En journalanteckning (loggas)",
        responses={200: serializers.EntryDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk):
        entry = one(self.get_queryset(), pk)
        record_case_read(
            request.user, "view_journal_entry", entry, child_id=entry.child_id, shown=[entry]
        )
        return Response(serializers.EntryDetailSerializer(entry).data)

    @extend_schema(
        summary="Skriv och signera en journalanteckning",
        request=serializers.EntryCreateSerializer,
        responses={201: serializers.EntryDetailSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        body = valid_body(serializers.EntryCreateSerializer, request)
        entry = services.write_entry(
            request.user, body.validated_data["report"], body.entry_input()
        )
        return self._created(entry)

    @extend_schema(
        summary="Rätta en journalanteckning: en ny signerad anteckning som pekar på den",
        request=serializers.EntryInputSerializer,
        responses={201: serializers.EntryDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk):
        one(self.get_queryset(), pk)  # out of scope: 404 before the body is looked at
        body = valid_body(serializers.EntryInputSerializer, request)
        return self._created(services.correct_entry(request.user, pk, body.entry_input()))
