"""Districts, units and staff: the organisation a case belongs to.

Districts and units are configuration: another municipality brings its own.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A district board (stadsdelsnämnd): its own authority under secrecy."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=50, unique=True)
    municipality = models.CharField(_("kommun"), max_length=100, default="Stockholm")

    class Meta:
        verbose_name = _("stadsdelsområde")
        verbose_name_plural = _("stadsdelsområden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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


#: Roles that handle cases in their own district (read and write there).
CASEWORK_ROLES = frozenset(
    {
        Role.INTAKE_WORKER,
        Role.INVESTIGATOR,
        Role.INTERVENTION_WORKER,
        Role.SUPERVISOR,
        Role.ADMIN_STAFF,
    }
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

    @property
    def district_id(self) -> int | None:
        """The district whose cases this user handles (None for central roles)."""
        return self.unit.district_id if self.unit_id else None

    @property
    def is_caseworker(self) -> bool:
        return self.role in CASEWORK_ROLES and self.unit_id is not None

    def __str__(self) -> str:
        return self.get_full_name() or self.username
