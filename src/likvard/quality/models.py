"""Stored counts of the flow indicators, kept current from the audit log.

Counting every case of ten years on each page view costs seconds; a month's
counts only change when one of its cases is written to, and every write of case
data appends an audit entry naming the child and the district. So the counts
are stored per month (`MonthCount`) and, before each use, the months of the
children written to since the last audit entry seen (`RollupState`) are counted
again. See `quality/rollup.py`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthCount(models.Model):
    """Numerators and denominators of the flow indicators of one district, unit and month."""

    source = models.CharField(_("källa"), max_length=20)
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    unit_id = models.PositiveBigIntegerField(
        _("enhet"), default=0, help_text=_("0: ingen enhet (räknas på mottagningen).")
    )
    month = models.DateField(_("månad"))
    counts = models.JSONField(_("antal"), default=dict)

    class Meta:
        verbose_name = _("månadsräkning")
        verbose_name_plural = _("månadsräkningar")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "district", "unit_id", "month"], name="month_count_once"
            )
        ]
        indexes = [models.Index(fields=["month"], name="month_count_month")]


class RollupState(models.Model):
    """One row: the stored counts hold every audit entry up to `audit_watermark`.

    `fingerprint` names the SQL the counts were made with; when the indicator
    definitions change, it changes, and the counts are made again from scratch.
    """

    fingerprint = models.CharField(_("fingeravtryck"), max_length=64)
    audit_watermark = models.BigIntegerField(_("senaste loggpost"), default=0)
    refreshed_at = models.DateTimeField(_("uppdaterad"))

    class Meta:
        verbose_name = _("läge för månadsräkningar")
        verbose_name_plural = _("läge för månadsräkningar")
