"""The case journal (journalanteckningar): dated entries in the child's file for a case.

An entry is signed when it is saved and never changes afterwards: a mistake is put
right by a new entry that points at the one it corrects (`corrects`). The rows are
append-only on three levels: the model and its queryset refuse updates and deletes,
the pages and the API offer none, and on PostgreSQL a trigger refuses UPDATE and
DELETE from any SQL (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import ScopedQuerySet


class EntryLocked(RuntimeError):
    """A journal entry was about to be changed or deleted."""


class Kind(models.TextChoices):
    PHONE_CALL = "phone_call", _("Telefonsamtal")
    MEETING = "meeting", _("Möte")
    HOME_VISIT = "home_visit", _("Hembesök")
    CONVERSATION = "conversation", _("Samtal")
    COLLATERAL = "collateral", _("Kontakt med annan aktör")
    NOTE = "note", _("Anteckning")


class JournalEntryQuerySet(ScopedQuerySet):
    district_field = "district"

    def update(self, **kwargs):
        raise EntryLocked("journal entries are signed and cannot be changed")

    def delete(self):
        raise EntryLocked("journal entries are signed and cannot be deleted")


class JournalEntry(models.Model):
    """One signed entry about a report's case, in the district that handles the report."""

    case_kind = "journal_entry"  # see likvard.core.cases

    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="journal_entries",
        verbose_name=_("anmälan"),
    )
    # The report's child and district, copied at writing: the scope and the child's
    # timeline read them without a join.
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="+", verbose_name=_("barn")
    )
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    kind = models.CharField(_("typ av anteckning"), max_length=20, choices=Kind.choices)
    event_date = models.DateField(_("händelsedatum"))
    participants = models.CharField(_("deltagare"), max_length=500, blank=True)
    child_took_part = models.BooleanField(_("barnet deltog"), default=False)
    text = models.TextField(_("anteckning"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("rättar anteckningen"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skriven av"),
    )
    #: The moment it was written and signed: an entry is locked on save.
    signed_at = models.DateTimeField(_("signerad"))

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("journalanteckning")
        verbose_name_plural = _("journalanteckningar")
        indexes = [
            models.Index(fields=["child", "event_date"], name="journal_child_date"),
            models.Index(fields=["report", "event_date"], name="journal_report_date"),
        ]
        constraints = [
            # One correction per entry: a later correction corrects the correction, so
            # the chain stays a line a reader can follow, never a branch.
            models.UniqueConstraint(
                fields=["corrects"],
                condition=models.Q(corrects__isnull=False),
                name="journal_one_correction_per_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.event_date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise EntryLocked("journal entries are signed and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EntryLocked("journal entries are signed and cannot be deleted")
