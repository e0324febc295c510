"""The optional second factor: a six-digit code from an authenticator app.

RFC 6238 with the parameters every app supports (SHA-1, 30-second steps, six
digits); a code is accepted one step early or late for clock drift, and never
twice (the step of the last accepted code is stored).
"""

import re

import pyotp
from django.db import transaction
from django.utils import timezone

from likvard.access.models import AuditEntry, TOTPDevice
from likvard.access.services import record

ISSUER = "Likvärd"
DRIFT_STEPS = 1
_CODE = re.compile(r"^\d{6}$")


def is_enabled(user) -> bool:
    """Whether this user is asked for a code after the password."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def device_for_enrolment(user) -> TOTPDevice:
    """The user's device; a new, unconfirmed one with a fresh secret if there is none."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// address an authenticator app reads (as text or as a QR code)."""
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def verify(device: TOTPDevice, code: str) -> bool:
    """Check a code against the device and mark its step as used. Call inside a
    transaction with the device row locked (`locked_device`)."""
    code = (code or "").replace(" ", "")
    if not _CODE.match(code):
        return False
    try:
        step = pyotp.TOTP(device.secret).verify_and_get_timecode(
            code, for_time=timezone.now(), valid_window=DRIFT_STEPS
        )
    except pyotp.exceptions.OTPVerificationError:
        return False
    if device.last_used_step is not None and step <= device.last_used_step:
        return False  # a replayed code
    device.last_used_step = step
    device.save(update_fields=["last_used_step"])
    return True


def locked_device(user, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.select_for_update().filter(user=user, confirmed=confirmed).first()


def verify_sign_in(user, code: str):
    """The user if the code is right for their confirmed device, else None."""
    with transaction.atomic():
        device = locked_device(user, confirmed=True)
        return user if device is not None and verify(device, code) else None


def confirm(user, code: str) -> bool:
    """Turn on the second factor once the user has typed a code from the new device."""
    with transaction.atomic():
        device = locked_device(user, confirmed=False)
        if device is None or not verify(device, code):
            return False
        device.confirmed = True
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed", "confirmed_at"])
        record(user, AuditEntry.Action.UPDATE, "two_factor_enabled", user)
        return True


def disable(user) -> None:
    """Turn off the second factor (callers have checked the password and a code)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        record(user, AuditEntry.Action.UPDATE, "two_factor_disabled", user)
