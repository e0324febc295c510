"""Checks shared by every service: no future dates, bounded and required texts."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.core.calendar import local_date
from likvard.core.errors import InvalidInput

MAX_TEXT = 20_000
#: The largest id (or version) a row can have: a 64-bit signed integer on every backend.
MAX_ID = 2**63 - 1


def check_not_future(moment, field_name: str, now: datetime.datetime | None = None):
    """Refuse dates and times after now: nothing is recorded ahead of time."""
    now = now or timezone.now()
    later = moment > (now if isinstance(moment, datetime.datetime) else local_date(now))
    if later:
        raise InvalidInput(
            _("Datumet kan inte ligga i framtiden."), code="date_in_future", field=field_name
        )


def check_text(
    value: str, field_name: str, *, required: bool = True, max_length: int = MAX_TEXT
) -> str:
    """Strip a text field and refuse it when empty (if required) or too long."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Fältet måste fyllas i."), code="required", field=field_name)
    if len(value) > max_length:
        raise InvalidInput(
            _("Texten är för lång (högst %(max)d tecken).") % {"max": max_length},
            code="too_long",
            field=field_name,
        )
    return value
