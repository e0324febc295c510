"""The interventions API's shapes: what a client sends (checked) and what it gets back."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from likvard.api.fields import ChoiceLabel
from likvard.api.strict import IdRefSerializer, StrictSerializer
from likvard.casework.api.serializers import StaffRefSerializer
from likvard.core.validation import MAX_ID, MAX_TEXT

from ..letters import cite
from ..models import (
    Basis,
    Consent,
    FollowUp,
    Intervention,
    InterventionProposal,
    Kind,
    LvuCare,
    LvuConsideration,
    MotivationWork,
)
from ..services import MAX_PROVIDER


def _id(help_text):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=help_text)


def _text(required=False, **kwargs):
    if required:
        return serializers.CharField(max_length=MAX_TEXT, **kwargs)
    return serializers.CharField(max_length=MAX_TEXT, allow_blank=True, default="", **kwargs)


def _backdating_reason():
    return _text(help_text=_("Skäl till efterregistrering: krävs när datumet ligger före i dag."))


# --- what a client sends ---------------------------------------------------------------


class InterventionProposalInput(StrictSerializer):
    investigation = _id(_("Utredningen (pågående) där insatsen föreslås."))
    kind = serializers.ChoiceField(choices=Kind.choices)
    basis = serializers.ChoiceField(choices=Basis.choices)
    goal = _text(required=True)
    proposed_on = serializers.DateField()
    backdating_reason = _backdating_reason()


class ConsentInput(StrictSerializer):
    person = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        allow_null=True,
        help_text=_(
            "Vårdnadshavaren (person-id). null: barnets eget samtycke. Den som inte är "
            "vårdnadshavare för barnet i ditt område avvisas (not_guardian)."
        ),
    )
    status = serializers.ChoiceField(choices=Consent.Status.choices)
    answered_on = serializers.DateField()
    how = serializers.ChoiceField(choices=Consent.How.choices)
    backdating_reason = _backdating_reason()


class InterventionDecisionInput(StrictSerializer):
    granted = serializers.BooleanField()
    decided_on = serializers.DateField()
    start_on = serializers.DateField(required=False, allow_null=True, default=None)
    planned_end = serializers.DateField(required=False, allow_null=True, default=None)
    provider = serializers.CharField(max_length=MAX_PROVIDER, allow_blank=True, default="")
    goal = _text(help_text=_("Tomt: förslagets mål."))
    motivation = _text()
    backdating_reason = _backdating_reason()


class FollowUpPlanInput(StrictSerializer):
    due_on = serializers.DateField(help_text=_("Inte före insatsens start."))


class FollowUpRecordInput(StrictSerializer):
    done_on = serializers.DateField()
    text = _text(required=True)
    backdating_reason = _backdating_reason()


class MotivationWorkInput(StrictSerializer):
    investigation = _id(_("Utredningen (pågående)."))
    proposal = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, allow_null=True, default=None
    )
    kind = serializers.ChoiceField(choices=MotivationWork.WorkKind.choices)
    interpreter = serializers.ChoiceField(choices=MotivationWork.Interpreter.choices)
    worked_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=MotivationWork.Outcome.choices)
    note = _text()
    backdating_reason = _backdating_reason()


class LvuConsiderationInput(StrictSerializer):
    investigation = _id(_("Utredningen (pågående)."))
    home_environment = serializers.BooleanField(default=False)
    own_behaviour = serializers.BooleanField(default=False)
    outcome = serializers.ChoiceField(choices=LvuConsideration.Outcome.choices)
    reason = _text(help_text=_("Krävs när utfallet är not_applicable."))
    considered_on = serializers.DateField()
    backdating_reason = _backdating_reason()


class LvuCareInput(StrictSerializer):
    investigation = _id(_("Utredningen där vården övervägdes."))
    ground = serializers.ChoiceField(choices=LvuCare.Ground.choices)
    started_on = serializers.DateField()
    backdating_reason = _backdating_reason()


class _LvuCareStep(StrictSerializer):
    """A step on care under LVU: at the version the client read, perhaps backdated."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Versionen du senast läste (eller If-Match); ändrad sedan dess: 409."),
    )
    backdating_reason = _backdating_reason()


class LvuReconsiderInput(_LvuCareStep):
    reconsidered_on = serializers.DateField()


class LvuEndInput(_LvuCareStep):
    ended_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=LvuCare.EndReason.choices)


# --- what a client gets back -----------------------------------------------------------


class InterventionProposalSerializer(serializers.ModelSerializer):
    investigation = IdRefSerializer(source="*", id_field="investigation_id")
    child = IdRefSerializer(source="*", id_field="child_id")
    kind_label = ChoiceLabel(Kind.choices, source="kind")
    is_placement = serializers.BooleanField(read_only=True)
    proposed_by = StaffRefSerializer(read_only=True)
    provision = serializers.SerializerMethodField()
    decided = serializers.SerializerMethodField()

    class Meta:
        model = InterventionProposal
        fields = [
            "id",
            "investigation",
            "child",
            "kind",
            "kind_label",
            "is_placement",
            "basis",
            "provision",
            "goal",
            "proposed_on",
            "backdating_reason",
            "proposed_by",
            "decided",
        ]
        read_only_fields = fields

    def get_provision(self, proposal) -> str | None:
        return cite(proposal.provision) if proposal.provision_id else None

    def get_decided(self, proposal) -> bool:
        return hasattr(proposal, "decision")


class InterventionProposalDetailSerializer(InterventionProposalSerializer):
    missing_consents = serializers.SerializerMethodField(
        help_text=_("Vems samtycke som saknas i dag (namn); tomt när inget saknas.")
    )

    class Meta(InterventionProposalSerializer.Meta):
        fields = [*InterventionProposalSerializer.Meta.fields, "missing_consents"]
        read_only_fields = fields

    def get_missing_consents(self, proposal) -> list[str]:
        need = self.context.get("need")
        return list(need.missing) if need else []


class ConsentSerializer(serializers.ModelSerializer):
    proposal = IdRefSerializer(source="*", id_field="proposal_id")
    person = serializers.SerializerMethodField()
    recorded_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "proposal",
            "person",
            "status",
            "answered_on",
            "how",
            "current",
            "backdating_reason",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_person(self, consent) -> dict | None:
        """The guardian by id and name; null for the child's own answer."""
        if consent.person_id is None:
            return None
        return {"id": consent.person_id, "name": str(consent.person)}


class InterventionSerializer(serializers.ModelSerializer):
    proposal = IdRefSerializer(source="*", id_field="proposal_id")
    decided_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = Intervention
        fields = [
            "id",
            "proposal",
            "granted",
            "decided_on",
            "decided_by",
            "child_consented_alone",
            "start_on",
            "planned_end",
            "provider",
            "goal",
            "motivation",
            "backdating_reason",
        ]
        read_only_fields = fields


class FollowUpSerializer(serializers.ModelSerializer):
    intervention = IdRefSerializer(source="*", id_field="intervention_id")

    class Meta:
        model = FollowUp
        fields = ["id", "intervention", "due_on", "done_on", "text", "backdating_reason"]
        read_only_fields = fields


class MotivationWorkSerializer(serializers.ModelSerializer):
    investigation = IdRefSerializer(source="*", id_field="investigation_id")
    recorded_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = MotivationWork
        fields = [
            "id",
            "investigation",
            "proposal",
            "kind",
            "interpreter",
            "worked_on",
            "outcome",
            "note",
            "backdating_reason",
            "recorded_by",
        ]
        read_only_fields = fields


class LvuConsiderationSerializer(serializers.ModelSerializer):
    investigation = IdRefSerializer(source="*", id_field="investigation_id")
    considered_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = LvuConsideration
        fields = [
            "id",
            "investigation",
            "home_environment",
            "own_behaviour",
            "outcome",
            "reason",
            "considered_on",
            "backdating_reason",
            "considered_by",
        ]
        read_only_fields = fields


class LvuCareSerializer(serializers.ModelSerializer):
    investigation = IdRefSerializer(source="*", id_field="investigation_id")
    end_reason = serializers.ChoiceField(
        choices=LvuCare.EndReason.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("Varför vården upphörde; tomt medan den pågår."),
    )

    class Meta:
        model = LvuCare
        fields = [
            "id",
            "investigation",
            "ground",
            "started_on",
            "last_reconsidered_on",
            "next_reconsideration_due",
            "ended_on",
            "end_reason",
            "end_backdating_reason",
            "version",
            "backdating_reason",
        ]
        read_only_fields = fields
