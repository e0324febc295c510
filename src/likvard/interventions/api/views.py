"""The interventions REST API: the same services, scoping and audit log as the pages.

Reads start from the app's selectors (`visible_to`); every write goes through the
service the page calls, which scopes the row to the caller's district again (404
outside it). Refusals carry the services' codes: `not_guardian`, `child_too_young`,
`consent_missing`, `no_delegation` (403), `already_decided` (409),
`start_before_decision`, `follow_up_before_start`, `placement_not_decided_here`, ….
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from likvard.access.services import record_case_read
from likvard.api.schema import (
    ETAG,
    IF_MATCH,
    LIST_ERRORS,
    READ_ERRORS,
    TRANSITION_ERRORS,
    WRITE_ERRORS,
)
from likvard.api.versions import etag
from likvard.api.viewsets import CaseworkViewSet, id_filter, one, valid_body
from likvard.core.calendar import local_date

from .. import selectors, services
from ..models import (
    Consent,
    FollowUp,
    Intervention,
    InterventionProposal,
    LvuCare,
    LvuConsideration,
    MotivationWork,
)
from . import serializers as s


def _filter(name: str, text: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, description=text)


class _Rows(CaseworkViewSet):
    """List (newest first, by cursor) and read one (logged) of one kind of row."""

    list_ordering = ("-id",)
    #: (query parameter, its description) the list may be filtered by.
    filters: tuple[tuple[str, str], ...] = ()
    serializer_class = None
    #: What a list shows of each row (by default what one row's answer shows).
    list_serializer_class = None
    read_verb = ""

    def rows(self, user):
        raise NotImplementedError

    def case_of(self, row):
        """The row carrying child_id and district_id, for the read log."""
        raise NotImplementedError

    def get_queryset(self):
        return self.rows(self.request.user)

    def list(self, request):
        queryset = self.get_queryset()
        for name, _text in self.filters:
            queryset = id_filter(queryset, request, name)
        page = self.paginate_queryset(queryset)
        rows = (self.list_serializer_class or self.serializer_class)(page, many=True)
        return self.get_paginated_response(rows.data)

    def _answer(self, row, status_code=status.HTTP_200_OK, **context) -> Response:
        return Response(self.serializer_class(row, context=context).data, status=status_code)

    def retrieve(self, request, pk):
        row = one(self.get_queryset(), pk)
        case = self.case_of(row)
        record_case_read(request.user, self.read_verb, row, child_id=case.child_id, shown=[case])
        return self._answer(row)

    def _read_back(self, row, status_code=status.HTTP_201_CREATED):
        return self._answer(one(self.get_queryset(), row.pk), status_code)


def _rows_schema(noun: str, serializer, filters=(), list_serializer=None, headers=()):
    return extend_schema_view(
        list=extend_schema(
            summary=f"{noun} i ditt uppdrag, nyast först",
            parameters=[_filter(name, text) for name, text in filters],
            responses={200: (list_serializer or serializer)(many=True), **LIST_ERRORS},
        ),
        retrieve=extend_schema(
            summary=f"{noun}: en (loggas)",
            parameters=list(headers),
            responses={200: serializer, **READ_ERRORS},
        ),
    )


INVESTIGATION_FILTER = (("investigation", "Bara denna utrednings."),)


@_rows_schema(
    "Förslag till insatser",
    s.InterventionProposalDetailSerializer,
    INVESTIGATION_FILTER,
    s.InterventionProposalSerializer,
)
class ProposalViewSet(_Rows):
    """Proposed interventions; each person's consent and the decision are actions. One
    proposal's answer names whose consent is missing (a list does not: read one)."""

    case_model = InterventionProposal
    serializer_class = s.InterventionProposalDetailSerializer
    list_serializer_class = s.InterventionProposalSerializer
    filters = INVESTIGATION_FILTER
    read_verb = "view_intervention_proposal"

    def rows(self, user):
        return selectors.proposals(user).select_related("decision")

    def case_of(self, row):
        return row

    def _answer(self, row, status_code=status.HTTP_200_OK, **context):
        if row.basis == row.Basis.VOLUNTARY and "need" not in context:
            decision = getattr(row, "decision", None)
            on = decision.decided_on if decision else local_date(timezone.now())
            context["need"] = selectors.need(row, on)
        return super()._answer(row, status_code, **context)

    @extend_schema(
        summary="Föreslå en insats i en pågående utredning",
        request=s.InterventionProposalInput,
        responses={201: s.InterventionProposalDetailSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        body = valid_body(s.InterventionProposalInput, request).validated_data
        investigation = body.pop("investigation")
        return self._read_back(services.propose(request.user, investigation, **body))

    @extend_schema(
        summary="Dokumentera en vårdnadshavares eller barnets samtycke",
        request=s.ConsentInput,
        responses={201: s.ConsentSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def consents(self, request, pk):
        one(self.get_queryset(), pk)  # out of scope: 404 before the body is looked at
        body = valid_body(s.ConsentInput, request).validated_data
        consent = services.record_consent(request.user, pk, **body)
        row = one(selectors.consents(request.user), consent.pk)
        return Response(s.ConsentSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Besluta om insatsen (delegation decide_interventions)",
        request=s.InterventionDecisionInput,
        responses={201: s.InterventionSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk):
        one(self.get_queryset(), pk)
        body = valid_body(s.InterventionDecisionInput, request).validated_data
        decision = services.decide(request.user, pk, **body)
        row = one(selectors.interventions(request.user), decision.pk)
        return Response(s.InterventionSerializer(row).data, status=status.HTTP_201_CREATED)


@_rows_schema(
    "Samtycken", s.ConsentSerializer, (("proposal", "Bara detta förslags (även historiken)."),)
)
class ConsentViewSet(_Rows):
    case_model = Consent
    serializer_class = s.ConsentSerializer
    filters = (("proposal", "Bara detta förslags."),)
    read_verb = "view_intervention_consent"

    def rows(self, user):
        return selectors.consents(user).select_related("proposal")

    def case_of(self, row):
        return row.proposal


@_rows_schema(
    "Beslut om insatser", s.InterventionSerializer, (("proposal", "Bara detta förslags."),)
)
class InterventionViewSet(_Rows):
    case_model = Intervention
    serializer_class = s.InterventionSerializer
    filters = (("proposal", "Bara detta förslags."),)
    read_verb = "view_intervention"

    def rows(self, user):
        return selectors.interventions(user)

    def case_of(self, row):
        return row.proposal

    @extend_schema(
        summary="Planera en uppföljning av en beviljad insats",
        request=s.FollowUpPlanInput,
        responses={201: s.FollowUpSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk):
        one(self.get_queryset(), pk)
        body = valid_body(s.FollowUpPlanInput, request).validated_data
        follow_up = services.plan_follow_up(request.user, pk, **body)
        row = one(selectors.follow_ups(request.user), follow_up.pk)
        return Response(s.FollowUpSerializer(row).data, status=status.HTTP_201_CREATED)


@_rows_schema("Uppföljningar", s.FollowUpSerializer, (("intervention", "Bara denna insats."),))
class FollowUpViewSet(_Rows):
    case_model = FollowUp
    serializer_class = s.FollowUpSerializer
    filters = (("intervention", "Bara denna insats."),)
    read_verb = "view_follow_up"

    def rows(self, user):
        return selectors.follow_ups(user)

    def case_of(self, row):
        return row.intervention.proposal

    @extend_schema(
        summary="Dokumentera en planerad uppföljning (en gång)",
        request=s.FollowUpRecordInput,
        responses={200: s.FollowUpSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk):
        one(self.get_queryset(), pk)
        body = valid_body(s.FollowUpRecordInput, request).validated_data
        return self._read_back(services.record_follow_up(request.user, pk, **body), 200)


@_rows_schema("Motivationsarbete", s.MotivationWorkSerializer, INVESTIGATION_FILTER)
class MotivationWorkViewSet(_Rows):
    case_model = MotivationWork
    serializer_class = s.MotivationWorkSerializer
    filters = INVESTIGATION_FILTER
    read_verb = "view_motivation_work"

    def rows(self, user):
        return selectors.motivation_work(user).select_related("investigation")

    def case_of(self, row):
        return row.investigation

    @extend_schema(
        summary="Dokumentera motivationsarbete i en pågående utredning",
        request=s.MotivationWorkInput,
        responses={201: s.MotivationWorkSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        body = valid_body(s.MotivationWorkInput, request).validated_data
        investigation = body.pop("investigation")
        return self._read_back(services.record_motivation_work(request.user, investigation, **body))


@_rows_schema("Överväganden om vård enligt LVU", s.LvuConsiderationSerializer, INVESTIGATION_FILTER)
class LvuConsiderationViewSet(_Rows):
    case_model = LvuConsideration
    serializer_class = s.LvuConsiderationSerializer
    filters = INVESTIGATION_FILTER
    read_verb = "view_lvu_consideration"

    def rows(self, user):
        return selectors.lvu_considerations(user).select_related("investigation")

    def case_of(self, row):
        return row.investigation

    @extend_schema(
        summary="Dokumentera ett övervägande om vård enligt LVU",
        request=s.LvuConsiderationInput,
        responses={201: s.LvuConsiderationSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        body = valid_body(s.LvuConsiderationInput, request).validated_data
        investigation = body.pop("investigation")
        consideration = services.record_lvu_consideration(request.user, investigation, **body)
        return self._read_back(consideration)


@_rows_schema("Vård enligt LVU", s.LvuCareSerializer, INVESTIGATION_FILTER, headers=[ETAG])
class LvuCareViewSet(_Rows):
    case_model = LvuCare
    serializer_class = s.LvuCareSerializer
    filters = INVESTIGATION_FILTER
    read_verb = "view_lvu_care"

    def rows(self, user):
        return selectors.lvu_care(user)

    def case_of(self, row):
        return row.investigation

    def _answer(self, row, status_code=status.HTTP_200_OK, **context):
        """With the care's version as ETag, for a later If-Match on `reconsider`."""
        response = super()._answer(row, status_code, **context)
        response["ETag"] = etag(row.version)
        return response

    @extend_schema(
        summary="Registrera att vård enligt LVU har påbörjats (övervägs inom 6 månader)",
        request=s.LvuCareInput,
        responses={201: s.LvuCareSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        body = valid_body(s.LvuCareInput, request).validated_data
        investigation = body.pop("investigation")
        return self._read_back(services.start_lvu_care(request.user, investigation, **body))

    @extend_schema(
        summary="Dokumentera ett övervägande av fortsatt vård (flyttar nästa datum)",
        request=s.LvuReconsiderInput,
        parameters=[IF_MATCH],
        responses={200: s.LvuCareSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reconsider(self, request, pk):
        one(self.get_queryset(), pk)
        body = valid_body(s.LvuReconsiderInput, request).validated_data
        return self._read_back(services.reconsider_lvu_care(request.user, pk, **body), 200)

    @extend_schema(
        summary="Registrera att vård enligt LVU har upphört (inga fler överväganden)",
        request=s.LvuEndInput,
        parameters=[IF_MATCH],
        responses={200: s.LvuCareSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk):
        one(self.get_queryset(), pk)
        body = valid_body(s.LvuEndInput, request).validated_data
        return self._read_back(services.end_lvu_care(request.user, pk, **body), 200)
