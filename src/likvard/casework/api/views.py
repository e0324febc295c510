"""The REST API: the same services, scoping and audit log as the caseworker UI.

Every read starts from `visible_to(user)`; every write goes through the service
function the UI calls, which scopes the row with `editable_by(user)` again, and
the answer is read back through `visible_to(user)`. An id outside the caller's
scope is answered exactly like an id that does not exist (404). Each read of a
case in detail writes a read entry to the audit log.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from likvard.access.services import record_case_read
from likvard.api.permissions import COSIGN_PERMISSIONS
from likvard.api.schema import (
    ETAG,
    IF_MATCH,
    LIST_ERRORS,
    READ_ERRORS,
    TRANSITION_ERRORS,
    WRITE_ERRORS,
)
from likvard.api.viewsets import (
    CaseworkViewSet,
    choice_filter,
    choice_parameter,
    one,
    valid_body,
    versioned,
)
from likvard.casework import selectors
from likvard.casework import services as casework
from likvard.casework.effects import DecisionInput
from likvard.casework.models import (
    ChildConversation,
    Decision,
    Investigation,
    PoliceReportConsideration,
    PreAssessment,
)
from likvard.casework.selectors import child_history, report_rows
from likvard.core.errors import DomainError, InvalidInput
from likvard.guidelines import selectors as guidelines
from likvard.guidelines.models import CoSignatureRequest
from likvard.people.identity import InvalidIdentityNumber, parse
from likvard.people.models import Child
from likvard.people.selectors import children, reveal_protected_contact, visible_child
from likvard.reports import selectors as report_reads
from likvard.reports import services as reports
from likvard.reports.models import Feedback, Report
from likvard.reports.workflow import InvestigationState, ReportState

from . import inputs, serializers


def _decision_created(user, decision) -> Response:
    """201 with the decision just taken, read back through the caller's scope."""
    decision = one(selectors.decisions(user, in_full=True), decision.pk)
    return Response(
        serializers.DecisionDetailSerializer(decision).data, status=status.HTTP_201_CREATED
    )


def _cosignature_request(user, pk) -> CoSignatureRequest:
    """A co-signature request read back through the caller's scope."""
    return one(guidelines.cosignature_rows(user), pk)


class ReportViewSet(CaseworkViewSet):
    """Reports of concern (orosanmälningar) and the steps of their pre-assessment."""

    case_model = Report

    list_ordering = ("-received_at", "-id")

    def get_queryset(self):
        return report_reads.reports(self.request.user)

    @extend_schema(
        summary="Orosanmälningar i ditt uppdrag",
        parameters=[choice_parameter("state", ReportState)],
        responses={200: serializers.ReportSummarySerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request):
        queryset = choice_filter(self.get_queryset(), request, "state", ReportState)
        queryset = queryset.select_related("district", "child", "assigned_to").prefetch_related(
            "concerns"
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            serializers.ReportSummarySerializer(page, many=True).data
        )

    @extend_schema(
        summary="Registrera en orosanmälan",
        description=(
            "Anmälan registreras i ditt eget stadsdelsområde. Ett fält `district` i "
            "anropet avvisas med koden district_not_allowed."
        ),
        request=inputs.ReportCreateSerializer,
        responses={201: serializers.ReportDetailSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        body = valid_body(inputs.ReportCreateSerializer, request)
        try:
            report = reports.register_report(request.user, body.to_report_input())
        except DomainError as exc:
            if exc.field in inputs.CHILD_FIELDS:  # name the field as the client sent it
                exc.field = f"child.{exc.field}"
            raise
        report = one(report_rows(self.get_queryset()), report.pk)
        return Response(
            serializers.ReportDetailSerializer(report).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api-report-detail", args=[report.pk])},
        )

    @extend_schema(
        summary="En orosanmälan i sin helhet (loggas)",
        parameters=[ETAG],
        responses={200: serializers.ReportDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk):
        report = one(report_rows(self.get_queryset()), pk)
        record_case_read(
            request.user, "view_report", report, child_id=report.child_id, shown=[report]
        )
        return versioned(serializers.ReportDetailSerializer(report).data, report.version)

    def _step(self, request, pk, input_class, service):
        """Check the report is the caller's to change (404 first), then validate and act."""
        report = one(report_reads.reports(request.user, to_change=True), pk)
        body = valid_body(input_class, request)
        return service(request.user, report.pk, **body.validated_data)

    @extend_schema(
        summary="Skyddsbedömning: förhandsbedömningen börjar",
        request=inputs.ProtectionAssessmentInputSerializer,
        parameters=[IF_MATCH],
        responses={201: serializers.ReportDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="protection-assessment")
    def protection_assessment(self, request, pk):
        report = self._step(
            request, pk, inputs.ProtectionAssessmentInputSerializer, casework.assess_protection
        )
        report = one(report_rows(self.get_queryset()), report.pk)
        return Response(
            serializers.ReportDetailSerializer(report).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Dokumentera barnsamtal, eller varför samtal inte hölls",
        request=inputs.ChildConversationInputSerializer,
        responses={201: serializers.ChildConversationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="child-conversations")
    def child_conversations(self, request, pk):
        created = self._step(
            request,
            pk,
            inputs.ChildConversationInputSerializer,
            casework.record_child_conversation,
        )
        created = selectors.recorded(request.user, ChildConversation, created.pk)
        return Response(
            serializers.ChildConversationSerializer(created).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Dokumentera övervägande om polisanmälan",
        request=inputs.PoliceConsiderationInputSerializer,
        responses={201: serializers.PoliceConsiderationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="police-report-considerations")
    def police_report_considerations(self, request, pk):
        created = self._step(
            request,
            pk,
            inputs.PoliceConsiderationInputSerializer,
            casework.record_police_consideration,
        )
        created = selectors.recorded(request.user, PoliceReportConsideration, created.pk)
        return Response(
            serializers.PoliceConsiderationSerializer(created).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Dokumentera återkoppling till anmälaren (efter beslutet)",
        request=inputs.FeedbackInputSerializer,
        responses={201: serializers.FeedbackSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk):
        created = self._step(request, pk, inputs.FeedbackInputSerializer, reports.record_feedback)
        created = selectors.recorded(request.user, Feedback, created.pk)
        return Response(
            serializers.FeedbackSerializer(created).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Avsluta en beslutad anmälan",
        description=(
            "Riktlinjerna vid avslut prövas i samma transaktion. Stoppar de steget "
            "svarar API:t 400 med koden guideline_blocked eller override_required och "
            "reglerna under `rules`; inget sparas."
        ),
        request=inputs.ArchiveInputSerializer,
        parameters=[IF_MATCH],
        responses={200: serializers.ReportDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk):
        report = self._step(request, pk, inputs.ArchiveInputSerializer, casework.archive_report)
        report = one(report_rows(self.get_queryset()), report.pk)
        return Response(serializers.ReportDetailSerializer(report).data)

    @extend_schema(
        summary="Kontrasignera det föreslagna beslutet (arbetsledare): beslutet fattas",
        description=(
            "Kräver behörigheten att kontrasignera beslut och att någon annan föreslog "
            "beslutet. Riktlinjerna prövas på nytt; beslutet blir handläggarens, "
            "kontrasigneringen din. Finns inget förslag som väntar blir svaret 404."
        ),
        request=inputs.CosignInputSerializer,
        responses={201: serializers.DecisionDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=COSIGN_PERMISSIONS)
    def cosign(self, request, pk):
        decision = self._step(request, pk, inputs.CosignInputSerializer, casework.cosign_decision)
        return _decision_created(request.user, decision)

    @extend_schema(
        summary="Skicka tillbaka det föreslagna beslutet till handläggaren (arbetsledare)",
        request=inputs.CosignInputSerializer,
        responses={200: serializers.CoSignatureRequestSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return-decision",
        permission_classes=COSIGN_PERMISSIONS,
    )
    def return_decision(self, request, pk):
        returned = self._step(request, pk, inputs.CosignInputSerializer, casework.return_decision)
        returned = _cosignature_request(request.user, returned.pk)
        return Response(serializers.CoSignatureRequestSerializer(returned).data)

    @extend_schema(
        summary="Riktlinjernas utvärderingar i ärendet, äldst först (loggas)",
        description=(
            "Varje steg som riktlinjerna släppte igenom: utfall per regel, svar, avsteg med "
            "skäl och kontrasignering. Ett stoppat steg sparar ingenting."
        ),
        responses={200: serializers.RuleEvaluationSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="rule-evaluations", pagination_class=None)
    def rule_evaluations(self, request, pk):
        # A few rows per step and a report has at most two steps with rules: no pages.
        report = one(self.get_queryset(), pk)
        rows = list(guidelines.evaluations_of(report))
        record_case_read(
            request.user, "view_rule_evaluations", report, child_id=report.child_id, shown=[report]
        )
        return Response(serializers.RuleEvaluationSerializer(rows, many=True).data)


@dataclass
class ChildCase:
    """A child together with the history the caller may see; reads through to the child."""

    child: Child
    reports: list
    reports_elsewhere: list
    investigations: list

    def __getattr__(self, name):
        return getattr(self.child, name)


class ChildViewSet(CaseworkViewSet):
    """Children with a report in the caller's scope."""

    case_model = Child

    list_ordering = ("last_name", "first_name", "id")

    def get_queryset(self):
        return children(self.request.user)

    @extend_schema(
        summary="Barn i ditt uppdrag, eller sök på personnummer (sökträff loggas)",
        parameters=[
            OpenApiParameter(
                "personal_number",
                OpenApiTypes.STR,
                description=_("Personnummer eller samordningsnummer i valfri giltig form."),
            )
        ],
        responses={200: serializers.ChildRefSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request):
        queryset = self.get_queryset()
        wanted = request.query_params.get("personal_number", "").strip()
        if wanted:
            try:
                identity = parse(wanted)
            except InvalidIdentityNumber as exc:
                raise InvalidInput(
                    _("Personnumret är inte giltigt. Kontrollera siffrorna och kontrollsiffran."),
                    code="invalid_personal_number",
                    field="personal_number",
                ) from exc
            queryset = queryset.filter(personal_number=identity.long_form)
        page = self.paginate_queryset(queryset)
        if wanted:
            for child in page:
                record_case_read(
                    request.user,
                    "find_child",
                    child,
                    child_id=child.pk,
                    shown=report_reads.reports(request.user)
                    .filter(child=child)
                    .only("district_id"),
                )
        return self.get_paginated_response(serializers.ChildRefSerializer(page, many=True).data)

    @extend_schema(
        summary="Ett barn med historik (loggas)",
        description=(
            "Anmälningar i ditt uppdrag visas i sin helhet; från andra stadsdelsområden "
            "bara stadsdelsområde, datum och utfall."
        ),
        responses={200: serializers.ChildDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk):
        child = visible_child(request.user, pk)
        own, elsewhere, investigations = child_history(request.user, child, in_full=True)
        record_case_read(
            request.user, "view_child", child, child_id=child.pk, shown=[*own, *investigations]
        )
        case = ChildCase(child, own, elsewhere, investigations)
        return Response(serializers.ChildDetailSerializer(case).data)

    @extend_schema(
        summary="Visa skyddade kontaktuppgifter (kräver behörighet och skäl; loggas)",
        request=inputs.RevealContactInputSerializer,
        responses={200: serializers.ProtectedContactSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="protected-contact")
    def protected_contact(self, request, pk):
        child = visible_child(request.user, pk)
        body = valid_body(inputs.RevealContactInputSerializer, request)
        contact = reveal_protected_contact(request.user, child, body.validated_data["reason"])
        return Response(serializers.ProtectedContactSerializer(contact).data)


class PreAssessmentViewSet(CaseworkViewSet):
    """Pre-assessments (förhandsbedömningar), scoped through their report's district."""

    case_model = PreAssessment

    def get_queryset(self):
        return selectors.pre_assessments(self.request.user)

    @extend_schema(
        summary="En förhandsbedömning (loggas)",
        description="ETag är orosanmälans version: den som beslutet ska ange.",
        parameters=[ETAG],
        responses={200: serializers.PreAssessmentDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk):
        pre_assessment = one(
            self.get_queryset()
            .select_related(
                "report__district",
                "report__child",
                "report__assigned_to",
                "report__protection_assessment__assessed_by",
                "decision__decided_by",
                "decision__provision",
                "decision__investigation",
            )
            .prefetch_related(
                "report__concerns",
                "report__child_conversations__recorded_by",
                "report__police_considerations__recorded_by",
            ),
            pk,
        )
        report = pre_assessment.report
        record_case_read(
            request.user,
            "view_pre_assessment",
            pre_assessment,
            child_id=report.child_id,
            shown=[report],
        )
        return versioned(
            serializers.PreAssessmentDetailSerializer(pre_assessment).data, report.version
        )

    def _propose(self, request, pk, service):
        """Check the pre-assessment is the caller's to change (404 first), then validate and act."""
        pre_assessment = one(selectors.pre_assessments(request.user, to_change=True), pk)
        proposal = dict(valid_body(inputs.DecisionInputSerializer, request).validated_data)
        version = proposal.pop("version")
        return service(
            request.user, pre_assessment.report_id, DecisionInput(**proposal), version=version
        )

    @extend_schema(
        summary=(
            "Beslut om att inleda utredning: det enda beslutet som avslutar förhandsbedömningen"
        ),
        description=(
            "Riktlinjerna prövas i samma transaktion. Stoppar de beslutet svarar API:t 400 "
            "med reglerna under `rules`: guideline_blocked, override_required (ange skäl i "
            "`overrides`) eller cosignature_required (skicka samma anrop till "
            "`cosignature-request`)."
        ),
        request=inputs.DecisionInputSerializer,
        parameters=[IF_MATCH],
        responses={201: serializers.DecisionDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk):
        return _decision_created(request.user, self._propose(request, pk, casework.decide))

    @extend_schema(
        summary="Föreslå ett beslut som kräver kontrasignering av arbetsledare",
        description=(
            "Samma anrop som beslutet. Alla andra riktlinjer ska redan släppa igenom det; "
            "kräver ingen regel kontrasignering blir svaret 400 cosignature_not_needed. "
            "Ärendet ligger kvar i förhandsbedömning tills en arbetsledare kontrasignerar "
            "eller skickar tillbaka förslaget; ett nytt förslag eller beslut ersätter det."
        ),
        request=inputs.DecisionInputSerializer,
        parameters=[IF_MATCH],
        responses={201: serializers.CoSignatureRequestSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="cosignature-request")
    def cosignature_request(self, request, pk):
        proposal = self._propose(request, pk, casework.request_cosignature)
        proposal = _cosignature_request(request.user, proposal.pk)
        return Response(
            serializers.CoSignatureRequestSerializer(proposal).data,
            status=status.HTTP_201_CREATED,
        )


class DecisionViewSet(CaseworkViewSet):
    """Decisions whether to open an investigation."""

    case_model = Decision

    list_ordering = ("-decided_at", "-id")

    def get_queryset(self):
        return selectors.decisions(self.request.user)

    @extend_schema(
        summary="Beslut i ditt uppdrag",
        parameters=[choice_parameter("kind", Decision.Kind)],
        responses={200: serializers.DecisionSummarySerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request):
        queryset = choice_filter(self.get_queryset(), request, "kind", Decision.Kind)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            serializers.DecisionSummarySerializer(page, many=True).data
        )

    @extend_schema(
        summary="Ett beslut (loggas)",
        responses={200: serializers.DecisionDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk):
        decision = one(selectors.decisions(request.user, in_full=True), pk)
        report = decision.pre_assessment.report
        record_case_read(
            request.user, "view_decision", decision, child_id=report.child_id, shown=[report]
        )
        return Response(serializers.DecisionDetailSerializer(decision).data)


class InvestigationViewSet(CaseworkViewSet):
    """Investigations (utredningar): their time limit, extensions and completion."""

    case_model = Investigation

    list_ordering = ("due_date", "id")

    def get_queryset(self):
        return selectors.investigations(self.request.user)

    def _detail(self, pk):
        return one(self.get_queryset().prefetch_related("extensions__decided_by"), pk)

    @extend_schema(
        summary="Utredningar i ditt uppdrag",
        parameters=[choice_parameter("state", InvestigationState)],
        responses={200: serializers.InvestigationSummarySerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request):
        queryset = choice_filter(self.get_queryset(), request, "state", InvestigationState)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            serializers.InvestigationSummarySerializer(page, many=True).data
        )

    @extend_schema(
        summary="En utredning (loggas)",
        parameters=[ETAG],
        responses={200: serializers.InvestigationDetailSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk):
        investigation = self._detail(pk)
        record_case_read(
            request.user,
            "view_investigation",
            investigation,
            child_id=investigation.child_id,
            shown=[investigation],
        )
        return versioned(
            serializers.InvestigationDetailSerializer(investigation).data, investigation.version
        )

    def _step(self, request, pk, input_class, service):
        investigation = one(selectors.investigations(request.user, to_change=True), pk)
        body = valid_body(input_class, request)
        service(request.user, investigation.pk, **body.validated_data)
        investigation = self._detail(investigation.pk)
        return Response(serializers.InvestigationDetailSerializer(investigation).data)

    @extend_schema(
        summary="Förläng utredningstiden (särskilda skäl)",
        request=inputs.InvestigationExtensionInputSerializer,
        parameters=[IF_MATCH],
        responses={200: serializers.InvestigationDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk):
        return self._step(
            request, pk, inputs.InvestigationExtensionInputSerializer, casework.extend_investigation
        )

    @extend_schema(
        summary="Avsluta utredningen",
        description=(
            "Riktlinjerna vid avslut av utredning prövas i samma transaktion, på det som "
            "dokumenterats i utredningen. Stoppar de steget svarar API:t 400 med koden "
            "guideline_blocked eller override_required (ange skäl i `overrides`) och "
            "reglerna under `rules`; inget sparas."
        ),
        request=inputs.InvestigationCompletionInputSerializer,
        parameters=[IF_MATCH],
        responses={200: serializers.InvestigationDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk):
        return self._step(
            request,
            pk,
            inputs.InvestigationCompletionInputSerializer,
            casework.complete_investigation,
        )

    @extend_schema(
        summary="Riktlinjernas utvärderingar när utredningen avslutades (loggas)",
        responses={200: serializers.RuleEvaluationSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="rule-evaluations", pagination_class=None)
    def rule_evaluations(self, request, pk):
        # One row per rule in force, written once, when the investigation is closed.
        investigation = one(self.get_queryset(), pk)
        rows = guidelines.closing_evaluations(investigation)
        record_case_read(
            request.user,
            "view_rule_evaluations",
            investigation,
            child_id=investigation.child_id,
            shown=[investigation],
        )
        return Response(serializers.RuleEvaluationSerializer(rows, many=True).data)


class CoSignatureRequestViewSet(CaseworkViewSet):
    """Proposed decisions and what became of them; a supervisor's queue is ?status=pending."""

    case_model = CoSignatureRequest

    list_ordering = ("requested_at", "id")

    def get_queryset(self):
        return guidelines.cosignature_rows(self.request.user)

    @extend_schema(
        summary="Förslag till beslut som kräver kontrasignering, äldst först",
        description=(
            "Med status=pending: förslagen som väntar på en arbetsledare. Kontrasignera "
            "eller skicka tillbaka via orosanmälan (`cosign`, `return-decision`)."
        ),
        parameters=[choice_parameter("status", CoSignatureRequest.Status)],
        responses={200: serializers.CoSignatureRequestSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request):
        queryset = choice_filter(self.get_queryset(), request, "status", CoSignatureRequest.Status)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            serializers.CoSignatureRequestSerializer(page, many=True).data
        )
