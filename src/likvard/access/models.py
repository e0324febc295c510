"""The audit log: append-only, written in the same transaction as the change.

Entries keep the actor's id and name as plain values, not foreign keys, so that
no deletion anywhere can cascade into the log.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes; the database triggers refuse raw SQL as well."""

    def update(self, **kwargs):
        raise RuntimeError("audit entries are append-only")

    def delete(self):
        raise RuntimeError("audit entries are append-only")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        READ = "read", _("Läsning")
        CREATE = "create", _("Registrering")
        UPDATE = "update", _("Ändring")
        TRANSITION = "transition", _("Statusändring")
        DENIED = "denied", _("Nekad åtkomst")

    at = models.DateTimeField(_("tidpunkt"), db_index=True)
    actor_id = models.BigIntegerField(_("användar-id"), null=True)
    actor_username = models.CharField(_("användare"), max_length=150)
    actor_role = models.CharField(_("roll"), max_length=30, blank=True)
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    verb = models.CharField(_("åtgärd"), max_length=50, help_text=_("T.ex. not_open, view_child"))
    object_type = models.CharField(_("objekttyp"), max_length=50)
    object_id = models.BigIntegerField(_("objekt-id"), null=True)
    child_id = models.BigIntegerField(_("barn-id"), null=True, db_index=True)
    district_id = models.BigIntegerField(_("stadsdelsområde-id"), null=True)
    request_id = models.CharField(_("anrops-id"), max_length=64, blank=True)
    channel = models.CharField(_("kanal"), max_length=10, blank=True, help_text="ui/api/cli")
    before = models.JSONField(_("före"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)
    reason = models.TextField(_("skäl"), blank=True)

    previous_hash = models.CharField(_("föregående hash"), max_length=64)
    #: HMAC-SHA256 under the key `key_id` names (access/chain.py); plain SHA-256 for
    #: entries from before the key, whose key id is empty.
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)
    key_id = models.CharField(_("nyckel-id"), max_length=32, blank=True, default="")

    objects = AppendOnlyQuerySet.as_manager()

    #: The fields whose values the hash covers, in a fixed order.
    HASHED_FIELDS = (
        "at",
        "actor_id",
        "actor_username",
        "actor_role",
        "action",
        "verb",
        "object_type",
        "object_id",
        "child_id",
        "district_id",
        "request_id",
        "channel",
        "before",
        "after",
        "reason",
    )

    class Meta:
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")
        ordering = ["-id"]
        indexes = [models.Index(fields=["actor_id", "at"], name="audit_actor_time")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit entries are append-only")


class LoginAttempt(models.Model):
    """One password or code attempt, counted by the lockout rule (`access/auth/lockout.py`).

    Stored in the database, not a cache, so that every process counts the same
    attempts. Not part of the audit log: rows older than the rule can look back are
    pruned; failures are in the audit log as well.
    """

    username = models.CharField(_("användarnamn"), max_length=150)
    at = models.DateTimeField(_("tidpunkt"))
    ip = models.GenericIPAddressField(_("ip-adress"), null=True, blank=True)
    succeeded = models.BooleanField(_("lyckades"))

    class Meta:
        verbose_name = _("inloggningsförsök")
        verbose_name_plural = _("inloggningsförsök")
        indexes = [
            models.Index(fields=["username", "at"], name="login_attempt_user_time"),
            models.Index(fields=["at"], name="login_attempt_time"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class TOTPDevice(models.Model):
    """A staff member's authenticator app (TOTP, RFC 6238): the optional second factor.

    Unconfirmed until the user has typed one code from it; only a confirmed device
    is asked for at sign-in.
    """

    user = models.OneToOneField(
        "organisation.User",
        on_delete=models.CASCADE,
        related_name="totp_device",
        verbose_name=_("medarbetare"),
    )
    secret = models.CharField(_("hemlig nyckel"), max_length=64)
    confirmed = models.BooleanField(_("bekräftad"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad den"), null=True, blank=True)
    last_used_step = models.BigIntegerField(
        _("senast använda tidssteg"),
        null=True,
        blank=True,
        help_text=_("Samma kod godtas inte två gånger."),
    )

    class Meta:
        verbose_name = _("autentiseringsapp")
        verbose_name_plural = _("autentiseringsappar")

    def __str__(self) -> str:
        return str(self.user)


class AccessGrant(models.Model):
    """A worker's request to read another district's case about a child, and its answer.

    Each district board is its own authority: a supervisor there (holding
    `grant_case_access`) may let a worker from elsewhere read the child's case in
    that district, for a limited time. Reading only; nothing can be changed.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Begärd")
        GRANTED = "granted", _("Beviljad")
        DENIED = "denied", _("Avslagen")

    requester = models.ForeignKey(
        "organisation.User",
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("begärd av"),
    )
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="+", verbose_name=_("barn")
    )
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    reason = models.TextField(_("skäl"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("begärd"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "organisation.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    expires_at = models.DateTimeField(_("gäller till"), null=True, blank=True)

    class Meta:
        verbose_name = _("åtkomst till annat stadsdelsområde")
        verbose_name_plural = _("åtkomster till andra stadsdelsområden")
        indexes = [
            models.Index(fields=["requester", "status", "expires_at"], name="grant_active"),
            models.Index(fields=["district", "status"], name="grant_pending"),
        ]
