"""The oversight register (tillsynsregistret): every matter an authority raises about a
district's work, from the letter received to the decision and the measures taken.

A matter belongs to one district and is read like the district's cases: by its own
staff who keep the register (`keep_oversight_register`) and by the inspectors
(`read_all_districts`). It is not a case of a child: it names no child, and what it
says in free text (the subject) must not identify one; the cases it concerns are
links, each shown only to those who may read that case.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import readable_district_id

from .states import State


class Kind(models.TextChoices):
    JO_COMPLAINT = "jo_complaint", _("JO-anmälan")
    JO_INSPECTION = "jo_inspection", _("JO-inspektion")
    IVO_COMPLAINT = "ivo_complaint", _("Klagomål till IVO")
    IVO_INSPECTION = "ivo_inspection", _("IVO:s tillsyn")
    LEX_SARAH = "lex_sarah", _("Lex Sarah-rapport")
    AUDIT = "audit", _("Revisionens granskning")
    OTHER = "other", _("Annat tillsynsärende")


class Outcome(models.TextChoices):
    NO_CRITICISM = "no_criticism", _("Ingen kritik")
    CRITICISM = "criticism", _("Kritik")
    SERIOUS_CRITICISM = "serious_criticism", _("Allvarlig kritik")
    CLOSED = "closed", _("Avslutat utan åtgärd")


#: Outcomes that criticise the district: the criticism's text is required with them.
CRITICISM = frozenset({Outcome.CRITICISM, Outcome.SERIOUS_CRITICISM})


class MatterQuerySet(models.QuerySet):
    """Scoped like the district's cases, by the register's own permission.

    The register is kept by the district's supervisors and administrators; an
    intake worker of the district does not read it. Inspectors read every district.
    """

    def visible_to(self, user):
        scope = readable_district_id(user)
        if scope is True:
            return self
        if scope is False or not user.holds("keep_oversight_register"):
            return self.none()
        return self.filter(district_id=scope)

    def may_keep(self, user) -> bool:
        """Whether the user keeps a district's register (its supervisors, administrators)."""
        return (
            user.is_authenticated and user.is_caseworker and user.holds("keep_oversight_register")
        )

    def editable_by(self, user):
        if not self.may_keep(user):
            return self.none()
        return self.filter(district_id=user.district_id)


class Matter(models.Model):
    """One oversight matter (tillsynsärende): a complaint, an inspection, a lex Sarah
    report or an audit, with its dates as the authority and the district set them."""

    Kind = Kind
    Outcome = Outcome
    State = State

    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("läge"), max_length=20, choices=State.choices)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    received_on = models.DateField(_("inkom"))
    subject = models.CharField(_("ämne"), max_length=200)
    statement_due_on = models.DateField(_("yttrande senast"), null=True, blank=True)
    statement_sent_on = models.DateField(_("yttrande skickat"), null=True, blank=True)
    # Lex Sarah: the report by staff is `received_on`; then the investigation, and the
    # report to IVO when the investigation found a serious wrong (allvarligt missförhållande).
    investigated_on = models.DateField(_("utredningen klar"), null=True, blank=True)
    serious = models.BooleanField(_("allvarligt missförhållande"), null=True, blank=True)
    reported_to_ivo_on = models.DateField(_("anmäld till IVO"), null=True, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    criticism = models.TextField(_("kritiken"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    recorded_at = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)

    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("tillsynsärende")
        verbose_name_plural = _("tillsynsärenden")
        indexes = [
            models.Index(fields=["district", "received_on"], name="matter_district_received"),
            models.Index(fields=["district", "statement_due_on"], name="matter_district_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}".strip()

    @property
    def is_lex_sarah(self) -> bool:
        return self.kind == Kind.LEX_SARAH


class MatterChildQuerySet(models.QuerySet):
    """Rows of a matter: scoped by their matter."""

    def visible_to(self, user):
        return self.filter(matter__in=Matter.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(matter__in=Matter.objects.editable_by(user))


class ConcernedCase(models.Model):
    """A case the matter concerns: a report, an investigation or an intervention.

    Exactly one of the three is set; it is in the matter's district (checked when linked).
    """

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="cases", verbose_name=_("tillsynsärende")
    )
    report = models.ForeignKey(
        "reports.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    investigation = models.ForeignKey(
        "casework.Investigation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MatterChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("berört ärende")
        verbose_name_plural = _("berörda ärenden")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(report__isnull=False, investigation=None, intervention=None)
                    | models.Q(report=None, investigation__isnull=False, intervention=None)
                    | models.Q(report=None, investigation=None, intervention__isnull=False)
                ),
                name="concerned_case_one_kind",
            )
        ]


class Measure(models.Model):
    """A measure the district takes after the matter (åtgärd), with whom and by when."""

    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="measures", verbose_name=_("tillsynsärende")
    )
    description = models.CharField(_("åtgärd"), max_length=500)
    responsible = models.CharField(_("ansvarig"), max_length=120)
    due_on = models.DateField(_("klar senast"))
    done_on = models.DateField(_("genomförd"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MatterChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        indexes = [models.Index(fields=["due_on"], name="measure_due")]


class Event(models.Model):
    """One line of a matter's history: what was done, by whom, when (no free text)."""

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="events", verbose_name=_("tillsynsärende")
    )
    verb = models.CharField(max_length=40)
    day = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MatterChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("händelse i tillsynsärende")
        ordering = ["at", "id"]
