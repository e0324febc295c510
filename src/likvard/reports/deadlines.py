"""Legal deadlines as pure functions: calendar days, Europe/Stockholm.

Deadlines are computed once, when the event that starts the clock happens, and
stored on the row (indexed) so that queues sort and filter on them in SQL.
"""

import datetime

from likvard.core.calendar import STOCKHOLM, add_months, local_date

#: Days from receipt to the decision whether to investigate (SoL 2025:400 20:2).
PRE_ASSESSMENT_DAYS = 14
#: Months from the decision to open to the end of an investigation (20:3).
INVESTIGATION_MONTHS = 4
#: Days from a decision to feedback to a mandated reporter, from 2026-01-15 (19:6).
FEEDBACK_DAYS = 7
FEEDBACK_WEEK_RULE_FROM = datetime.date(2026, 1, 15)


def protection_assessment_due(
    received_at: datetime.datetime, late_from: datetime.time | None = None
) -> datetime.date:
    """The protection assessment is due at once (20:1): the day the report arrives,
    or the next day when it arrived late, at or after `late_from` Stockholm time (the
    municipality's setting LIKVARD_LATE_REPORT_FROM; None: always the same day)."""
    if received_at.tzinfo is None:
        raise ValueError("naive datetime: deadlines need an aware moment")
    local = received_at.astimezone(STOCKHOLM)
    if late_from is not None and local.time() >= late_from:
        return local.date() + datetime.timedelta(days=1)
    return local.date()


def pre_assessment_due(received_at: datetime.datetime) -> datetime.date:
    """The decision whether to open an investigation: 14 calendar days after receipt."""
    return local_date(received_at) + datetime.timedelta(days=PRE_ASSESSMENT_DAYS)


def investigation_due(opened_on: datetime.date) -> datetime.date:
    """An investigation ends within 4 months of the decision to open it."""
    return add_months(opened_on, INVESTIGATION_MONTHS)


def feedback_due(decided_on: datetime.date, *, immediate: bool = False) -> datetime.date | None:
    """Feedback to a mandated reporter who asked: one week after the decision.

    The week rule applies to decisions from 2026-01-15 (SFS 2025:1501); before
    that the law set no number of days, so there is no due date to store. When an
    investigation is already running the feedback is due at once (`immediate`).
    """
    if decided_on < FEEDBACK_WEEK_RULE_FROM:
        return None
    return decided_on if immediate else decided_on + datetime.timedelta(days=FEEDBACK_DAYS)


def urgency(due: datetime.date | None, today: datetime.date) -> str:
    """Queue label for a due date: overdue, today, week (within 7 days) or later."""
    if due is None:
        return "none"
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    if due <= today + datetime.timedelta(days=7):
        return "week"
    return "later"


#: Months between the reconsiderations of care under LVU (LVU 13 §).
LVU_RECONSIDERATION_MONTHS = 6


def lvu_reconsideration_due(
    started_on: datetime.date, last_reconsidered_on: datetime.date | None = None
) -> datetime.date:
    """Care under LVU is reconsidered at least every 6 months (LVU 13 §): 6 months after
    the care began or after the last reconsideration, clamped to the month's end
    (31 Aug + 6 months = 28/29 Feb)."""
    return add_months(last_reconsidered_on or started_on, LVU_RECONSIDERATION_MONTHS)
