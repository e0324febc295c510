"""What the API answers: explicit fields, read only.

Every serializer here renders rows the view already fetched through a scoped
queryset; none of them looks anything up by itself. A child with protected
identity never has an address in an answer.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from likvard.api.fields import ChoiceLabel
from likvard.casework.models import (
    ChildConversation,
    Decision,
    Investigation,
    InvestigationExtension,
    LegalProvision,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAssessment,
)
from likvard.guidelines.models import CoSignatureRequest, RuleEvaluation
from likvard.organisation.models import District
from likvard.people.models import Child
from likvard.people.selectors import address_for
from likvard.reports.models import Concern, Feedback, Report
from likvard.reports.workflow import InvestigationState, ReportState


class AnswerSerializer(serializers.ModelSerializer):
    """A model rendered for an answer: every field read only."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class DistrictRefSerializer(AnswerSerializer):
    class Meta:
        model = District
        fields = ["id", "name"]


class StaffRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField(help_text=_("Namn, eller användarnamn."))

    def get_name(self, user) -> str:
        return str(user)


class ChildRefSerializer(AnswerSerializer):
    """A child as shown in lists: identity, never the address."""

    class Meta:
        model = Child
        fields = [
            "id",
            "personal_number",
            "reserve_number",
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "protected_identity",
        ]
        extra_kwargs = {
            "personal_number": {
                "help_text": _("Personnummer eller samordningsnummer, 12 siffror (ÅÅÅÅMMDDNNNK).")
            }
        }


class LegalProvisionSerializer(AnswerSerializer):
    class Meta:
        model = LegalProvision
        fields = ["key", "law", "chapter", "section", "in_force_from", "summary"]


class ProtectionAssessmentSerializer(AnswerSerializer):
    assessed_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = ProtectionAssessment
        fields = ["assessed_at", "immediate_protection_needed", "assessment", "assessed_by"]


class ChildConversationSerializer(AnswerSerializer):
    recorded_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = ChildConversation
        fields = [
            "id",
            "held",
            "held_on",
            "not_held_reason",
            "notes",
            "recorded_by",
            "recorded_at",
            "backdating_reason",
        ]


class PoliceConsiderationSerializer(AnswerSerializer):
    recorded_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = PoliceReportConsideration
        fields = [
            "id",
            "considered_on",
            "outcome",
            "motivation",
            "reconsider_on",
            "recorded_by",
            "backdating_reason",
        ]


class FeedbackSerializer(AnswerSerializer):
    given_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "given_on", "method", "note", "given_by", "created_at", "backdating_reason"]


class DecisionInlineSerializer(AnswerSerializer):
    """A decision as part of its report or pre-assessment."""

    decided_by = StaffRefSerializer(read_only=True)
    provision = LegalProvisionSerializer(read_only=True, allow_null=True)
    investigation = serializers.SerializerMethodField(
        help_text=_("Utredningen som beslutet inledde, om någon.")
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "kind",
            "motivation",
            "exceptional_reason",
            "transfer_municipality",
            "decided_at",
            "decided_by",
            "provision",
            "investigation",
        ]

    def get_investigation(self, decision) -> int | None:
        investigation = getattr(decision, "investigation", None)
        return investigation.pk if investigation else None


class PreAssessmentRefSerializer(AnswerSerializer):
    decision = DecisionInlineSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PreAssessment
        fields = ["id", "started_at", "decision"]


class ReportSummarySerializer(AnswerSerializer):
    """A report in a list: its state and clocks, without the narrative."""

    district = DistrictRefSerializer(read_only=True)
    child = ChildRefSerializer(read_only=True)
    state_display = ChoiceLabel(ReportState.choices, source="state")
    current_due = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Nästa lagstadgade tidsgräns.")
    )
    concerns = serializers.ListField(
        child=serializers.ChoiceField(choices=Concern.choices),
        source="concern_codes",
        read_only=True,
    )
    assigned_to = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "version",
            "district",
            "child",
            "received_at",
            "channel",
            "reporter_type",
            "concerns",
            "state",
            "state_display",
            "current_due",
            "protection_due",
            "decision_due",
            "feedback_due",
            "assigned_to",
        ]


class ReportDetailSerializer(ReportSummarySerializer):
    """A report in full, with every step taken on it so far."""

    registered_by = StaffRefSerializer(read_only=True)
    protection_assessment = ProtectionAssessmentSerializer(read_only=True, allow_null=True)
    pre_assessment = PreAssessmentRefSerializer(read_only=True, allow_null=True)
    child_conversations = ChildConversationSerializer(many=True, read_only=True)
    police_considerations = PoliceConsiderationSerializer(many=True, read_only=True)
    feedback = FeedbackSerializer(many=True, read_only=True)

    class Meta(ReportSummarySerializer.Meta):
        fields = [
            *ReportSummarySerializer.Meta.fields,
            "reporter_mandated",
            "reporter_wants_feedback",
            "reporter_name",
            "reporter_organisation",
            "reporter_contact",
            "description",
            "registered_at",
            "registered_by",
            "protection_assessment",
            "pre_assessment",
            "child_conversations",
            "police_considerations",
            "feedback",
        ]


class HistoryReportSerializer(ReportDetailSerializer):
    """A report in full inside its child's history (the child is the parent object)."""

    class Meta(ReportDetailSerializer.Meta):
        fields = [f for f in ReportDetailSerializer.Meta.fields if f != "child"]


class ElsewhereSerializer(serializers.Serializer):
    """What may be known of another district's report: that it exists, no more."""

    district_name = serializers.CharField(read_only=True)
    received_on = serializers.DateField(read_only=True)
    outcome = serializers.CharField(read_only=True, help_text=_("Status eller beslut."))


class InvestigationExtensionSerializer(AnswerSerializer):
    decided_by = StaffRefSerializer(read_only=True)

    class Meta:
        model = InvestigationExtension
        fields = ["reason", "previous_due", "new_due", "decided_at", "decided_by", "late"]


class InvestigationSummarySerializer(AnswerSerializer):
    district = DistrictRefSerializer(read_only=True)
    child = ChildRefSerializer(read_only=True)
    state_display = ChoiceLabel(InvestigationState.choices, source="state")
    assigned_to = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Investigation
        fields = [
            "id",
            "version",
            "district",
            "child",
            "opened_on",
            "due_date",
            "state",
            "state_display",
            "completed_on",
            "outcome",
            "assigned_to",
        ]


class InvestigationDetailSerializer(InvestigationSummarySerializer):
    opening_decision = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    extensions = InvestigationExtensionSerializer(many=True, read_only=True)

    class Meta(InvestigationSummarySerializer.Meta):
        fields = [
            *InvestigationSummarySerializer.Meta.fields,
            "opening_decision",
            "extensions",
            "extended_late",
            "completion_backdating_reason",
        ]


class ChildDetailSerializer(ChildRefSerializer):
    """A child with the history the caller may see: own district in full, others summarised."""

    address = serializers.SerializerMethodField(
        help_text=_("Utelämnas (null) för barn med skyddade personuppgifter.")
    )
    reports = HistoryReportSerializer(many=True, read_only=True)
    reports_elsewhere = ElsewhereSerializer(many=True, read_only=True)
    investigations = InvestigationSummarySerializer(many=True, read_only=True)

    class Meta(ChildRefSerializer.Meta):
        fields = [
            *ChildRefSerializer.Meta.fields,
            "address",
            "reports",
            "reports_elsewhere",
            "investigations",
        ]

    def get_address(self, child) -> str | None:
        return address_for(child)


class GuardianContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()


class ProtectedContactSerializer(serializers.Serializer):
    """Contact details of a protected child and the guardians, revealed once and logged."""

    child_address = serializers.CharField()
    guardians = serializers.SerializerMethodField()

    def get_guardians(self, contact) -> list[dict]:
        return [{"name": n, "address": a, "phone": p} for n, a, p in contact.guardians]


class PreAssessmentDetailSerializer(AnswerSerializer):
    report = ReportSummarySerializer(read_only=True)
    protection_assessment = ProtectionAssessmentSerializer(
        source="report.protection_assessment", read_only=True, allow_null=True
    )
    child_conversations = ChildConversationSerializer(
        source="report.child_conversations", many=True, read_only=True
    )
    police_considerations = PoliceConsiderationSerializer(
        source="report.police_considerations", many=True, read_only=True
    )
    decision = DecisionInlineSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PreAssessment
        fields = [
            "id",
            "started_at",
            "report",
            "protection_assessment",
            "child_conversations",
            "police_considerations",
            "decision",
        ]


class DecisionSummarySerializer(AnswerSerializer):
    kind_display = ChoiceLabel(Decision.Kind.choices, source="kind")
    decided_by = StaffRefSerializer(read_only=True)
    pre_assessment = serializers.PrimaryKeyRelatedField(read_only=True)
    report = serializers.IntegerField(source="pre_assessment.report_id", read_only=True)
    district = DistrictRefSerializer(source="pre_assessment.report.district", read_only=True)
    child = ChildRefSerializer(source="pre_assessment.report.child", read_only=True)
    investigation = serializers.SerializerMethodField(
        help_text=_("Utredningen som beslutet inledde, om någon.")
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "kind",
            "kind_display",
            "decided_at",
            "decided_by",
            "pre_assessment",
            "report",
            "district",
            "child",
            "investigation",
        ]

    get_investigation = DecisionInlineSerializer.get_investigation


class DecisionDetailSerializer(DecisionSummarySerializer):
    provision = LegalProvisionSerializer(read_only=True, allow_null=True)

    class Meta(DecisionSummarySerializer.Meta):
        fields = [
            *DecisionSummarySerializer.Meta.fields,
            "motivation",
            "exceptional_reason",
            "transfer_municipality",
            "provision",
        ]


class ProposalSerializer(serializers.Serializer):
    """The decision as the worker proposed it: what a co-signature decides, unchanged."""

    kind = serializers.ChoiceField(choices=Decision.Kind.choices, read_only=True)
    motivation = serializers.CharField(read_only=True)
    exceptional_reason = serializers.CharField(read_only=True)
    transfer_municipality = serializers.CharField(read_only=True)
    answers = serializers.DictField(read_only=True)
    overrides = serializers.DictField(child=serializers.CharField(), read_only=True)


class CoSignatureRequestSerializer(AnswerSerializer):
    """A proposed decision waiting for (or handled by) a supervisor's co-signature."""

    report = serializers.IntegerField(source="report_id", read_only=True)
    district = DistrictRefSerializer(source="report.district", read_only=True)
    child = ChildRefSerializer(source="report.child", read_only=True)
    status_display = ChoiceLabel(CoSignatureRequest.Status.choices, source="status")
    proposal = ProposalSerializer(read_only=True)
    rules = serializers.ListField(
        child=serializers.CharField(),
        source="rule_ids",
        read_only=True,
        help_text=_("Id för reglerna som kräver kontrasignering."),
    )
    requested_by = StaffRefSerializer(read_only=True)
    handled_by = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = CoSignatureRequest
        fields = [
            "id",
            "report",
            "district",
            "child",
            "status",
            "status_display",
            "proposal",
            "rules",
            "report_version",
            "requested_by",
            "requested_at",
            "handled_by",
            "handled_at",
            "handler_reason",
        ]


class RuleEvaluationSerializer(AnswerSerializer):
    """What one guideline rule found when a step was taken, and how the step got past it."""

    decision = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("Beslutet steget ledde till, om något.")
    )
    investigation = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("Utredningen som avslutades, om steget var det."),
    )
    evaluated_by = StaffRefSerializer(read_only=True)
    overridden_by = StaffRefSerializer(read_only=True, allow_null=True)
    cosigned_by = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RuleEvaluation
        fields = [
            "id",
            "decision_point",
            "decision",
            "investigation",
            "rule_id",
            "rule_title",
            "outcome",
            "severity",
            "message",
            "parameters",
            "answer",
            "evaluated_at",
            "evaluated_by",
            "override_reason",
            "overridden_by",
            "cosign_reason",
            "cosigned_by",
            "cosigned_at",
        ]
