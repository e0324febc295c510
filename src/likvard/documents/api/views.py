"""The documents' REST API: list, describe, download (logged) and upload (multipart)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from likvard.access.services import record_case_read
from likvard.api.schema import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from likvard.api.strict import IdRefSerializer, StrictSerializer
from likvard.api.viewsets import CaseworkViewSet, id_filter, one, valid_body
from likvard.core.validation import MAX_ID

from .. import downloads, selectors, services
from ..filetypes import SIGNATURES
from ..models import Document


class DocumentSerializer(serializers.ModelSerializer):
    filed_by = serializers.CharField(source="filed_by.__str__")
    report = IdRefSerializer(source="*", id_field="report_id")
    child = IdRefSerializer(source="*", id_field="child_id")

    class Meta:
        model = Document
        fields = [
            "id",
            "report",
            "child",
            "title",
            "origin",
            "content_type",
            "size",
            "sha256",
            "filed_by",
            "filed_at",
        ]


class UploadSerializer(StrictSerializer):
    report = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    title = serializers.CharField(max_length=services.MAX_TITLE)
    file = serializers.FileField(help_text=_("PDF, PNG eller JPEG; Office-filer sparas som PDF."))

    def upload(self) -> services.Upload:
        file = self.validated_data["file"]
        return services.Upload(
            title=self.validated_data["title"], filename=file.name, size=file.size, file=file
        )


class DocumentViewSet(CaseworkViewSet):
    """Documents in the child's file for the cases in the caller's scope."""

    case_model = Document

    list_ordering = ("-id",)
    #: An upload is multipart (the file is binary); JSON elsewhere, as every API here.
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        return selectors.documents(self.request.user)

    @extend_schema(
        summary="Dokument i ditt uppdrag",
        parameters=[
            OpenApiParameter("report", OpenApiTypes.INT, description=_("Bara denna anmälans.")),
            OpenApiParameter("child", OpenApiTypes.INT, description=_("Bara detta barns.")),
        ],
        responses={200: DocumentSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request):
        queryset = id_filter(id_filter(self.get_queryset(), request, "report"), request, "child")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(
        summary="Ett dokuments uppgifter (loggas)",
        responses={200: DocumentSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk):
        document = one(self.get_queryset(), pk)
        record_case_read(
            request.user, "view_document", document, child_id=document.child_id, shown=[document]
        )
        return Response(DocumentSerializer(document).data)

    @extend_schema(
        summary="Hämta dokumentets fil (loggas)",
        responses={
            **{
                (200, content_type): OpenApiResponse(OpenApiTypes.BINARY)
                for content_type, _signature in SIGNATURES.values()
            },
            **READ_ERRORS,
        },
    )
    @action(detail=True, methods=["get"])
    def content(self, request, pk):
        return downloads.download(request.user, one(self.get_queryset(), pk))

    @extend_schema(
        summary="Lägg till ett dokument (multipart/form-data)",
        request={"multipart/form-data": UploadSerializer},
        responses={201: DocumentSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        body = valid_body(UploadSerializer, request)
        document = services.upload(request.user, body.validated_data["report"], body.upload())
        return Response(
            DocumentSerializer(one(self.get_queryset(), document.pk)).data,
            status=status.HTTP_201_CREATED,
        )
