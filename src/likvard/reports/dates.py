"""The dates of a case's events as a worker enters them, for every case app.

`core.validation.check_event_date` holds the rule (not in the future, not before what
the case already records, within the municipality's window back, a reason when before
today); this module gives it the municipality's setting and logs a backdated date with
its reason, so every service that takes an event date does both the same way.
"""

import datetime

from likvard.access.models import AuditEntry
from likvard.access.services import record
from likvard.core.calendar import local_date
from likvard.core.validation import EarlierEvent, check_event_date
from likvard.organisation.models import District, MunicipalitySettings


def municipality_settings(district: District) -> MunicipalitySettings:
    """The date settings of the municipality the district belongs to."""
    return MunicipalitySettings.for_municipality(district.municipality)


def event_date(
    district: District,
    day: datetime.date,
    field: str,
    *,
    earlier: EarlierEvent,
    reason: str,
    now: datetime.datetime,
) -> str:
    """Check an event's date on a case of `district` as of `now`; the cleaned reason for a
    date before today ("" for today)."""
    return check_event_date(
        day,
        field,
        today=local_date(now),
        earlier=earlier,
        max_days_back=municipality_settings(district).max_backdating_days,
        reason=reason,
    )


def record_backdating(actor, obj, report, field: str, day, reason: str) -> None:
    """Log a date of `obj` (a step in `report`) entered before the day it was recorded,
    with its reason; nothing when there is none (the date is today)."""
    if reason:
        record(
            actor,
            AuditEntry.Action.CREATE,
            "backdate_event",
            obj,
            child_id=report.child_id,
            district_id=report.district_id,
            reason=reason,
            after={field: str(day)},
        )
