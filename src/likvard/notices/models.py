"""Feedback to reporters as letters and e-mails (återkoppling till anmälare, SoL 19:6)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import ScopedQuerySet
from likvard.reports.workflow import DecisionKind


class Channel(models.TextChoices):
    EMAIL = "email", _("E-post")
    LETTER = "letter", _("Brev")
    NONE = "none", _("Kan inte skickas")


class State(models.TextChoices):
    PREPARED = "prepared", _("Förberedd")
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickad")
    FAILED = "failed", _("Misslyckades")
    UNDELIVERABLE = "undeliverable", _("Kom inte fram")
    UNSENDABLE = "unsendable", _("Kan inte skickas")


class Unsendable(models.TextChoices):
    """Why a prepared feedback cannot be sent by the system (shown on the queue)."""

    NO_ADDRESS = (
        "no_address",
        _(
            "Anmälaren har inte lämnat någon e-postadress eller postadress. Ring eller skriv "
            "och registrera återkopplingen på anmälan."
        ),
    )
    TRANSFERRED = (
        "transferred",
        _("Ärendet har överflyttats till en annan kommun, som lämnar återkopplingen."),
    )


class Bounce(models.TextChoices):
    """Why a sent letter or e-mail did not reach the reporter (a choice: no free text)."""

    UNKNOWN_ADDRESS = "unknown_address", _("Okänd adress eller mottagare")
    RETURNED = "returned", _("Brevet kom i retur")
    MAILBOX = "mailbox", _("E-postlådan tar inte emot")
    OTHER = "other", _("Annat skäl")


class NoticeQuerySet(ScopedQuerySet):
    district_field = "report__district"


class Notice(models.Model):
    """One attempt to tell a reporter the outcome: a letter or an e-mail.

    Prepared from the decision, sent from the administrators' queue by a job, and
    marked undeliverable when it comes back; a new attempt (another channel or
    address) is a new row with the next `attempt`, so one attempt is sent at most
    once and the history stays.
    """

    case_kind = "reporter_notice"  # see likvard.core.cases

    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("orosanmälan"),
    )
    attempt = models.PositiveSmallIntegerField(_("försök"), default=1)
    outcome = models.CharField(_("beslut"), max_length=30, choices=DecisionKind.choices)
    decided_on = models.DateField(_("beslutsdag"))
    due = models.DateField(_("återkoppling senast"), null=True, blank=True)
    channel = models.CharField(_("sätt"), max_length=10, choices=Channel.choices)
    # The reporter's e-mail or postal address as they gave it (never in the audit log).
    address = models.CharField(_("adress"), max_length=200, blank=True)
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.PREPARED
    )
    unsendable = models.CharField(_("skäl"), max_length=20, choices=Unsendable.choices, blank=True)
    # The kind of error a failed send met (an exception's class name, never its text).
    failure = models.CharField(_("fel"), max_length=100, blank=True)
    prepared_at = models.DateTimeField(_("förberedd"), default=timezone.now)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skickad av"),
    )
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    feedback = models.OneToOneField(
        "reports.Feedback",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice",
        verbose_name=_("registrerad återkoppling"),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brevet i akten"),
    )
    bounce = models.CharField(_("skäl"), max_length=20, choices=Bounce.choices, blank=True)
    undelivered_on = models.DateField(_("kom inte fram"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("återkoppling till anmälare")
        verbose_name_plural = _("återkopplingar till anmälare")
        constraints = [
            models.UniqueConstraint(fields=["report", "attempt"], name="notice_attempt_once")
        ]
        indexes = [models.Index(fields=["state", "due"], name="notice_queue")]

    def __str__(self) -> str:
        return f"{_('Återkoppling')} {self.report_id}:{self.attempt}"
