"""Children and their network: the people a case is about.

A child's family is rows of `Relation` (a guardian with custody, another member of
the household) and `SiblingLink`, each valid from a moment until it is ended: a
relation is never edited or deleted, so the rows are the history (who recorded or
ended what, and when, is also in the audit log).
"""

from django.conf import settings
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
    # An unidentified child (no personnummer yet): what is known, until identified.
    birth_date_estimated = models.BooleanField(_("uppskattat födelsedatum"), default=False)
    school = models.CharField(_("skola eller förskola"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sammanförd med"),
        help_text=_("Barnet identifierades som ett barn som redan fanns registrerat."),
    )
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
        name = f"{self.first_name} {self.last_name}".strip()
        return name or str(_("Okänt barn (%(number)s)") % {"number": self.reserve_number})

    @property
    def identity_display(self) -> str:
        if self.personal_number:
            return parse(self.personal_number).display
        return self.reserve_number or ""


class Person(models.Model):
    """An adult in a child's network: a guardian, a household member, a relative.

    One row per person however many children they are related to; the address and
    phone are shown only through `selectors.address_for` (protected identity).
    """

    personal_number = models.CharField(_("personnummer"), max_length=12, blank=True)
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    protected_identity = models.BooleanField(_("skyddade personuppgifter"), default=False)
    address = models.CharField(_("adress"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.UniqueConstraint(
                fields=["personal_number"],
                condition=~models.Q(personal_number=""),
                name="person_once_per_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RelationRole(models.TextChoices):
    GUARDIAN = "guardian", _("Vårdnadshavare")
    HOUSEHOLD = "household", _("Annan i hushållet")


class Custody(models.TextChoices):
    JOINT = "joint", _("Gemensam vårdnad")
    SOLE = "sole", _("Ensam vårdnad")
    APPOINTED = "appointed", _("Särskilt förordnad vårdnadshavare")


class ValidityQuerySet(models.QuerySet):
    def current(self):
        """The rows not ended: the family as it is now."""
        return self.filter(valid_until__isnull=True)


class Validity(models.Model):
    """Valid from a moment until ended; who recorded and who ended it."""

    valid_from = models.DateTimeField(_("gäller från"))
    #: The district whose worker recorded the row: each district board is its own
    #: authority, so a family recorded in one district is read there only (and by a
    #: reader of every district, or under a grant): `selectors.family_districts`.
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    valid_until = models.DateTimeField(_("gäller till"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avslutad av"),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True


class Relation(Validity):
    """A person's place in a child's life: guardian (with custody) or household member.

    `alleged_perpetrator` marks the person the report says harmed the child: letters
    and anything sent to the guardians' side leave such a person out
    (`selectors.letter_recipients`).
    """

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="relations", verbose_name=_("barn")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="relations", verbose_name=_("person")
    )
    role = models.CharField(_("roll"), max_length=20, choices=RelationRole.choices)
    custody = models.CharField(_("vårdnad"), max_length=20, choices=Custody.choices, blank=True)
    alleged_perpetrator = models.BooleanField(_("uppgiven förövare"), default=False)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relationer")
        constraints = [
            models.UniqueConstraint(
                fields=["child", "person", "role", "district"],
                condition=models.Q(valid_until__isnull=True),
                name="relation_once_while_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(role="guardian", custody__in=["joint", "sole", "appointed"])
                | (~models.Q(role="guardian") & models.Q(custody="")),
                name="relation_custody_for_guardians",
            ),
        ]
        indexes = [models.Index(fields=["child", "valid_until"], name="relation_child")]


class SiblingQuerySet(ValidityQuerySet):
    def of(self, child_id):
        """The links of one child, from either side of the pair."""
        return self.filter(models.Q(child_id=child_id) | models.Q(sibling_id=child_id))


class SiblingLink(Validity):
    """Two children who are siblings: one row per pair, the lower id first.

    Symmetric by construction (stored once, read from either side) and never a child
    to itself (the check constraint).
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    sibling = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")

    objects = SiblingQuerySet.as_manager()

    class Meta:
        verbose_name = _("syskon")
        verbose_name_plural = _("syskon")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child__lt=models.F("sibling")), name="sibling_pair_ordered"
            ),
            models.UniqueConstraint(
                fields=["child", "sibling", "district"],
                condition=models.Q(valid_until__isnull=True),
                name="sibling_once_while_valid",
            ),
        ]
        indexes = [models.Index(fields=["sibling", "valid_until"], name="sibling_other_side")]
