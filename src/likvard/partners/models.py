"""The partner registry (samverkanspartner) and the follow-up of the collaboration
between schools and social services.

The registry is the city's, not a district's: schools, preschools, child health care
(BVC), health care units, police areas and other authorities that report concern or
work with the districts. Intake and the public e-service pick a reporter's
organisation from it, so a report can be counted per partner (`ReportSource`).

A district's collaboration with one school (`Collaboration`) is that district's own
record, scoped by its district: the agreements, the named contacts on both sides,
the meetings, the low-attendance referrals (the pilot of seed 002) and the joint
cases. No child's name is stored here: a referral or a joint case points at most at
a report, which only the district's own staff can open.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import ScopedQuerySet, readable_district_id, writable_district_id

#: A partner not verified for this many months is listed for re-verification. A
#: constant, not a MunicipalitySettings field (organisation takes no migration here);
#: the city's routine is a yearly check of every partner's contact details.
REVERIFY_MONTHS = 12

postal_code_validator = RegexValidator(
    r"^\d{3} ?\d{2}$", _("Ange postnumret med fem siffror, till exempel 123 45.")
)
organisation_number_validator = RegexValidator(
    r"^\d{6}-?\d{4}$", _("Ange organisationsnumret som 10 siffror, till exempel 212000-0142.")
)


class Kind(models.TextChoices):
    SCHOOL_MUNICIPAL = "school_municipal", _("Kommunal skola")
    SCHOOL_INDEPENDENT = "school_independent", _("Fristående skola")
    PRESCHOOL = "preschool", _("Förskola")
    CHILD_HEALTH = "child_health", _("Barnavårdscentral (BVC)")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
    POLICE_AREA = "police_area", _("Polisområde")
    OTHER_AUTHORITY = "other_authority", _("Annan myndighet")
    OTHER = "other", _("Annan")


#: The kinds a district follows up school collaboration with.
SCHOOL_KINDS = frozenset({Kind.SCHOOL_MUNICIPAL, Kind.SCHOOL_INDEPENDENT})


class Partner(models.Model):
    """An organisation that reports concern or works with the districts."""

    Kind = Kind

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    organisation_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        validators=[organisation_number_validator],
    )
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("ligger i stadsdelsområde"),
    )
    address = models.CharField(_("adress"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postnummer"), max_length=6, blank=True, validators=[postal_code_validator]
    )
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    last_verified = models.DateField(_("senast kontrollerad"), null=True, blank=True)
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("samverkanspartner")
        verbose_name_plural = _("samverkanspartner")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="partner_name_kind_once"),
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~models.Q(organisation_number=""),
                name="partner_orgnr_once",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "active"], name="partner_kind"),
            models.Index(fields=["last_verified"], name="partner_verified"),
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """A named person at a partner, with the role the districts reach them in."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll eller titel"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    last_verified = models.DateField(_("senast kontrollerad"), null=True, blank=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class ReportSource(models.Model):
    """The registry's partner a report came from.

    The report keeps its reporter's organisation as free text (`reporter_organisation`);
    this link, written by `services.link_report_source` (which intake and the report
    form call), lets the follow-up count reports and feedback per partner without
    changing the reports app.
    """

    report = models.OneToOneField(
        "reports.Report",
        on_delete=models.CASCADE,
        related_name="partner_source",
        verbose_name=_("orosanmälan"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="report_sources", verbose_name=_("partner")
    )
    linked_at = models.DateTimeField(_("kopplad"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("anmälans avsändare")
        verbose_name_plural = _("anmälningarnas avsändare")


class DistrictScopedQuerySet(ScopedQuerySet):
    """A district's collaboration records: its own staff read and write them.

    Not a case's rows (no child), so access grants to a child's case do not open them;
    a user reading every district (inspector) reads them all.
    """

    district_field = "district"

    def visible_to(self, user):
        scope = readable_district_id(user)
        if scope is True:
            return self
        if scope is False:
            return self.none()
        return self.filter(**{f"{self.district_field}_id": scope})

    def editable_by(self, user):
        district_id = writable_district_id(user)
        if district_id is None:
            return self.none()
        return self.filter(**{f"{self.district_field}_id": district_id})


class CollaborationRowQuerySet(DistrictScopedQuerySet):
    district_field = "collaboration__district"


class Collaboration(models.Model):
    """One district's collaboration with one school (seed 002: samverkan skola–socialtjänst)."""

    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    school = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="collaborations", verbose_name=_("skola")
    )
    school_contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skolans kontaktperson"),
    )
    district_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("socialtjänstens kontaktperson"),
    )
    student_health_team = models.BooleanField(
        _("elevhälsoteamet deltar i samverkan"), default=False
    )
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)

    objects = DistrictScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkan med skola")
        verbose_name_plural = _("samverkan med skolor")
        constraints = [
            models.UniqueConstraint(fields=["district", "school"], name="collaboration_once")
        ]

    def __str__(self) -> str:
        return str(self.school)


class Agreement(models.Model):
    """A written collaboration agreement (överenskommelse) for a period."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="agreements"
    )
    signed_on = models.DateField(_("undertecknad"))
    valid_from = models.DateField(_("gäller från"))
    valid_until = models.DateField(_("gäller till"))

    objects = CollaborationRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("överenskommelse")
        verbose_name_plural = _("överenskommelser")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="agreement_period_order",
            )
        ]


class Meeting(models.Model):
    """A collaboration meeting held with the school."""

    class Kind(models.TextChoices):
        MANAGEMENT = "management", _("Ledningsmöte")
        CONSULTATION = "consultation", _("Konsultation")
        STUDENT_HEALTH = "student_health", _("Möte med elevhälsoteamet")
        INFORMATION = "information", _("Information till personalen")

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("datum"))
    kind = models.CharField(_("slag av möte"), max_length=20, choices=Kind.choices)
    student_health_team_present = models.BooleanField(_("elevhälsoteamet deltog"), default=False)

    objects = CollaborationRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkansmöte")
        verbose_name_plural = _("samverkansmöten")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["collaboration", "held_on"], name="meeting_held")]


class AttendanceReferral(models.Model):
    """A referral of a pupil with low attendance (the pilot of seed 002): no name.

    Counted per school; the optional report link opens only for the district's staff.
    """

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Inte avslutad")
        SUPPORT_GIVEN = "support_given", _("Socialt stöd gavs")
        REPORT_MADE = "report_made", _("Ledde till orosanmälan")
        DECLINED = "declined", _("Familjen tackade nej")
        NO_ACTION = "no_action", _("Ingen åtgärd behövdes")

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="referrals"
    )
    referred_on = models.DateField(_("remitterad"))
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("orosanmälan"),
    )

    objects = CollaborationRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("remiss vid låg närvaro")
        verbose_name_plural = _("remisser vid låg närvaro")
        ordering = ["-referred_on"]


class JointCase(models.Model):
    """A child's case the school and social services work on together: no name here."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="joint_cases"
    )
    started_on = models.DateField(_("påbörjad"))
    ended_on = models.DateField(_("avslutad"), null=True, blank=True)
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("orosanmälan"),
    )

    objects = CollaborationRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemensamt ärende")
        verbose_name_plural = _("gemensamma ärenden")
        ordering = ["-started_on"]
