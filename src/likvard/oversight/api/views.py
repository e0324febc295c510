"""The oversight register's REST API: matters and their measures, through the same
services and scoping as the pages.

Matters are not a child's case: the view sets name no case kind (`case_model` is
None), so a 404 here is not logged as a guess at a child's case; the register's
own permission decides who reads (`keep_oversight_register` in the own district,
`read_all_districts` everywhere) and who writes (the district's keepers: 403 for a
role that may not, 404 for another district's matter). Refusals carry the services'
codes: `personal_number_in_text`, `date_in_future`, `before_earlier_event`,
`after_later_event`, `case_not_found`, `invalid_transition` (409), `not_serious` (409),
`already_done` (409), ….
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from likvard.api.schema import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from likvard.api.strict import StrictSerializer
from likvard.api.viewsets import CaseworkViewSet, choice_filter, one, valid_body
from likvard.core.validation import MAX_ID, MAX_TEXT

from .. import selectors, services
from ..models import Kind, Matter, Measure, Outcome
from ..services import CASE_KINDS, SUBJECT_MAX, MatterInput
from ..states import STEPS, State


class ReadsRegister(BasePermission):
    message = _("Din roll får inte läsa registret över tillsynsärenden.")
    code = "forbidden"

    def has_permission(self, request, view):
        if not selectors.may_read_register(request.user):
            return False
        return request.method in SAFE_METHODS or Matter.objects.may_keep(request.user)


# --- what a client sends ---------------------------------------------------------------


class CaseRefSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(CASE_KINDS))
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class MatterInputSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    reference = serializers.CharField(max_length=60, allow_blank=True, default="")
    received_on = serializers.DateField()
    subject = serializers.CharField(max_length=SUBJECT_MAX)
    statement_due_on = serializers.DateField(allow_null=True, default=None)
    cases = CaseRefSerializer(many=True, default=list)


class StepInput(StrictSerializer):
    step = serializers.ChoiceField(choices=sorted(STEPS))
    day = serializers.DateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, default="")
    criticism = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, default="")
    serious = serializers.BooleanField(allow_null=True, default=None)


class MeasureInput(StrictSerializer):
    description = serializers.CharField(max_length=500)
    responsible = serializers.CharField(max_length=120)
    due_on = serializers.DateField()


class MeasureDoneInput(StrictSerializer):
    done_on = serializers.DateField()


# --- what a client gets back -----------------------------------------------------------


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["id", "matter", "description", "responsible", "due_on", "done_on"]


class MatterSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name")
    cases = serializers.SerializerMethodField()
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Matter
        fields = [
            "id",
            "district",
            "kind",
            "state",
            "reference",
            "received_on",
            "subject",
            "statement_due_on",
            "statement_sent_on",
            "investigated_on",
            "serious",
            "reported_to_ivo_on",
            "decided_on",
            "outcome",
            "criticism",
            "cases",
            "measures",
        ]

    def get_cases(self, row) -> list[dict]:
        """Only the cases the caller may read."""
        user = self.context["request"].user
        return [{"kind": case.kind, "id": case.pk} for case in selectors.cases_shown(user, row)]


class _RegisterViewSet(CaseworkViewSet):
    permission_classes = [ReadsRegister]
    list_ordering = ("-id",)


@extend_schema_view(
    list=extend_schema(
        summary="Tillsynsärenden i ditt uppdrag, nyast först",
        responses={200: MatterSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Ett tillsynsärende", responses={200: MatterSerializer, **READ_ERRORS}
    ),
)
class MatterViewSet(_RegisterViewSet):
    serializer_class = MatterSerializer

    def get_queryset(self):
        return selectors.matters(self.request.user).prefetch_related("measures")

    def _answer(self, pk, status_code=status.HTTP_200_OK) -> Response:
        row = one(self.get_queryset(), pk)
        return Response(
            MatterSerializer(row, context={"request": self.request}).data, status=status_code
        )

    def list(self, request):
        queryset = choice_filter(self.get_queryset(), request, "kind", Kind)
        queryset = choice_filter(queryset, request, "state", State)
        page = self.paginate_queryset(queryset)
        data = MatterSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    def retrieve(self, request, pk):
        return self._answer(pk)

    @extend_schema(
        summary="Registrera ett tillsynsärende i ditt stadsdelsområde",
        request=MatterInputSerializer,
        responses={201: MatterSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        body = valid_body(MatterInputSerializer, request).validated_data
        cases = [(case["kind"], case["id"]) for case in body.pop("cases")]
        matter = services.register_matter(request.user, MatterInput(**body, cases=cases))
        return self._answer(matter.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ta nästa steg: yttrande skickat, lex Sarah utredd eller anmäld, beslut",
        request=StepInput,
        responses={200: MatterSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def steps(self, request, pk):
        one(Matter.objects.editable_by(request.user), pk)  # out of scope: 404 first
        body = valid_body(StepInput, request).validated_data
        services.take_step(request.user, pk, body.pop("step"), **body)
        return self._answer(pk)

    @extend_schema(
        summary="Lägg till en åtgärd",
        request=MeasureInput,
        responses={201: MeasureSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def measures(self, request, pk):
        one(Matter.objects.editable_by(request.user), pk)
        body = valid_body(MeasureInput, request).validated_data
        measure = services.add_measure(request.user, pk, **body)
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Åtgärder i tillsynsärenden, den tidigast förfallna först",
        responses={200: MeasureSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="En åtgärd", responses={200: MeasureSerializer, **READ_ERRORS}),
)
class MeasureViewSet(_RegisterViewSet):
    serializer_class = MeasureSerializer

    def get_queryset(self):
        return selectors.measures(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MeasureSerializer(page, many=True).data)

    def retrieve(self, request, pk):
        return Response(MeasureSerializer(one(self.get_queryset(), pk)).data)

    @extend_schema(
        summary="Markera åtgärden som genomförd",
        request=MeasureDoneInput,
        responses={200: MeasureSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk):
        one(Measure.objects.editable_by(request.user), pk)
        body = valid_body(MeasureDoneInput, request).validated_data
        measure = services.complete_measure(request.user, pk, **body)
        return Response(MeasureSerializer(measure).data)
