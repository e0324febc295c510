"""Reports of concern (orosanmälningar) and feedback to the reporter."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import ScopedQuerySet
from likvard.reports.workflow import ReportState


class Channel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    LETTER = "letter", _("Brev")
    E_SERVICE = "e_service", _("E-tjänst")
    EMAIL = "email", _("E-post")
    IN_PERSON = "in_person", _("Besök")
    POLICE_REPORT = "police_form", _("Polisens blankett (PM)")


class ReporterType(models.TextChoices):
    SCHOOL = "school", _("Skola")
    PRESCHOOL = "preschool", _("Förskola")
    CHILD_HEALTH = "child_health", _("Barnavårdscentral (BVC)")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
    POLICE = "police", _("Polis")
    SOCIAL_SERVICES = "social_services", _("Annan socialtjänst")
    PRIVATE_PERSON = "private_person", _("Privatperson")
    RELATIVE = "relative", _("Anhörig")
    CHILD = "child", _("Barnet självt")
    OTHER = "other", _("Annan")


#: Reporter types whose staff are mandated reporters (SoL 2025:400 19:1).
MANDATED_TYPES = frozenset(
    {
        ReporterType.SCHOOL,
        ReporterType.PRESCHOOL,
        ReporterType.CHILD_HEALTH,
        ReporterType.HEALTH_CARE,
        ReporterType.POLICE,
        ReporterType.SOCIAL_SERVICES,
    }
)


class Concern(models.TextChoices):
    VIOLENCE_AGAINST_CHILD = "violence", _("Våld mot barnet")
    WITNESSING_VIOLENCE = "witnessing_violence", _("Barnet bevittnar våld i nära relation")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexuella övergrepp")
    HONOUR_VIOLENCE = "honour", _("Hedersrelaterat våld och förtryck")
    INFANT_INJURY = "infant_injury", _("Skada på barn under ett år")
    NEGLECT = "neglect", _("Brister i omsorgen")
    PARENT_SUBSTANCE = "parent_substance", _("Vårdnadshavares missbruk")
    PARENT_MENTAL_HEALTH = "parent_mental_health", _("Vårdnadshavares psykiska ohälsa")
    SCHOOL_ABSENCE = "school_absence", _("Hög skolfrånvaro")
    CHILD_BEHAVIOUR = "child_behaviour", _("Barnets eget beteende")
    PARENTAL_CONFLICT = "parental_conflict", _("Konflikt mellan vårdnadshavare")
    OTHER = "other", _("Annat")


#: Concerns that call for a police-report consideration (guidelines 2020; BrB 4:3).
VIOLENCE_CONCERNS = frozenset(
    {
        Concern.VIOLENCE_AGAINST_CHILD,
        Concern.WITNESSING_VIOLENCE,
        Concern.SEXUAL_ABUSE,
        Concern.HONOUR_VIOLENCE,
        Concern.INFANT_INJURY,
    }
)


#: The stored deadline an open report waits on, by its state: the one statement of a
#: report's current due date (a decided report has none). `Report.current_due` reads it
#: on a row, `ReportQuerySet.with_current_due` in SQL.
CURRENT_DUE_FIELD = {
    ReportState.RECEIVED: "protection_due",
    ReportState.PRE_ASSESSMENT: "decision_due",
}


class ReportQuerySet(ScopedQuerySet):
    district_field = "district"

    def with_current_due(self):
        """`current_due` as an alias to filter and sort on in SQL: the work queue, the
        supervisor's overdue list and the quality indicators read the same deadline.

        An alias, not an annotation: the rows' own `Report.current_due` gives the value
        from the loaded columns, so a report read through a relation (as the API nests
        it) has it too.
        """
        return self.alias(
            current_due=models.Case(
                *(
                    models.When(state=state, then=models.F(field))
                    for state, field in CURRENT_DUE_FIELD.items()
                ),
                default=None,
                output_field=models.DateField(),
            )
        )


class Report(models.Model):
    """A report of concern about one child; its receipt starts every clock."""

    case_kind = "report"  # see likvard.core.cases

    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("stadsdelsområde"),
    )
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="reports", verbose_name=_("barn")
    )
    # One report about several children is one Report per child, registered together:
    # each has its own pre-assessment and clocks; the others point at the first.
    registered_with = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_together",
        verbose_name=_("samma anmälan som"),
    )
    received_at = models.DateTimeField(_("inkom"))
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    reporter_type = models.CharField(_("anmälare"), max_length=20, choices=ReporterType.choices)
    reporter_mandated = models.BooleanField(_("anmälningsskyldig"), default=False)
    reporter_wants_feedback = models.BooleanField(_("vill ha återkoppling"), default=False)
    reporter_name = models.CharField(_("anmälarens namn"), max_length=200, blank=True)
    reporter_organisation = models.CharField(_("verksamhet"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("kontaktuppgift"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning av oron"))
    state = models.CharField(
        _("status"), max_length=30, choices=ReportState.choices, default=ReportState.RECEIVED
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    protection_due = models.DateField(_("skyddsbedömning senast"), db_index=True)
    decision_due = models.DateField(_("beslut om utredning senast"), db_index=True)
    feedback_due = models.DateField(_("återkoppling senast"), null=True, blank=True, db_index=True)
    # Stamped by the service at the step's moment (`at=`); auto_now_add would overwrite it.
    registered_at = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_reports",
        verbose_name=_("handläggare"),
    )
    # The unit that handled the report, fixed when it was assigned: counts by unit must
    # not move when the handler later moves to another unit (or leaves).
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("handläggande enhet"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("orosanmälan")
        verbose_name_plural = _("orosanmälningar")
        ordering = ["-received_at"]
        indexes = [
            models.Index(
                fields=["district", "state", "decision_due"], name="report_queue_district"
            ),
            models.Index(fields=["assigned_to", "state", "decision_due"], name="report_queue_mine"),
            models.Index(fields=["child", "received_at"], name="report_child_history"),
            models.Index(fields=["district", "received_at"], name="report_district_month"),
            # Every district's reports newest first (inspectors' API list, keyset pages).
            models.Index(fields=["received_at"], name="report_received"),
            # The queue's "feedback owed" part: few rows have a feedback due date. The
            # district comes first so the scoping filter is part of the same index scan.
            models.Index(
                fields=["district", "assigned_to", "feedback_due"],
                name="report_feedback_owed",
                condition=models.Q(feedback_due__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Orosanmälan')} {self.pk}"

    @property
    def concern_codes(self) -> list[str]:
        return [c.category for c in self.concerns.all()]

    @property
    def registration_id(self) -> int:
        """The first report of the registration: one number for all its children."""
        return self.registered_with_id or self.pk

    @property
    def is_open(self) -> bool:
        return self.state in (ReportState.RECEIVED, ReportState.PRE_ASSESSMENT)

    @property
    def current_due(self):
        """The next legal deadline while the report is open (`CURRENT_DUE_FIELD`)."""
        field = CURRENT_DUE_FIELD.get(self.state)
        return getattr(self, field) if field else None


class ReportConcern(models.Model):
    """One concern category of a report (portable: no array column)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="concerns")
    category = models.CharField(_("oro"), max_length=30, choices=Concern.choices)

    class Meta:
        verbose_name = _("orsak till oro")
        verbose_name_plural = _("orsaker till oro")
        constraints = [
            models.UniqueConstraint(fields=["report", "category"], name="concern_once_per_report")
        ]
        indexes = [models.Index(fields=["category"], name="concern_category")]


class FeedbackQuerySet(ScopedQuerySet):
    district_field = "report__district"


class Feedback(models.Model):
    """Feedback to the reporter: opened, not opened, or already investigated (19:6)."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Telefon")
        LETTER = "letter", _("Brev")
        EMAIL = "email", _("Säker e-post")
        MEETING = "meeting", _("Möte")

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("orosanmälan")
    )
    given_on = models.DateField(_("återkoppling lämnad"))
    method = models.CharField(_("sätt"), max_length=20, choices=Method.choices)
    note = models.CharField(_("anteckning"), max_length=500, blank=True)
    # Why the feedback is dated before the day it was recorded; "" when the same day.
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lämnad av"),
    )
    # Stamped by the service at the step's moment (`at=`); auto_now_add would overwrite it.
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)
    # The day a letter or e-mail came back undelivered (`services.record_undelivered`):
    # the reporter was not told, so the feedback no longer counts as given.
    undelivered_on = models.DateField(_("kom inte fram"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("återkoppling")
        verbose_name_plural = _("återkopplingar")
