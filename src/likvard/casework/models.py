"""Protection assessment, pre-assessment, decisions and investigations.

Deadlines are stored on the rows when the event that starts the clock happens;
every state change goes through `casework.services` (see workflow.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import ScopedQuerySet
from likvard.reports.workflow import DecisionKind, InvestigationState, PoliceReportOutcome


class LegalProvision(models.Model):
    """A law reference as data: which provision grounds a step, from when to when."""

    key = models.CharField(_("nyckel"), max_length=50, db_index=True)
    law = models.CharField(_("författning"), max_length=40, help_text=_("T.ex. SoL 2025:400"))
    chapter = models.CharField(_("kapitel"), max_length=10)
    section = models.CharField(_("paragraf"), max_length=20)
    in_force_from = models.DateField(_("gäller från"))
    in_force_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    summary = models.CharField(_("innehåll"), max_length=300)

    class Meta:
        verbose_name = _("lagrum")
        verbose_name_plural = _("lagrum")
        ordering = ["key", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "in_force_from"], name="provision_once_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.chapter} kap. {self.section} § {self.law}"


class CaseQuerySet(ScopedQuerySet):
    """Rows hanging off a report: scoped by the report's district."""

    district_field = "report__district"


class ProtectionAssessment(models.Model):
    """Skyddsbedömning: is the child in need of immediate protection? (20:1)"""

    report = models.OneToOneField(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="protection_assessment",
        verbose_name=_("orosanmälan"),
    )
    assessed_at = models.DateTimeField(_("bedömd"))
    immediate_protection_needed = models.BooleanField(_("omedelbart skyddsbehov"))
    assessment = models.TextField(_("bedömning"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bedömd av"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("skyddsbedömning")
        verbose_name_plural = _("skyddsbedömningar")


class PreAssessment(models.Model):
    """Förhandsbedömning: begins with the protection assessment, ends in one decision."""

    case_kind = "pre_assessment"  # see likvard.core.cases

    report = models.OneToOneField(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="pre_assessment",
        verbose_name=_("orosanmälan"),
    )
    started_at = models.DateTimeField(_("påbörjad"))

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("förhandsbedömning")
        verbose_name_plural = _("förhandsbedömningar")


class ChildConversation(models.Model):
    """Barnsamtal: held, or why not (20:7). Either way it is documented."""

    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="child_conversations",
        verbose_name=_("orosanmälan"),
    )
    held = models.BooleanField(_("samtal hållet"))
    held_on = models.DateField(_("datum"), null=True, blank=True)
    not_held_reason = models.TextField(_("skäl till att samtal inte hållits"), blank=True)
    notes = models.TextField(_("anteckning"), blank=True)
    # Why the event is dated before the day it was recorded (efterregistrering); "" when
    # it was recorded the same day (`core.validation.check_event_date`).
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumenterad av"),
    )
    # Stamped by the service at the step's moment (`at=`); auto_now_add would overwrite it.
    recorded_at = models.DateTimeField(_("dokumenterad"), default=timezone.now, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("barnsamtal")
        verbose_name_plural = _("barnsamtal")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(held=True, held_on__isnull=False))
                | (models.Q(held=False) & ~models.Q(not_held_reason="")),
                name="conversation_held_or_reason",
            )
        ]


class PoliceReportConsideration(models.Model):
    """Whether to report suspected violence to the police, and when to reconsider."""

    Outcome = PoliceReportOutcome

    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="police_considerations",
        verbose_name=_("orosanmälan"),
    )
    considered_on = models.DateField(_("övervägd"))
    outcome = models.CharField(_("ställningstagande"), max_length=20, choices=Outcome.choices)
    motivation = models.TextField(_("motivering"))
    reconsider_on = models.DateField(_("omprövas senast"), null=True, blank=True, db_index=True)
    # Why the event is dated before the day it was recorded (efterregistrering); "" when
    # it was recorded the same day (`core.validation.check_event_date`).
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumenterad av"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("övervägande om polisanmälan")
        verbose_name_plural = _("överväganden om polisanmälan")


class DecisionQuerySet(ScopedQuerySet):
    district_field = "pre_assessment__report__district"


class Decision(models.Model):
    """The one decision that ends a pre-assessment."""

    case_kind = "decision"  # see likvard.core.cases

    Kind = DecisionKind

    pre_assessment = models.OneToOneField(
        PreAssessment,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("förhandsbedömning"),
    )
    kind = models.CharField(_("beslut"), max_length=30, choices=Kind.choices)
    motivation = models.TextField(_("motivering"), blank=True)
    exceptional_reason = models.TextField(
        _("synnerliga skäl för beslut efter 14 dagar"), blank=True
    )
    transfer_municipality = models.CharField(_("mottagande kommun"), max_length=100, blank=True)
    decided_at = models.DateTimeField(_("beslutat"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beslutsfattare"),
    )
    provision = models.ForeignKey(
        LegalProvision,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("lagrum"),
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        indexes = [
            models.Index(fields=["kind", "decided_at"], name="decision_kind_date"),
            # The API lists decisions newest first, a page at a time (keyset pagination).
            models.Index(fields=["decided_at"], name="decision_time"),
        ]


class InvestigationQuerySet(ScopedQuerySet):
    district_field = "district"


class Investigation(models.Model):
    """Utredning: opened by a decision, due in 4 months unless extended (20:3–5)."""

    case_kind = "investigation"  # see likvard.core.cases

    class Outcome(models.TextChoices):
        INTERVENTION = "intervention", _("Insats beviljas eller föreslås")
        NO_INTERVENTION = "no_intervention", _("Ingen insats")
        LVU = "lvu", _("Ansökan om vård enligt LVU")

    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="investigations",
        verbose_name=_("stadsdelsområde"),
    )
    child = models.ForeignKey(
        "people.Child",
        on_delete=models.PROTECT,
        related_name="investigations",
        verbose_name=_("barn"),
    )
    opening_decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investigation",
        verbose_name=_("beslut om att inleda"),
    )
    opened_on = models.DateField(_("inledd"))
    # The law's limit, 4 months after the decision to open (`deadlines.investigation_due`),
    # stored when the investigation is opened and never moved: the indicator of
    # investigations done in time measures against it, whatever the extensions.
    statutory_due_date = models.DateField(_("ska enligt lag vara klar senast"))
    # The limit the worker must meet now: the statutory one, moved by each extension.
    due_date = models.DateField(_("ska vara klar senast"), db_index=True)
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=InvestigationState.choices,
        default=InvestigationState.ONGOING,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    completed_on = models.DateField(_("avslutad"), null=True, blank=True)
    # Why the closing is dated before the day it was recorded (see ChildConversation).
    completion_backdating_reason = models.TextField(
        _("skäl till efterregistrerat avslut"), blank=True
    )
    # Set, never cleared, when an extension was decided after the due date had passed: the
    # investigation was overdue then, whatever its due date says now (the indicator of
    # investigations past their due date counts it).
    extended_late = models.BooleanField(_("förlängd efter slutdatum"), default=False)
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_investigations",
        verbose_name=_("utredare"),
    )
    # The investigator's unit when the investigation was assigned (see Report.unit).
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investigations",
        verbose_name=_("utredande enhet"),
    )

    objects = InvestigationQuerySet.as_manager()

    class Meta:
        verbose_name = _("utredning")
        verbose_name_plural = _("utredningar")
        indexes = [
            models.Index(fields=["district", "state", "due_date"], name="inv_queue_district"),
            models.Index(fields=["assigned_to", "state", "due_date"], name="inv_queue_mine"),
            models.Index(fields=["district", "opened_on"], name="inv_district_month"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("opened_on")),
                name="investigation_completed_after_opened",
            )
        ]


class InvestigationExtension(models.Model):
    """A decision to extend an investigation, for a set time, with its reason (20:4)."""

    investigation = models.ForeignKey(
        Investigation,
        on_delete=models.PROTECT,
        related_name="extensions",
        verbose_name=_("utredning"),
    )
    reason = models.TextField(_("särskilda skäl"))
    previous_due = models.DateField(_("tidigare slutdatum"))
    new_due = models.DateField(_("nytt slutdatum"))
    decided_at = models.DateTimeField(_("beslutat"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beslutsfattare"),
    )
    # Decided after `previous_due` had passed: stored when decided, never recomputed.
    late = models.BooleanField(_("beslutad efter slutdatum"), default=False)

    class Meta:
        verbose_name = _("förlängning av utredningstid")
        verbose_name_plural = _("förlängningar av utredningstid")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_due__gt=models.F("previous_due")),
                name="extension_moves_forward",
            )
        ]


class ProtectionAlert(models.Model):
    """Larm: a protection assessment found an immediate need of protection.

    Written with the assessment, so the district's supervisors see it at once on their
    start page, and sent by e-mail to them and the district's on-call service
    (`casework.alerts`). It stays open until a next step is recorded (`ImmediateStep`).
    """

    report = models.OneToOneField(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="protection_alert",
        verbose_name=_("orosanmälan"),
    )
    raised_at = models.DateTimeField(_("larmat"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("larmat av"),
    )
    #: When the e-mail went out (by the job queue); empty while it waits.
    mailed_at = models.DateTimeField(_("e-post skickat"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("larm om omedelbart skyddsbehov")
        verbose_name_plural = _("larm om omedelbart skyddsbehov")
        indexes = [models.Index(fields=["raised_at"], name="alert_raised")]


class ImmediateStep(models.Model):
    """A next step after an immediate protection need, considered and recorded.

    Not the LVU procedure itself: it records that the step was weighed, what came of
    it and why, so the alert is answered and the case shows who did what.
    """

    class Kind(models.TextChoices):
        LVU_6 = "lvu_6", _("Omedelbart omhändertagande enligt 6 § LVU")
        EMERGENCY_PLACEMENT = "emergency_placement", _("Akut placering")

    class Outcome(models.TextChoices):
        BEGUN = "begun", _("Påbörjat")
        NOT_NEEDED = "not_needed", _("Inte aktuellt")

    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="immediate_steps",
        verbose_name=_("orosanmälan"),
    )
    kind = models.CharField(_("steg"), max_length=30, choices=Kind.choices)
    outcome = models.CharField(_("ställningstagande"), max_length=20, choices=Outcome.choices)
    motivation = models.TextField(_("motivering"))
    recorded_at = models.DateTimeField(_("dokumenterat"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumenterat av"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("nästa steg vid omedelbart skyddsbehov")
        verbose_name_plural = _("nästa steg vid omedelbart skyddsbehov")
