"""The lockout rule: too many failed sign-ins for a username lock it for a while.

With the defaults, five failures for a username within 15 minutes refuse every
further attempt for that username, right password or not, until 15 minutes after
the last failure. Password and code failures count together; a completed sign-in
resets the count. Attempts are rows in the database (not the cache) so that every
process counts the same ones, and the check, the password or code check and the
new row run under a per-username lock, so parallel guesses cannot slip past the
count. Failed and refused attempts go to the audit log, never with the password.
"""

import datetime
import hashlib
import hmac
import ipaddress
import math
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import ngettext

from likvard.access.models import AuditEntry, LoginAttempt
from likvard.access.services import record

T = TypeVar("T")

# Which secret an attempt checked (recorded in the audit entry).
PASSWORD = "password"  # noqa: S105 (a label, not a secret)
CODE = "code"

_LOCK_NAMESPACE = 0x4C6F67  # "Log": the advisory-lock key space of sign-in attempts


@dataclass(frozen=True)
class Policy:
    attempts: int
    window: datetime.timedelta


def policy() -> Policy:
    return Policy(
        attempts=settings.LIKVARD_LOCKOUT_ATTEMPTS,
        window=datetime.timedelta(minutes=settings.LIKVARD_LOCKOUT_MINUTES),
    )


class SignInLocked(PermissionDenied):
    """The username is locked until `until`. A PermissionDenied, so that Django's
    `authenticate()` stops at once and answers None, as for a wrong password."""

    def __init__(self, until: datetime.datetime):
        super().__init__("sign-in locked")
        self.until = until


def message(until: datetime.datetime) -> str:
    """The Swedish text shown to a locked-out user."""
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "För många misslyckade inloggningar. Försök igen om %(minutes)d minut.",
        "För många misslyckade inloggningar. Försök igen om %(minutes)d minuter.",
        minutes,
    ) % {"minutes": minutes}


def normalise(username: str) -> str:
    """The key attempts are counted under: case and Unicode form do not matter."""
    return unicodedata.normalize("NFKC", username).casefold()[:150]


def client_ip(request) -> str | None:
    """The peer address as the server sees it (behind a proxy: the proxy's)."""
    address = getattr(request, "META", {}).get("REMOTE_ADDR", "") if request else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def locked_until(username: str) -> datetime.datetime | None:
    """When the username's lock ends, or None if it is not locked."""
    now = timezone.now()
    return _locked_until(_recent(normalise(username), now), now)


def guarded(
    request,
    username: str,
    check: Callable[[], T | None],
    *,
    factor: str,
    completes: Callable[[T], bool] = lambda value: True,
) -> T | None:
    """Run `check` (a password or code check: a value on success, None on failure)
    for `username` under the lockout rule and record its outcome.

    `completes(value)` says whether a success finishes the sign-in (and so resets
    the count); a password that still needs a code does not. Raises SignInLocked,
    without running `check`, while the username is locked.
    """
    key = normalise(username)
    ip = client_ip(request)
    with transaction.atomic():
        _serialise(key)
        now = timezone.now()
        recent = _recent(key, now)
        until = _locked_until(recent, now)
        if until is None:
            value = check()
            if value is None:
                _store(key, now, ip, succeeded=False)
                _audit(username, "sign_in_failed", factor=factor, ip=ip)
            elif completes(value) and recent and not recent[0][1]:
                # Only a success after failures needs a row: it is what resets the count.
                _store(key, now, ip, succeeded=True)
            return value
        _audit(username, "sign_in_locked", factor=factor, ip=ip, locked_until=until.isoformat())
    raise SignInLocked(until)


def audit_refusal(request, username: str, *, factor: str, reason: str) -> None:
    """Log a refused sign-in that is not a wrong secret (it does not count)."""
    with transaction.atomic():
        _audit(username, "sign_in_failed", factor=factor, ip=client_ip(request), reason=reason)


def _recent(key: str, now: datetime.datetime) -> list[tuple[datetime.datetime, bool]]:
    """The newest attempts that can still matter, newest first: (at, succeeded)."""
    rule = policy()
    return list(
        LoginAttempt.objects.filter(username=key, at__gte=now - 2 * rule.window)
        .order_by("-at", "-id")
        .values_list("at", "succeeded")[: rule.attempts]
    )


def _locked_until(recent, now: datetime.datetime) -> datetime.datetime | None:
    """Locked when the last N attempts all failed within one window; the lock lasts a
    window from the last of them. Refused attempts are not rows, so waiting works."""
    rule = policy()
    if len(recent) < rule.attempts or any(succeeded for _, succeeded in recent):
        return None
    newest, oldest = recent[0][0], recent[-1][0]
    if newest - oldest > rule.window or newest + rule.window <= now:
        return None
    return newest + rule.window


def _store(key: str, now: datetime.datetime, ip: str | None, *, succeeded: bool) -> None:
    """Add an attempt; delete those too old to matter (the typed names included)."""
    LoginAttempt.objects.create(username=key, at=now, ip=ip, succeeded=succeeded)
    LoginAttempt.objects.filter(at__lt=now - 2 * policy().window).delete()


def _serialise(key: str) -> None:
    """Hold a per-username lock until the transaction ends. PostgreSQL: an advisory
    lock; SQLite (IMMEDIATE transactions) already serialises every writer."""
    if connection.vendor == "postgresql":
        signed = zlib.crc32(key.encode()) - (1 << 31)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, signed])


def _audit(username: str, verb: str, **after) -> None:
    """An audit entry for a refused sign-in. A name that matches no account is
    logged as a keyed hash: people sometimes type their password in that field."""
    actor = get_user_model()._default_manager.filter(username=username).first()
    if actor is None:
        digest = hmac.new(
            settings.SECRET_KEY.encode(), normalise(username).encode(), hashlib.sha256
        ).hexdigest()[:16]
        actor = SimpleNamespace(pk=None, username=f"okänt:{digest}", role="")
    record(actor, AuditEntry.Action.DENIED, verb, after=after)
