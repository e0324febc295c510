"""Checks shared by every service: no future dates, bounded and required texts, reasons
of some substance, and event dates that cannot rewrite a case's history."""

import datetime
from dataclasses import dataclass

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


def check_reason(value: str, field_name: str, *, min_length: int) -> str:
    """A reason of some substance: required, at least `min_length` characters and two
    words, so a decision's ground is never "x" or "-"."""
    value = check_text(value, field_name)
    if len(value) < min_length or len(value.split()) < 2:
        raise InvalidInput(
            _("Skälet är för kort. Beskriv skälen med minst %(min)d tecken.") % {"min": min_length},
            code="reason_too_short",
            field=field_name,
        )
    return value


#: The shortest reason for dating an event before today.
BACKDATING_REASON_MIN = 10


@dataclass(frozen=True)
class EarlierEvent:
    """The latest event already recorded on a case, which a new date may not precede."""

    day: datetime.date
    #: What it was, in Swedish, as the message names it ("utredningen inleddes").
    label: str


def check_not_before(day: datetime.date, field_name: str, earlier: EarlierEvent) -> None:
    """Refuse a date before what is already recorded: a later step cannot precede it."""
    if day < earlier.day:
        raise InvalidInput(
            _("Datumet kan inte ligga före %(event)s (%(day)s).")
            % {"event": earlier.label, "day": earlier.day.isoformat()},
            code="before_earlier_event",
            field=field_name,
        )


def check_event_date(
    day: datetime.date,
    field_name: str,
    *,
    today: datetime.date,
    earlier: EarlierEvent,
    max_days_back: int,
    reason: str,
) -> str:
    """An event's date as a worker enters it: not in the future, not before what the case
    already records, at most `max_days_back` days back, and, when before today, with a
    reason (returned cleaned, or "" for today). Nothing recorded can rewrite history."""
    if day > today:
        raise InvalidInput(
            _("Datumet kan inte ligga i framtiden."), code="date_in_future", field=field_name
        )
    check_not_before(day, field_name, earlier)
    if (today - day).days > max_days_back:
        raise InvalidInput(
            _("Datumet får ligga högst %(days)d dagar bakåt i tiden.") % {"days": max_days_back},
            code="backdated_too_far",
            field=field_name,
        )
    if day == today:
        return ""
    if not (reason or "").strip():
        raise InvalidInput(
            _("Datumet ligger före i dag. Ange skälet till efterregistreringen."),
            code="backdating_reason_required",
            field="backdating_reason",
        )
    return check_reason(reason, "backdating_reason", min_length=BACKDATING_REASON_MIN)
