"""The municipality's handling rules: their settings, sources, and what they found on a case.

The rules themselves are code (`rules.py`); what a municipality may change about
them (on/off, severity, parameters, dates in force) is a `RuleSetting` row. Every
evaluation that gates a step is a `RuleEvaluation` row on the case, with the
override or co-signature that let the step through.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import (
    ScopedQuerySet,
    own_or_granted,
    readable_district_id,
    writable_district_id,
)

from .registry import registered_rule, validate_parameters
from .vocabulary import DecisionPoint, Outcome, Severity


class GuidelineSource(models.Model):
    """A municipal guideline or decision a rule comes from (law references are LegalProvision)."""

    key = models.CharField(_("nyckel"), max_length=50, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    issuer = models.CharField(_("beslutat av"), max_length=200)
    reference = models.CharField(_("diarienummer"), max_length=50, blank=True)
    adopted_in = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    summary = models.CharField(_("innehåll"), max_length=500)

    class Meta:
        verbose_name = _("riktlinjekälla")
        verbose_name_plural = _("riktlinjekällor")
        ordering = ["key"]

    def __str__(self) -> str:
        parts = [self.title, self.issuer]
        if self.reference:
            parts.append(self.reference)
        return ", ".join(parts)


class RuleSetting(models.Model):
    """How the municipality runs one rule over a period: on/off, severity, parameters.

    A rule with no rows runs with the defaults written in code. Once a rule has rows,
    it runs only on dates one of its rows covers: a row whose period has ended takes
    the rule out of force.
    """

    rule_id = models.CharField(_("regel"), max_length=60, db_index=True)
    enabled = models.BooleanField(_("aktiv"), default=True)
    severity = models.CharField(_("allvarlighetsgrad"), max_length=10, choices=Severity.choices)
    parameters = models.JSONField(_("parametrar"), default=dict, blank=True)
    in_force_from = models.DateField(_("gäller från"))
    in_force_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    note = models.TextField(
        _("beslut och underlag"), blank=True, help_text=_("T.ex. nämndbeslut och diarienummer.")
    )

    class Meta:
        verbose_name = _("regelinställning")
        verbose_name_plural = _("regelinställningar")
        ordering = ["rule_id", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_id", "in_force_from"], name="rule_setting_once_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(in_force_until__isnull=True)
                | models.Q(in_force_until__gte=models.F("in_force_from")),
                name="rule_setting_period_forward",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.in_force_from})"

    def covers(self, day) -> bool:
        return self.in_force_from <= day and (
            self.in_force_until is None or day <= self.in_force_until
        )

    def clean(self):
        """Refuse an unknown rule, invalid parameters and overlapping periods (in Swedish)."""
        rule = registered_rule(self.rule_id)
        if rule is None:
            raise ValidationError({"rule_id": _("Det finns ingen regel med detta id.")})
        self.parameters = validate_parameters(rule, self.parameters)
        if self.severity == Severity.COSIGN and DecisionPoint.DECISION not in rule.points:
            raise ValidationError(
                {
                    "severity": _(
                        "Kontrasignering finns bara vid beslut om att inleda eller inte inleda "
                        "utredning."
                    )
                }
            )
        if self.in_force_from is None:
            return
        if self.in_force_until is not None and self.in_force_until < self.in_force_from:
            raise ValidationError(
                {"in_force_until": _("Slutdatumet kan inte ligga före startdatumet.")}
            )
        overlapping = RuleSetting.objects.filter(rule_id=self.rule_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(
            models.Q(in_force_until__isnull=True) | models.Q(in_force_until__gte=self.in_force_from)
        )
        if self.in_force_until is not None:
            overlapping = overlapping.filter(in_force_from__lte=self.in_force_until)
        if overlapping.exists():
            raise ValidationError(
                _("Perioden överlappar en annan inställning för samma regel. Avsluta den först.")
            )


class RuleEvaluationQuerySet(ScopedQuerySet):
    """Scoped by the report's district, or the investigation's for a closing whose
    investigation has no opening decision (and so no report) on record."""

    district_field = "report__district"
    investigation_district = "investigation__district"

    def visible_to(self, user):
        scope = readable_district_id(user)
        if scope is True or scope is False:
            return super().visible_to(user)
        return self.filter(
            own_or_granted(user, scope, self.district_field, self.child_field)
            | own_or_granted(user, scope, self.investigation_district, "investigation__child")
        )

    def editable_by(self, user):
        district_id = writable_district_id(user)
        if district_id is None:
            return self.none()
        return self.filter(
            models.Q(report__district_id=district_id)
            | models.Q(investigation__district_id=district_id)
        )

    def overridden(self):
        """Evaluations a worker went past with a reason (the 'overrides of rules' indicator)."""
        return self.exclude(override_reason="")


class RuleEvaluation(models.Model):
    """What one rule found when a step was taken on a case, and how the step got past it."""

    # The report the step was taken on; for the closing of an investigation, the report
    # whose decision opened it (none for an investigation opened without one on record).
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rule_evaluations",
        verbose_name=_("orosanmälan"),
    )
    investigation = models.ForeignKey(
        "casework.Investigation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rule_evaluations",
        verbose_name=_("utredning"),
    )
    decision = models.ForeignKey(
        "casework.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rule_evaluations",
        verbose_name=_("beslut"),
    )
    decision_point = models.CharField(
        _("beslutspunkt"), max_length=30, choices=DecisionPoint.choices
    )
    rule_id = models.CharField(_("regel"), max_length=60)
    rule_title = models.CharField(_("regelns rubrik"), max_length=200)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices)
    severity = models.CharField(_("allvarlighetsgrad"), max_length=10, choices=Severity.choices)
    message = models.TextField(_("meddelande"), blank=True)
    parameters = models.JSONField(_("parametrar"), default=dict, blank=True)
    answer = models.JSONField(_("svar"), default=dict, blank=True)
    evaluated_at = models.DateTimeField(_("utvärderad"), db_index=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("utvärderad vid åtgärd av"),
    )
    override_reason = models.TextField(_("skäl för avsteg"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avsteg av"),
    )
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontrasignerad av"),
    )
    cosign_reason = models.TextField(_("skäl för kontrasignering"), blank=True)
    cosigned_at = models.DateTimeField(_("kontrasignerad"), null=True, blank=True)

    objects = RuleEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("regelutvärdering")
        verbose_name_plural = _("regelutvärderingar")
        ordering = ["evaluated_at", "id"]
        indexes = [
            models.Index(fields=["rule_id", "outcome", "evaluated_at"], name="rule_eval_outcome"),
            # The investigation page's closing evaluations, in order: without it SQLite,
            # which keeps no statistics, scanned every evaluation by `evaluated_at`.
            models.Index(fields=["investigation", "evaluated_at"], name="rule_eval_investigation"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=False) | models.Q(investigation__isnull=False),
                name="rule_eval_on_a_case",
            ),
            models.CheckConstraint(
                condition=models.Q(override_reason="") | models.Q(overridden_by__isnull=False),
                name="rule_eval_override_has_author",
            ),
            models.CheckConstraint(
                condition=models.Q(cosigned_by__isnull=True)
                | (~models.Q(cosign_reason="") & models.Q(cosigned_at__isnull=False)),
                name="rule_eval_cosign_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.get_outcome_display()}"


class CoSignatureRequestQuerySet(ScopedQuerySet):
    district_field = "report__district"


class CoSignatureRequest(models.Model):
    """A decision a worker proposes that a rule says a supervisor must co-sign.

    The report stays in pre-assessment; the decision is taken, as the worker
    proposed it, when a supervisor co-signs with a reason (see ADR 0004).
    """

    case_kind = "cosignature_request"  # see likvard.core.cases

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på kontrasignering")
        COSIGNED = "cosigned", _("Kontrasignerad")
        RETURNED = "returned", _("Återsänd till handläggaren")
        SUPERSEDED = "superseded", _("Ersatt av annat beslut")

    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="cosignature_requests",
        verbose_name=_("orosanmälan"),
    )
    proposal = models.JSONField(_("föreslaget beslut"))
    report_version = models.PositiveIntegerField(_("ärendets version"))
    rule_ids = models.JSONField(_("regler som kräver kontrasignering"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("föreslaget av"),
    )
    requested_at = models.DateTimeField(_("föreslaget"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hanterat av"),
    )
    handled_at = models.DateTimeField(_("hanterat"), null=True, blank=True)
    handler_reason = models.TextField(_("arbetsledarens skäl"), blank=True)

    objects = CoSignatureRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("begäran om kontrasignering")
        verbose_name_plural = _("begäranden om kontrasignering")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(status="pending"),
                name="one_pending_cosignature_per_report",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.report_id})"
