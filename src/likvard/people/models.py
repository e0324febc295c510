"""Children and guardians: the people a case is about."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import granted_cases, readable_district_id

from .identity import parse


class ChildQuerySet(models.QuerySet):
    """A child is visible where one of the child's reports is: in that district."""

    def visible_to(self, user):
        """Children with a report in the user's district, or under a grant.

        The district's reports (indexed on district) give the child ids, read once
        (`id IN (SELECT child_id …)`). Written as a correlated EXISTS per child,
        SQLite without table statistics (a demo database nobody ran ANALYZE on)
        walked every child and, for each, the district's reports: 95 s for one page
        of the children list. This shape does not depend on the planner guessing
        right: ≈0.1 s on the same database, statistics or not. Without DISTINCT,
        PostgreSQL turns the IN into a semi-join and walks the children in the
        list's order (an index on the name) until a page is full, probing each
        child's reports by index: a few milliseconds at any size (DISTINCT made it
        hash all of a district's reports first, 0.2 s over ten years).
        """
        scope = readable_district_id(user)
        if scope is True:
            return self
        if scope is False:
            return self.none()
        report_model = self.model._meta.get_field(
            "reports"
        ).related_model  # reports stand on people
        district_children = (
            report_model.objects.filter(district_id=scope).order_by().values("child_id")
        )
        own = models.Q(pk__in=models.Subquery(district_children))
        return self.filter(own | models.Q(pk__in={child for _, child in granted_cases(user)}))


class Sex(models.TextChoices):
    """Legal sex as in the population register; used only for equity statistics."""

    FEMALE = "F", _("Flicka")
    MALE = "M", _("Pojke")
    UNKNOWN = "U", _("Okänt")


class Child(models.Model):
    """A child. Identified by personnummer, samordningsnummer or a reserve number.

    The child record is shared across districts so that earlier reports can be
    found; what each district wrote about the child stays in that district.
    """

    case_kind = "child"  # see likvard.core.cases

    personal_number = models.CharField(
        _("personnummer"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Personnummer eller samordningsnummer, 12 siffror."),
    )
    reserve_number = models.CharField(
        _("reservnummer"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Används när personnumret är okänt."),
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    birth_date = models.DateField(_("födelsedatum"))
    sex = models.CharField(_("kön"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    protected_identity = models.BooleanField(
        _("skyddade personuppgifter"),
        default=False,
        help_text=_("Sekretessmarkering eller skyddad folkbokföring."),
    )
    address = models.CharField(_("adress"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("barn")
        verbose_name_plural = _("barn")
        #: The API lists children in name order, a page at a time (keyset pagination).
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="child_name_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(personal_number__isnull=False)
                | models.Q(reserve_number__isnull=False),
                name="child_has_an_identity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def identity_display(self) -> str:
        if self.personal_number:
            return parse(self.personal_number).display
        return self.reserve_number or ""


class Guardian(models.Model):
    """A guardian (vårdnadshavare) of one or more children."""

    personal_number = models.CharField(_("personnummer"), max_length=12, blank=True)
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    protected_identity = models.BooleanField(_("skyddade personuppgifter"), default=False)
    address = models.CharField(_("adress"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    children = models.ManyToManyField(
        Child, related_name="guardians", verbose_name=_("barn"), blank=True
    )

    class Meta:
        verbose_name = _("vårdnadshavare")
        verbose_name_plural = _("vårdnadshavare")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
