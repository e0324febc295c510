"""What the API accepts: request bodies, checked for shape before a service sees them.

The services hold the rules (dates not in the future, motivation required, the
personnummer check digit, the district always the caller's); these serializers
check types, choices and lengths so that the schema can tell clients, and
refuse fields they do not know. A field left out of a body is never silently
dropped: a misspelt `reporter_wants_feeback` is an error, and a `district` is
refused outright because the district is always the caller's own.
"""

from dataclasses import fields as dataclass_fields

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from likvard.api.strict import StrictSerializer
from likvard.casework.models import Decision, Investigation, PoliceReportConsideration
from likvard.core.validation import MAX_ID, MAX_TEXT
from likvard.people.api.views import RelationInput
from likvard.people.models import Child, Sex
from likvard.people.services import ChildInput, PersonInput
from likvard.reports.models import Channel, Concern, Feedback, Report, ReporterType
from likvard.reports.services import ReportInput

#: The names of the child's fields, as the services name them in their errors.
CHILD_FIELDS = frozenset(f.name for f in dataclass_fields(ChildInput))


def _max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def _text(max_length: int = MAX_TEXT, **kwargs):
    """An optional free text (the services decide when it is required)."""
    return serializers.CharField(max_length=max_length, allow_blank=True, default="", **kwargs)


def _backdating_reason():
    """Why an event is dated before today: required then, logged and shown on the case."""
    return _text(
        help_text=_(
            "Skälet till efterregistrering. Krävs när datumet ligger före i dag; loggas och "
            "visas i ärendet."
        )
    )


def _version():
    """The version of the case the client read: required by every step that changes state."""
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_(
            "Versionen av ärendet du senast läste (eller rubriken If-Match). Saknas den "
            "blir svaret 428 version_required; har ärendet ändrats sedan dess blir svaret "
            "409 concurrent_change."
        ),
    )


def _overrides():
    return serializers.DictField(
        child=serializers.CharField(max_length=MAX_TEXT, allow_blank=True),
        required=False,
        default=dict,
        help_text=_("Skäl för avsteg från en varnande riktlinje: regelns id → skäl."),
    )


class ChildInputSerializer(StrictSerializer):
    personal_number = serializers.CharField(
        allow_blank=True,
        default="",
        help_text=_(
            "Personnummer eller samordningsnummer (10 eller 12 siffror, med eller utan "
            "bindestreck). Utan personnummer krävs namn och födelsedatum; barnet får då "
            "ett reservnummer."
        ),
    )
    first_name = _text(_max_length(Child, "first_name"))
    last_name = _text(_max_length(Child, "last_name"))
    birth_date = serializers.DateField(allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    protected_identity = serializers.BooleanField(
        default=False, help_text=_("Skyddade personuppgifter. Tas aldrig bort härifrån.")
    )
    approximate_age = serializers.IntegerField(
        min_value=0,
        max_value=17,
        allow_null=True,
        default=None,
        help_text=_("Ungefärlig ålder i år, för ett barn utan personnummer och födelsedatum."),
    )
    school = _text(_max_length(Child, "school"))


class ReportCreateSerializer(StrictSerializer):
    child = ChildInputSerializer()
    received_at = serializers.DateTimeField(help_text=_("När anmälan kom in. Inte i framtiden."))
    channel = serializers.ChoiceField(choices=Channel.choices)
    reporter_type = serializers.ChoiceField(choices=ReporterType.choices)
    reporter_mandated = serializers.BooleanField(help_text=_("Anmälaren är anmälningsskyldig."))
    reporter_wants_feedback = serializers.BooleanField()
    reporter_name = _text(_max_length(Report, "reporter_name"))
    reporter_organisation = _text(_max_length(Report, "reporter_organisation"))
    reporter_contact = _text(_max_length(Report, "reporter_contact"))
    concerns = serializers.ListField(
        child=serializers.ChoiceField(choices=Concern.choices), allow_empty=False
    )
    description = serializers.CharField(max_length=MAX_TEXT)
    more_children = ChildInputSerializer(
        many=True,
        required=False,
        default=list,
        help_text=_("Fler barn som samma anmälan gäller: en orosanmälan per barn."),
    )
    family = RelationInput(
        many=True,
        required=False,
        default=list,
        help_text=_("Vårdnadshavare och andra i hushållet, registrerade för varje barn."),
    )
    fetch_guardians = serializers.BooleanField(
        default=False, help_text=_("Hämta vårdnadshavarna från folkbokföringen.")
    )
    children_are_siblings = serializers.BooleanField(default=True)

    def to_report_input(self) -> ReportInput:
        data = dict(self.validated_data)
        return ReportInput(
            child=ChildInput(**data.pop("child")),
            more_children=[ChildInput(**c) for c in data.pop("more_children")],
            family=[PersonInput(**p) for p in data.pop("family")],
            **data,
        )


class ProtectionAssessmentInputSerializer(StrictSerializer):
    version = _version()
    immediate_protection_needed = serializers.BooleanField()
    assessment = serializers.CharField(max_length=MAX_TEXT)


class ChildConversationInputSerializer(StrictSerializer):
    held = serializers.BooleanField()
    held_on = serializers.DateField(
        allow_null=True, default=None, help_text=_("Krävs när samtalet hölls.")
    )
    not_held_reason = _text(help_text=_("Krävs när samtalet inte hölls."))
    notes = _text()
    backdating_reason = _backdating_reason()


class PoliceConsiderationInputSerializer(StrictSerializer):
    considered_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=PoliceReportConsideration.Outcome.choices)
    motivation = serializers.CharField(max_length=MAX_TEXT)
    reconsider_on = serializers.DateField(
        allow_null=True, default=None, help_text=_("Krävs när polisanmälan inte görs nu.")
    )
    backdating_reason = _backdating_reason()


class FeedbackInputSerializer(StrictSerializer):
    given_on = serializers.DateField()
    method = serializers.ChoiceField(choices=Feedback.Method.choices)
    note = _text(_max_length(Feedback, "note"))
    backdating_reason = _backdating_reason()


class DecisionInputSerializer(StrictSerializer):
    version = _version()
    kind = serializers.ChoiceField(choices=Decision.Kind.choices)
    motivation = _text(help_text=_("Krävs när utredning inte inleds."))
    exceptional_reason = _text(help_text=_("Krävs när beslutet fattas efter 14 dagar."))
    transfer_municipality = _text(
        _max_length(Decision, "transfer_municipality"),
        help_text=_("Krävs vid överflyttning."),
    )
    answers = serializers.DictField(
        required=False,
        default=dict,
        help_text=_(
            "Svar på riktlinjernas frågor, t.ex. earlier_reports_motivation (text) och "
            "guardians_deny (true/false)."
        ),
    )
    overrides = _overrides()


class ArchiveInputSerializer(StrictSerializer):
    version = _version()
    reason_no_feedback = _text(
        help_text=_(
            "Skälet till att en anmälare som begärt återkoppling inte fått den. Krävs då "
            "återkoppling saknas."
        )
    )
    overrides = _overrides()


class CosignInputSerializer(StrictSerializer):
    request_id = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_(
            "Id för förslaget du läste (`cosignature-requests`). Har handläggaren ersatt "
            "det med ett nytt svarar API:t 409 concurrent_change och inget sparas."
        ),
    )
    reason = serializers.CharField(
        max_length=MAX_TEXT, help_text=_("Arbetsledarens skäl. Sparas i ärendet och i loggen.")
    )


class InvestigationExtensionInputSerializer(StrictSerializer):
    version = _version()
    new_due = serializers.DateField(
        help_text=_(
            "Nytt slutdatum: efter det nuvarande och efter i dag, högst kommunens längsta "
            "förlängning (månader) från det nuvarande."
        )
    )
    reason = serializers.CharField(
        max_length=MAX_TEXT,
        help_text=_(
            "De särskilda skälen (minst 20 tecken). Beslutet kräver delegation "
            "(annars 403 no_delegation)."
        ),
    )


class InvestigationCompletionInputSerializer(StrictSerializer):
    version = _version()
    completed_on = serializers.DateField(
        help_text=_(
            "Inte i framtiden, inte före utredningens senaste händelse och högst kommunens "
            "gräns för efterregistrering bakåt."
        )
    )
    outcome = serializers.ChoiceField(choices=Investigation.Outcome.choices)
    backdating_reason = _backdating_reason()
    overrides = _overrides()


class RevealContactInputSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500)
