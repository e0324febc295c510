"""The BBIC API: each part of the investigation under its investigation's id.

    GET/POST /api/investigations/{id}/plan/                 the plan and its revisions
    GET/POST /api/investigations/{id}/bbic-areas/           the triangle's 20 areas
    GET/POST /api/investigations/{id}/meetings/             conversations and meetings
    GET/POST /api/investigations/{id}/interpreter-needs/    needs and their use
    GET/POST /api/investigations/{id}/network-contacts/     the child's network
    GET/POST /api/investigations/{id}/communications/       kommunicering (FL 25 §)
    POST     /api/investigations/{id}/communication-responses/  the parties' comments
    GET/POST /api/investigations/{id}/conclusion/           the conclusion
    POST     /api/investigations/{id}/decision-letter/      the decision as a PDF document

Each view set is registered on the prefix `investigations`, beside casework's own
routes, so every id in a path is an investigation's (`case_model`): out of scope is
404 before the body is read, a role that never writes 403, every refusal a code.
A read is logged like the investigation page.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from likvard.access.services import record_case_read
from likvard.api.schema import READ_ERRORS, WRITE_ERRORS
from likvard.api.viewsets import CaseworkViewSet, valid_body
from likvard.casework.models import Investigation
from likvard.core.errors import NotFound

from .. import selectors, services
from . import serializers as s


class BbicViewSet(CaseworkViewSet):
    """What every BBIC view set shares: the investigation read or written, and the log."""

    case_model = Investigation
    verb = "view_bbic"
    #: An investigation's rows are few: its lists come whole, without pages.
    pagination_class = None

    def investigation(self, pk, *, to_change: bool = False):
        investigation = selectors.investigation(self.request.user, pk, to_change=to_change)
        if not to_change:
            record_case_read(
                self.request.user,
                self.verb,
                investigation,
                child_id=investigation.child_id,
                shown=[investigation],
            )
        return investigation

    def written(self, pk, body_class):
        """The body, checked, once the investigation is known to be the caller's to change."""
        self.investigation(pk, to_change=True)
        return valid_body(body_class, self.request).validated_data


def _created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


class PlanViewSet(BbicViewSet):
    """Utredningsplan."""

    verb = "view_bbic_plan"

    def _answer(self, investigation):
        history = selectors.plan_history(investigation)
        return s.PlanAnswerSerializer(
            {"current": history[0] if history else None, "history": history[1:]}
        ).data

    @extend_schema(
        summary="Utredningsplanen och dess tidigare versioner",
        responses={200: s.PlanAnswerSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def plan(self, request, pk):
        return Response(self._answer(self.investigation(pk)))

    @extend_schema(
        summary="Skriv utredningsplanen (en ny version)",
        description=_("Koder: required, too_long, concurrent_change, investigation_completed."),
        request=s.PlanInputSerializer,
        responses={201: s.PlanAnswerSerializer, **WRITE_ERRORS},
    )
    @plan.mapping.post
    def revise_plan(self, request, pk):
        services.revise_plan(request.user, pk, **self.written(pk, s.PlanInputSerializer))
        return _created(self._answer(selectors.investigation(request.user, pk)))


class AreaViewSet(BbicViewSet):
    """BBIC-triangelns områden."""

    verb = "view_bbic_areas"

    def _answer(self, investigation):
        rows = [
            {
                "key": row.key,
                "side": side.key,
                "revision": row.revision.revision if row.revision else 0,
                "needs": row.text.needs,
                "protective_factors": row.text.protective_factors,
                "risk_factors": row.text.risk_factors,
                "recorded_at": row.revision.recorded_at if row.revision else None,
            }
            for side in selectors.triangle(investigation)
            for row in side.areas
        ]
        return s.AreaSerializer(rows, many=True).data

    @extend_schema(
        summary="BBIC-triangelns områden: behov, skyddsfaktorer och riskfaktorer",
        responses={200: s.AreaSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="bbic-areas")
    def areas(self, request, pk):
        return Response(self._answer(self.investigation(pk)))

    @extend_schema(
        summary="Dokumentera ett område (en ny version)",
        description=_(
            "Koder: required, invalid_choice, concurrent_change, investigation_completed."
        ),
        request=s.AreaInputSerializer,
        responses={201: s.AreaSerializer(many=True), **WRITE_ERRORS},
    )
    @areas.mapping.post
    def revise_area(self, request, pk):
        services.revise_area(request.user, pk, **self.written(pk, s.AreaInputSerializer))
        return _created(self._answer(selectors.investigation(request.user, pk)))


class MeetingViewSet(BbicViewSet):
    """Samtal och möten."""

    verb = "view_bbic_meetings"

    @extend_schema(
        summary="Samtal och möten i utredningen, senaste först",
        responses={200: s.MeetingSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def meetings(self, request, pk):
        rows = selectors.meetings(self.investigation(pk))
        return Response(s.MeetingSerializer(rows, many=True).data)

    @extend_schema(
        summary="Dokumentera ett samtal eller möte",
        description=_(
            "Koder: date_in_future, before_earlier_event, backdated_too_far, "
            "backdating_reason_required, not_in_family, required (language), "
            "investigation_completed."
        ),
        request=s.MeetingInputSerializer,
        responses={201: s.MeetingSerializer, **WRITE_ERRORS},
    )
    @meetings.mapping.post
    def record_meeting(self, request, pk):
        data = self.written(pk, s.MeetingInputSerializer)
        meeting = services.record_meeting(request.user, pk, services.MeetingInput(**data))
        return _created(s.MeetingSerializer(meeting).data)


class InterpreterNeedViewSet(BbicViewSet):
    """Tolkbehov."""

    verb = "view_bbic_interpreters"

    @extend_schema(
        summary="Tolkbehov per person och hur mötena mötte dem",
        responses={200: s.InterpreterSummarySerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="interpreter-needs")
    def interpreter_needs(self, request, pk):
        summary = selectors.interpreter_summary(self.investigation(pk))
        return Response(s.InterpreterSummarySerializer(summary).data)

    @extend_schema(
        summary="Registrera (eller ändra) en persons tolkbehov",
        description=_("Koder: not_in_family, invalid_choice, required, investigation_completed."),
        request=s.InterpreterNeedInputSerializer,
        responses={201: s.InterpreterNeedSerializer, **WRITE_ERRORS},
    )
    @interpreter_needs.mapping.post
    def record_interpreter_need(self, request, pk):
        data = self.written(pk, s.InterpreterNeedInputSerializer)
        need = services.record_interpreter_need(request.user, pk, **data)
        return _created(s.InterpreterNeedSerializer(need).data)


class NetworkContactViewSet(BbicViewSet):
    """Nätverkskontakter."""

    verb = "view_bbic_network"

    @extend_schema(
        summary="Kontakter med barnets nätverk",
        responses={200: s.NetworkContactSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="network-contacts")
    def network_contacts(self, request, pk):
        rows = selectors.network_contacts(self.investigation(pk))
        return Response(s.NetworkContactSerializer(rows, many=True).data)

    @extend_schema(
        summary="Dokumentera en kontakt med nätverket",
        description=_(
            "Koder: date_in_future, backdating_reason_required, required (consent_note när "
            "samtycke inte behövs), investigation_completed."
        ),
        request=s.NetworkContactInputSerializer,
        responses={201: s.NetworkContactSerializer, **WRITE_ERRORS},
    )
    @network_contacts.mapping.post
    def record_network_contact(self, request, pk):
        data = self.written(pk, s.NetworkContactInputSerializer)
        contact = services.record_network_contact(request.user, pk, **data)
        return _created(s.NetworkContactSerializer(contact).data)


class CommunicationViewSet(BbicViewSet):
    """Kommunicering (25 § förvaltningslagen)."""

    verb = "view_bbic_communications"

    def _one(self, investigation, pk):
        row = next((c for c in selectors.communications(investigation) if c.pk == pk), None)
        if row is None:
            raise NotFound()
        return s.CommunicationSerializer(row).data

    @extend_schema(
        summary="Material som kommunicerats med parterna, och deras synpunkter",
        responses={200: s.CommunicationSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def communications(self, request, pk):
        rows = selectors.communications(self.investigation(pk))
        return Response(s.CommunicationSerializer(rows, many=True).data)

    @extend_schema(
        summary="Dokumentera en kommunicering",
        description=_(
            "Koder: date_in_future, deadline_before_shared, no_recipient, not_a_guardian, "
            "child_under_15, investigation_completed."
        ),
        request=s.CommunicationInputSerializer,
        responses={201: s.CommunicationSerializer, **WRITE_ERRORS},
    )
    @communications.mapping.post
    def record_communication(self, request, pk):
        data = self.written(pk, s.CommunicationInputSerializer)
        communication = services.record_communication(request.user, pk, **data)
        investigation = selectors.investigation(request.user, pk)
        return _created(self._one(investigation, communication.pk))

    @extend_schema(
        summary="Dokumentera synpunkterna på en kommunicering, eller att inga kom",
        description=_(
            "Koder: not_found (kommuniceringen hör inte till utredningen), already_answered, "
            "required, date_in_future, before_earlier_event, investigation_completed."
        ),
        request=s.ResponseInputSerializer,
        responses={201: s.CommunicationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="communication-responses")
    def communication_responses(self, request, pk):
        data = self.written(pk, s.ResponseInputSerializer)
        services.record_communication_response(request.user, pk, **data)
        investigation = selectors.investigation(request.user, pk)
        return _created(self._one(investigation, data["communication"]))


class ConclusionViewSet(BbicViewSet):
    """Utredningens slutsats och beslutet till familjen."""

    verb = "view_bbic_conclusion"

    def _answer(self, investigation):
        return s.ConclusionAnswerSerializer(
            {
                "current": selectors.conclusion(investigation),
                "child_heard": selectors.child_heard(investigation),
                "letters": selectors.decision_letters(investigation),
            }
        ).data

    @extend_schema(
        summary="Slutsatsen, om barnet hörts, och besluten till familjen",
        responses={200: s.ConclusionAnswerSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def conclusion(self, request, pk):
        return Response(self._answer(self.investigation(pk)))

    @extend_schema(
        summary="Skriv slutsatsen (en ny version)",
        description=_(
            "Behov utan föreslagen insats och utan skäl tas emot: riktlinjerna prövar det när "
            "utredningen avslutas. Koder: required, serious_without_needs, concurrent_change, "
            "investigation_completed."
        ),
        request=s.ConclusionInputSerializer,
        responses={201: s.ConclusionAnswerSerializer, **WRITE_ERRORS},
    )
    @conclusion.mapping.post
    def revise_conclusion(self, request, pk):
        services.revise_conclusion(
            request.user, pk, **self.written(pk, s.ConclusionInputSerializer)
        )
        return _created(self._answer(selectors.investigation(request.user, pk)))

    @extend_schema(
        summary="Skapa beslutet till familjen som PDF (en gång per version av slutsatsen)",
        description=_(
            "Dokumentet hämtas med GET /api/documents/{id}/content/. Koder: "
            "investigation_ongoing, conclusion_missing, no_report."
        ),
        request=None,
        responses={201: s.DecisionLetterSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="decision-letter")
    def decision_letter(self, request, pk):
        self.investigation(pk, to_change=True)
        letter = services.file_decision_letter(request.user, pk)
        return _created(s.DecisionLetterSerializer(letter).data)
