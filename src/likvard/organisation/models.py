"""Districts, units and staff: the organisation a case belongs to.

Districts and units are configuration: another municipality brings its own.
"""

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A district board (stadsdelsnämnd): its own authority under secrecy."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=50, unique=True)
    municipality = models.CharField(_("kommun"), max_length=100, default="Stockholm")
    #: Where an immediate protection need is also sent (socialjouren): the district's
    #: setting, as data; empty sends it to the supervisors only.
    on_call_email = models.EmailField(
        _("e-post till socialjouren"),
        blank=True,
        help_text=_("Får larm om omedelbart skyddsbehov, utöver arbetsledarna."),
    )

    class Meta:
        verbose_name = _("stadsdelsområde")
        verbose_name_plural = _("stadsdelsområden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalitySettings(models.Model):
    """What a municipality decides about the dates of its cases, as data (edited in the admin).

    One row per municipality (the name a district carries); a municipality with no row
    runs on the defaults below. Read where a date is checked, by `for_municipality`.
    """

    #: How far one extension of an investigation may move its due date, in months.
    DEFAULT_MAX_EXTENSION_MONTHS = 2
    #: How many days back an event may be dated when it is recorded (with a reason).
    DEFAULT_MAX_BACKDATING_DAYS = 30

    municipality = models.CharField(_("kommun"), max_length=100, unique=True)
    max_extension_months = models.PositiveSmallIntegerField(
        _("längsta förlängning av en utredning (månader)"),
        default=DEFAULT_MAX_EXTENSION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Hur långt ett beslut om förlängd utredningstid får flytta slutdatumet."),
    )
    max_backdating_days = models.PositiveSmallIntegerField(
        _("längsta efterregistrering (dagar)"),
        default=DEFAULT_MAX_BACKDATING_DAYS,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Hur många dagar bakåt ett avslut eller en händelse får dateras. Ett datum före "
            "i dag kräver alltid ett skäl, som loggas."
        ),
    )

    class Meta:
        verbose_name = _("kommunens inställningar för datum")
        verbose_name_plural = _("kommunens inställningar för datum")
        ordering = ["municipality"]

    def __str__(self) -> str:
        return self.municipality

    @classmethod
    def for_municipality(cls, municipality: str) -> "MunicipalitySettings":
        """The municipality's row, or an unsaved one with the defaults."""
        return cls.objects.filter(municipality=municipality).first() or cls(
            municipality=municipality
        )


class Unit(models.Model):
    """A unit in a district, e.g. the intake unit (mottagningsenheten)."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Mottagning")
        INVESTIGATION = "investigation", _("Utredning")
        INTERVENTIONS = "interventions", _("Insatser")
        ADMINISTRATION = "administration", _("Administration")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="units", verbose_name=_("stadsdelsområde")
    )
    name = models.CharField(_("namn"), max_length=100)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="unit_unique_name_per_district"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district.name}: {self.name}"


class Role(models.TextChoices):
    """What a staff member does; scoping and permissions follow from it."""

    INTAKE_WORKER = "intake_worker", _("Mottagningssekreterare")
    INVESTIGATOR = "investigator", _("Utredande socialsekreterare")
    INTERVENTION_WORKER = "intervention_worker", _("Handläggare för insatser")
    SUPERVISOR = "supervisor", _("Arbetsledare")
    ADMIN_STAFF = "admin_staff", _("Administratör")
    INSPECTOR = "inspector", _("Socialtjänstinspektör")
    ANALYST = "analyst", _("Analytiker")
    SYSTEM_ADMIN = "system_admin", _("Systemförvaltare")


#: What a role may do. Each role's set is data: a Django group named after the role
#: holds these permissions (seeded by migration, editable in the admin).
ROLE_PERMISSIONS = (
    ("write_cases", _("Handlägga ärenden i det egna stadsdelsområdet")),
    ("read_all_districts", _("Läsa ärenden i alla stadsdelsområden")),
    ("view_protected_identity", _("Se adress och kontaktuppgifter för skyddade personer")),
    ("review_access_log", _("Granska loggen över åtkomst till ärenden")),
    ("grant_case_access", _("Bevilja tillfällig åtkomst till ärenden i det egna området")),
    ("cosign_decisions", _("Kontrasignera beslut som riktlinjerna kräver arbetsledare för")),
    ("view_quality_indicators", _("Se kvalitetsindikatorerna (antal; ärenden där man får läsa)")),
    ("assign_cases", _("Fördela anmälningar och utredningar i det egna området")),
    ("handle_reports", _("Kan tilldelas orosanmälningar")),
    ("handle_investigations", _("Kan tilldelas utredningar")),
    ("extend_investigations", _("Besluta om förlängd utredningstid (delegation)")),
    ("decide_interventions", _("Besluta om insatser för barn och unga (delegation)")),
    ("conduct_inspections", _("Granska ärenden i alla stadsdelsområden (socialtjänstinspektion)")),
    ("respond_to_inspections", _("Besvara granskningarnas iakttagelser för det egna området")),
    ("keep_oversight_register", _("Föra registret över tillsynsärenden i det egna området")),
    ("manage_partners", _("Föra registret över samverkanspartner")),
    ("send_reporter_feedback", _("Skicka återkoppling till anmälare")),
    ("route_public_reports", _("Fördela e-tjänstens anmälningar som saknar område")),
)


class User(AbstractUser):
    """A staff member. Casework roles belong to a unit, and so to a district."""

    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("enhet"),
    )

    class Meta:
        verbose_name = _("medarbetare")
        verbose_name_plural = _("medarbetare")
        permissions = ROLE_PERMISSIONS

    @property
    def district_id(self) -> int | None:
        """The district whose cases this user handles (None for central roles)."""
        return self.unit.district_id if self.unit_id else None

    def role_permissions(self) -> frozenset[str]:
        """The codenames the user's role holds (cached on the instance).

        Superuser status is deliberately ignored: administering the system does
        not open children's cases.
        """
        cached = getattr(self, "_role_permissions", None)
        if cached is None:
            from django.contrib.auth.models import Permission

            cached = frozenset(
                Permission.objects.filter(
                    group__name=self.role, content_type__app_label="organisation"
                ).values_list("codename", flat=True)
            )
            self._role_permissions = cached
        return cached

    def holds(self, codename: str) -> bool:
        """Whether the user's role holds a permission (see ROLE_PERMISSIONS)."""
        return self.is_active and codename in self.role_permissions()

    @property
    def may_grant_case_access(self) -> bool:
        return self.holds("grant_case_access")

    @property
    def may_review_access_log(self) -> bool:
        return self.holds("review_access_log")

    @property
    def may_conduct_inspections(self) -> bool:
        return self.holds("conduct_inspections")

    @property
    def may_respond_to_inspections(self) -> bool:
        return self.holds("respond_to_inspections")

    @property
    def may_assign_cases(self) -> bool:
        return self.unit_id is not None and self.holds("assign_cases")

    @property
    def may_extend_investigations(self) -> bool:
        """Whether the user holds the delegation to decide an extension of an investigation."""
        return self.unit_id is not None and self.holds("extend_investigations")

    @property
    def may_decide_interventions(self) -> bool:
        """Whether the user holds the delegation to decide an intervention for a child."""
        return self.unit_id is not None and self.holds("decide_interventions")

    @property
    def is_caseworker(self) -> bool:
        return self.unit_id is not None and self.holds("write_cases")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
