"""Time as the municipality counts it: calendar dates in Europe/Stockholm.

A legal clock counts calendar days where the case is, not in UTC: a report
received at 00:30 on 1 March Stockholm time was received on 1 March, though UTC
still says February.
"""

import calendar
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar date in Stockholm of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: deadlines need an aware moment")
    return moment.astimezone(STOCKHOLM).date()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day `months` later, clamped to the month's end (31 Oct + 4 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def moment(at: datetime.datetime | None) -> datetime.datetime:
    """The moment a step happens: `at` when the caller writes a case as of a date (the
    demo, a test), else now. Services take `at=` so nothing needs to write around them."""
    if at is None:
        return timezone.now()
    if at.tzinfo is None:
        raise ValueError("naive datetime: a step needs an aware moment")
    return at
