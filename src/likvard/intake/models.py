"""The e-service's submissions, and the postal codes that route them to a district.

A submission is what a reporter sent through the public form. It becomes a
`reports.Report` (channel "e-tjänst") as soon as its district is known; until then
it waits in the central routing queue. What the reporter wrote is kept on the
submission only until the report is registered, then cleared: the report holds it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PostalCodeArea(models.Model):
    """A postal code and the district whose intake takes the children living there.

    Configuration data, replaced as a whole by `likvard import_postal_codes`.
    """

    postal_code = models.CharField(_("postnummer"), max_length=5, unique=True)
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.CASCADE,
        related_name="postal_codes",
        verbose_name=_("stadsdelsområde"),
    )

    class Meta:
        verbose_name = _("postnummerområde")
        verbose_name_plural = _("postnummerområden")
        ordering = ["postal_code"]

    def __str__(self) -> str:
        return f"{self.postal_code[:3]} {self.postal_code[3:]}"


class Route(models.TextChoices):
    POSTAL_CODE = "postal_code", _("Barnets postnummer")
    SCHOOL = "school", _("Skolans stadsdelsområde")
    SUPERVISOR = "supervisor", _("Fördelad av arbetsledare")


class Submission(models.Model):
    """One report sent through the e-service: once, whatever the reporter's browser
    resends (the form's idempotency key is unique)."""

    idempotency_key = models.UUIDField(_("inskickningsnyckel"), unique=True)
    reference = models.CharField(_("referensnummer"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("inkom"), default=timezone.now)
    #: The reporter's e-mail for the receipt ("" when none was given).
    receipt_email = models.EmailField(_("e-post för kvitto"), blank=True)
    #: What the reporter wrote, until the report is registered (then {}).
    payload = models.JSONField(_("anmälans uppgifter"), default=dict)
    # Shown in the central queue so that a supervisor can route without the narrative.
    postal_code = models.CharField(_("postnummer"), max_length=5, blank=True)
    school = models.CharField(_("skola"), max_length=200, blank=True)
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    route = models.CharField(_("fördelad efter"), max_length=20, choices=Route.choices, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fördelad av"),
    )
    report = models.OneToOneField(
        "reports.Report",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submission",
        verbose_name=_("orosanmälan"),
    )

    class Meta:
        verbose_name = _("anmälan via e-tjänsten")
        verbose_name_plural = _("anmälningar via e-tjänsten")
        indexes = [
            # The central queue: the submissions no district has yet, oldest first.
            models.Index(
                fields=["received_at"],
                name="submission_central",
                condition=models.Q(report__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def in_central_queue(self) -> bool:
        return self.report_id is None
