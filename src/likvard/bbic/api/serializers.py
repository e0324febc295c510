"""The BBIC API's shapes: what a client sends (strict, checked) and what it gets back.

Input bodies refuse unknown fields (`StrictSerializer`); the services check the rest
(dates, the family, choices that depend on the case) and answer with the same codes
as the pages' messages. A person is named by id (`{"id": 12}`); `person: null` in an
interpreter need is the child.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from likvard.api.strict import IdRefSerializer, StrictSerializer
from likvard.core.validation import MAX_ID, MAX_TEXT

from ..models import (
    Communication,
    CommunicationMethod,
    ConclusionRevision,
    Consent,
    DecisionLetter,
    InterpreterKind,
    InterpreterNeed,
    Meeting,
    MeetingKind,
    NeedKind,
    NetworkContact,
    NetworkKind,
    PlanRevision,
)
from ..triangle import Area, Side

#: The most family members one meeting or kommunicering names.
MAX_PEOPLE = 50


def _id(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _text(**kwargs):
    return serializers.CharField(max_length=MAX_TEXT, **kwargs)


def _optional_text(max_length: int = MAX_TEXT, **kwargs):
    return serializers.CharField(max_length=max_length, allow_blank=True, default="", **kwargs)


def _people(help_text):
    return serializers.ListField(
        child=_id(), default=list, max_length=MAX_PEOPLE, help_text=help_text
    )


BASED_ON = _(
    "Versionen du senast läste (0 om inget är skrivet). Har någon sparat en ny version "
    "sedan dess blir svaret 409 concurrent_change."
)
BACKDATING = _("Skäl till efterregistrering: krävs när datumet ligger före i dag.")


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


# ------------------------------------------------------------------ inputs


class PlanInputSerializer(StrictSerializer):
    based_on = serializers.IntegerField(min_value=0, max_value=MAX_ID, help_text=BASED_ON)
    questions = _text(help_text=_("Vad som ska utredas."))
    informants = _text(help_text=_("Vilka utredaren ska tala med."))
    timetable = _text(help_text=_("När: planerade datum."))


class AreaInputSerializer(StrictSerializer):
    area = serializers.ChoiceField(choices=Area.choices)
    based_on = serializers.IntegerField(min_value=0, max_value=MAX_ID, help_text=BASED_ON)
    needs = _optional_text(help_text=_("Bedömning av barnets behov inom området."))
    protective_factors = _optional_text()
    risk_factors = _optional_text()


class MeetingInputSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_on = serializers.DateField(help_text=_("Inte i framtiden."))
    child_took_part = serializers.BooleanField(default=False)
    participants = _people(
        _("Id för personer i barnets familj som stadsdelsområdet har registrerat.")
    )
    other_participants = _optional_text(300)
    interpreter_needed = serializers.ChoiceField(
        choices=InterpreterKind.choices, default=InterpreterKind.NONE
    )
    interpreter_used = serializers.ChoiceField(
        choices=InterpreterKind.choices, default=InterpreterKind.NONE
    )
    language = _optional_text(60, help_text=_("Krävs när tolk behövdes eller användes."))
    notes = _optional_text()
    backdating_reason = _optional_text(help_text=BACKDATING)


class InterpreterNeedInputSerializer(StrictSerializer):
    person = _id(allow_null=True, default=None, help_text=_("Personens id; null för barnet."))
    language = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=NeedKind.choices)


class NetworkContactInputSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=NetworkKind.choices)
    organisation = serializers.CharField(max_length=200)
    contacted_on = serializers.DateField()
    consent = serializers.ChoiceField(choices=Consent.choices)
    consent_note = _optional_text(2000, help_text=_("Krävs när samtycke inte behövs: skälet."))
    summary = _text()
    backdating_reason = _optional_text(help_text=BACKDATING)


class CommunicationInputSerializer(StrictSerializer):
    shared_on = serializers.DateField()
    material = _text()
    recipients = _people(_("Id för barnets vårdnadshavare i stadsdelsområdet."))
    with_child = serializers.BooleanField(default=False, help_text=_("Barnet, 15 år eller äldre."))
    method = serializers.ChoiceField(choices=CommunicationMethod.choices)
    comment_deadline = serializers.DateField()
    backdating_reason = _optional_text(help_text=BACKDATING)


class ResponseInputSerializer(StrictSerializer):
    communication = _id(help_text=_("Kommuniceringens id."))
    received = serializers.BooleanField(help_text=_("Om synpunkter kom in."))
    received_on = serializers.DateField(allow_null=True, default=None)
    comments = _optional_text()
    backdating_reason = _optional_text(help_text=BACKDATING)


class ConclusionInputSerializer(StrictSerializer):
    based_on = serializers.IntegerField(min_value=0, max_value=MAX_ID, help_text=BASED_ON)
    needs_identified = serializers.BooleanField()
    serious_need = serializers.BooleanField()
    needs_summary = _text()
    proposed_interventions = _optional_text()
    no_intervention_reason = _optional_text()
    not_heard_reason = _optional_text()
    refused_application = _optional_text(2000)


# ------------------------------------------------------------------ answers


class PlanSerializer(serializers.ModelSerializer):
    recorded_by = UserRefSerializer()

    class Meta:
        model = PlanRevision
        fields = ["revision", "questions", "informants", "timetable", "recorded_by", "recorded_at"]


class PlanAnswerSerializer(serializers.Serializer):
    current = PlanSerializer(allow_null=True)
    history = PlanSerializer(many=True, help_text=_("Tidigare versioner, nyast först."))


class AreaSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=Area.choices, source="key")
    side = serializers.ChoiceField(choices=Side.choices)
    revision = serializers.IntegerField(help_text=_("0 om området inte är dokumenterat."))
    needs = serializers.CharField()
    protective_factors = serializers.CharField()
    risk_factors = serializers.CharField()
    recorded_at = serializers.DateTimeField(allow_null=True)


class MeetingSerializer(serializers.ModelSerializer):
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "held_on",
            "child_took_part",
            "participants",
            "other_participants",
            "interpreter_needed",
            "interpreter_used",
            "language",
            "notes",
            "backdating_reason",
            "recorded_at",
        ]

    def get_participants(self, meeting) -> list[dict]:
        return [{"id": p.pk} for p in meeting.participants.all()]


class InterpreterNeedSerializer(serializers.ModelSerializer):
    person = IdRefSerializer(id_field="pk", allow_null=True)

    class Meta:
        model = InterpreterNeed
        fields = ["id", "person", "language", "kind", "recorded_at"]


class InterpreterSummarySerializer(serializers.Serializer):
    needs = InterpreterNeedSerializer(many=True)
    needed = serializers.IntegerField(help_text=_("Möten där tolk behövdes."))
    used_as_needed = serializers.IntegerField(help_text=_("Av dem: tolken som behövdes användes."))
    other_kind_used = serializers.IntegerField()
    not_used = serializers.IntegerField(help_text=_("Av dem: ingen tolk användes."))


class NetworkContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = NetworkContact
        fields = [
            "id",
            "kind",
            "organisation",
            "contacted_on",
            "consent",
            "consent_note",
            "summary",
            "backdating_reason",
            "recorded_at",
        ]


class ResponseSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    received_on = serializers.DateField(allow_null=True)
    comments = serializers.CharField()


class CommunicationSerializer(serializers.ModelSerializer):
    recipients = serializers.SerializerMethodField()
    response = serializers.SerializerMethodField()

    class Meta:
        model = Communication
        fields = [
            "id",
            "shared_on",
            "material",
            "recipients",
            "with_child",
            "method",
            "comment_deadline",
            "backdating_reason",
            "response",
            "recorded_at",
        ]

    def get_recipients(self, communication) -> list[dict]:
        return [{"id": p.pk} for p in communication.recipients.all()]

    @extend_schema_field(ResponseSerializer(allow_null=True))
    def get_response(self, communication):
        if not getattr(communication, "has_response", False):
            return None
        return ResponseSerializer(communication.response).data


class ConclusionSerializer(serializers.ModelSerializer):
    recorded_by = UserRefSerializer()

    class Meta:
        model = ConclusionRevision
        fields = [
            "revision",
            "needs_identified",
            "serious_need",
            "needs_summary",
            "proposed_interventions",
            "no_intervention_reason",
            "not_heard_reason",
            "refused_application",
            "recorded_by",
            "recorded_at",
        ]


class DecisionLetterSerializer(serializers.ModelSerializer):
    document = IdRefSerializer(source="*", id_field="document_id")
    conclusion_revision = serializers.IntegerField(source="conclusion.revision")

    class Meta:
        model = DecisionLetter
        fields = ["id", "document", "conclusion_revision", "appealable", "generated_at"]


class ConclusionAnswerSerializer(serializers.Serializer):
    current = ConclusionSerializer(allow_null=True)
    child_heard = serializers.BooleanField(
        help_text=_("Minst ett samtal med barnet är dokumenterat i utredningen.")
    )
    letters = DecisionLetterSerializer(many=True)
