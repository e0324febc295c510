"""The API for giving a case its handler: POST /api/reports/{id}/assign/ and
POST /api/investigations/{id}/assign/.

The same service as the supervisors' page "Fördela ärenden"
(`casework.assignment`): a supervisor assigns any case of the district to a
worker whose role handles that kind of case, or unassigns it (`null`); a worker
may take an unassigned case for themselves. Each viewset holds only the
`assign` action and is registered on the prefix of its resource, so the routes
sit beside the resource's own. Out of scope is 404 before the body is read.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as fields
from rest_framework.decorators import action
from rest_framework.response import Response

from likvard.api.schema import IF_MATCH, TRANSITION_ERRORS
from likvard.api.viewsets import CaseworkViewSet, one, valid_body
from likvard.casework import assignment, selectors
from likvard.casework.models import Investigation
from likvard.casework.selectors import report_rows
from likvard.core.validation import MAX_ID
from likvard.reports import selectors as report_reads
from likvard.reports.models import Report

from . import serializers
from .inputs import StrictSerializer


class AssignInputSerializer(StrictSerializer):
    """Both fields are required: a forgotten `assigned_to` must not unassign the case."""

    assigned_to = fields.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        allow_null=True,
        help_text=_(
            "Id för medarbetaren som ska handlägga ärendet, eller null för att lägga "
            "tillbaka det bland de ofördelade."
        ),
    )
    version = fields.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_(
            "Versionen du senast läste. Har ärendet ändrats sedan dess blir svaret "
            "409 concurrent_change."
        ),
    )


ASSIGN_DESCRIPTION = _(
    "Arbetsledare (behörigheten att fördela ärenden) tilldelar en aktiv medarbetare i "
    "stadsdelsområdet vars roll handlägger den sortens ärenden, eller lägger tillbaka "
    "ärendet bland de ofördelade med null. Andra medarbetare kan bara ta ett ofördelat "
    "ärende själva. Koder: other_district, inactive_assignee, unsuitable_role, "
    "unknown_assignee, may_not_assign, case_closed, concurrent_change."
)


def _assign(request, pk, scoped_rows, service):
    one(scoped_rows(request.user, to_change=True), pk)  # 404 before the body is read
    body = valid_body(AssignInputSerializer, request)
    service(
        request.user,
        pk,
        version=body.validated_data["version"],
        assignee_id=body.validated_data["assigned_to"],
    )


class ReportAssignmentViewSet(CaseworkViewSet):
    """Who handles a report (orosanmälan)."""

    case_model = Report

    def get_queryset(self):
        return report_reads.reports(self.request.user)

    @extend_schema(
        summary="Fördela orosanmälan till en handläggare",
        description=ASSIGN_DESCRIPTION,
        request=AssignInputSerializer,
        parameters=[IF_MATCH],
        responses={200: serializers.ReportDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk):
        _assign(request, pk, report_reads.reports, assignment.assign_report)
        report = one(report_rows(self.get_queryset()), pk)
        return Response(serializers.ReportDetailSerializer(report).data)


class InvestigationAssignmentViewSet(CaseworkViewSet):
    """Who handles an investigation (utredning)."""

    case_model = Investigation

    def get_queryset(self):
        return selectors.investigations(self.request.user)

    @extend_schema(
        summary="Fördela utredningen till en utredare",
        description=ASSIGN_DESCRIPTION,
        request=AssignInputSerializer,
        parameters=[IF_MATCH],
        responses={200: serializers.InvestigationDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk):
        _assign(request, pk, selectors.investigations, assignment.assign_investigation)
        investigation = one(self.get_queryset().prefetch_related("extensions__decided_by"), pk)
        return Response(serializers.InvestigationDetailSerializer(investigation).data)
