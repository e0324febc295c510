"""The legal clocks as pure functions: calendar days in Europe/Stockholm."""

import datetime

import pytest

from likvard.core.calendar import STOCKHOLM, add_months, local_date
from likvard.reports import deadlines

UTC = datetime.UTC
D = datetime.date


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


# --- protection assessment: the local date of receipt ------------------------------------


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        # 23:30 UTC in winter is 00:30 the next day in Stockholm (UTC+1).
        (utc(2026, 1, 31, 23, 30), D(2026, 2, 1)),
        # 22:30 UTC in summer is 00:30 the next day in Stockholm (UTC+2).
        (utc(2026, 6, 30, 22, 30), D(2026, 7, 1)),
        # 23:30 UTC on New Year's Eve is already the new year in Stockholm.
        (utc(2026, 12, 31, 23, 30), D(2027, 1, 1)),
        # Last minute of the local day stays on that day.
        (utc(2026, 1, 31, 22, 59), D(2026, 1, 31)),
        (utc(2026, 6, 30, 21, 59), D(2026, 6, 30)),
        # Early morning UTC is the same local day.
        (utc(2026, 3, 10, 0, 0), D(2026, 3, 10)),
    ],
)
def test_protection_assessment_is_due_on_the_stockholm_date_of_receipt(received_at, due):
    assert deadlines.protection_assessment_due(received_at) == due


def test_protection_due_uses_stockholm_whatever_zone_the_moment_is_given_in():
    # 2026-02-01 04:30 in New York (UTC-5) is 10:30 in Stockholm the same day, and
    # 2026-02-01 20:30 in New York is 02:30 on 2 February in Stockholm.
    new_york = datetime.timezone(datetime.timedelta(hours=-5))
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    assert deadlines.protection_assessment_due(
        datetime.datetime(2026, 2, 1, 4, 30, tzinfo=new_york)
    ) == D(2026, 2, 1)
    assert deadlines.protection_assessment_due(
        datetime.datetime(2026, 2, 1, 20, 30, tzinfo=new_york)
    ) == D(2026, 2, 2)
    # 2026-02-01 07:00 in Tokyo is 23:00 on 31 January in Stockholm.
    assert deadlines.protection_assessment_due(
        datetime.datetime(2026, 2, 1, 7, 0, tzinfo=tokyo)
    ) == D(2026, 1, 31)


# --- a report that arrives late: the next day ---------------------------------------------

FOUR_PM = datetime.time(16, 0)


def stockholm(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        (stockholm(2026, 3, 10, 15, 59, 59), D(2026, 3, 10)),  # before the hour: same day
        (stockholm(2026, 3, 10, 16, 0), D(2026, 3, 11)),  # from the hour: next day
        (stockholm(2026, 3, 10, 23, 59), D(2026, 3, 11)),
        (stockholm(2026, 3, 11, 0, 5), D(2026, 3, 11)),  # after midnight: a new day
        (stockholm(2026, 1, 31, 17, 0), D(2026, 2, 1)),  # month end
        (stockholm(2026, 12, 31, 18, 0), D(2027, 1, 1)),  # year end
        (stockholm(2028, 2, 28, 16, 30), D(2028, 2, 29)),  # leap day
        # 15:30 UTC in summer is 17:30 in Stockholm (UTC+2): late; in winter 16:30: late.
        (utc(2026, 6, 30, 15, 30), D(2026, 7, 1)),
        (utc(2026, 1, 15, 14, 30), D(2026, 1, 15)),  # 15:30 in Stockholm: in time
        # The evening of a DST change day (2026-10-25, 25 hours long).
        (stockholm(2026, 10, 25, 16, 0), D(2026, 10, 26)),
    ],
)
def test_a_report_arriving_late_is_due_for_protection_the_next_day(received_at, due):
    assert deadlines.protection_assessment_due(received_at, FOUR_PM) == due


def test_without_a_late_hour_the_protection_assessment_is_always_due_the_same_day():
    assert deadlines.protection_assessment_due(stockholm(2026, 3, 10, 23, 59), None) == D(
        2026, 3, 10
    )


def test_the_late_hour_moves_no_other_deadline():
    late = stockholm(2026, 3, 10, 20, 0)
    assert deadlines.pre_assessment_due(late) == D(2026, 3, 24)


# --- daylight saving time: last Sunday of March and of October ---------------------------

# 2026-03-29: clocks go 02:00 CET -> 03:00 CEST at 01:00 UTC.
# 2026-10-25: clocks go 03:00 CEST -> 02:00 CET at 01:00 UTC.
# 2027-03-28 and 2027-10-31 are the same Sundays the year after.


@pytest.mark.parametrize(
    ("received_at", "local_day"),
    [
        # Spring forward 2026: 00:30 local (CET) on the Sunday is 23:30 UTC on Saturday.
        (utc(2026, 3, 28, 22, 59), D(2026, 3, 28)),
        (utc(2026, 3, 28, 23, 0), D(2026, 3, 29)),
        (utc(2026, 3, 28, 23, 30), D(2026, 3, 29)),
        (utc(2026, 3, 29, 0, 59), D(2026, 3, 29)),  # 01:59 CET
        (utc(2026, 3, 29, 1, 0), D(2026, 3, 29)),  # 03:00 CEST
        (utc(2026, 3, 29, 2, 30), D(2026, 3, 29)),
        (utc(2026, 3, 29, 3, 0), D(2026, 3, 29)),
        # After the change a day ends at 22:00 UTC, no longer at 23:00.
        (utc(2026, 3, 29, 21, 59), D(2026, 3, 29)),
        (utc(2026, 3, 29, 22, 0), D(2026, 3, 30)),
        (utc(2026, 3, 29, 22, 30), D(2026, 3, 30)),
        # Fall back 2026: 00:30 local (CEST) on the Sunday is 22:30 UTC on Saturday.
        (utc(2026, 10, 24, 21, 59), D(2026, 10, 24)),
        (utc(2026, 10, 24, 22, 0), D(2026, 10, 25)),
        (utc(2026, 10, 24, 22, 30), D(2026, 10, 25)),
        (utc(2026, 10, 25, 0, 30), D(2026, 10, 25)),  # 02:30 CEST, first time
        (utc(2026, 10, 25, 1, 0), D(2026, 10, 25)),  # 02:00 CET
        (utc(2026, 10, 25, 1, 30), D(2026, 10, 25)),  # 02:30 CET, second time
        (utc(2026, 10, 25, 3, 0), D(2026, 10, 25)),
        # After the change a day ends at 23:00 UTC, no longer at 22:00.
        (utc(2026, 10, 25, 22, 30), D(2026, 10, 25)),
        (utc(2026, 10, 25, 22, 59), D(2026, 10, 25)),
        (utc(2026, 10, 25, 23, 0), D(2026, 10, 26)),
        (utc(2026, 10, 25, 23, 30), D(2026, 10, 26)),
        # The same Sundays in 2027.
        (utc(2027, 3, 27, 23, 30), D(2027, 3, 28)),
        (utc(2027, 3, 28, 1, 30), D(2027, 3, 28)),
        (utc(2027, 10, 30, 22, 30), D(2027, 10, 31)),
        (utc(2027, 10, 31, 1, 30), D(2027, 10, 31)),
        (utc(2027, 10, 31, 23, 30), D(2027, 11, 1)),
    ],
)
def test_receipt_on_a_dst_change_day_gets_the_right_local_date(received_at, local_day):
    assert local_date(received_at) == local_day
    assert deadlines.protection_assessment_due(received_at) == local_day
    assert deadlines.pre_assessment_due(received_at) == local_day + datetime.timedelta(days=14)


@pytest.mark.parametrize(
    ("local_moment", "local_day"),
    [
        # 00:30 local on the spring and autumn Sundays, given in Stockholm time.
        (datetime.datetime(2026, 3, 29, 0, 30), D(2026, 3, 29)),
        (datetime.datetime(2026, 10, 25, 0, 30), D(2026, 10, 25)),
        # 02:30 on the autumn Sunday happens twice; both are that Sunday.
        (datetime.datetime(2026, 10, 25, 2, 30, fold=0), D(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 2, 30, fold=1), D(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 23, 59), D(2026, 10, 25)),
    ],
)
def test_local_times_on_dst_change_days_keep_their_date(local_moment, local_day):
    moment = local_moment.replace(tzinfo=STOCKHOLM)
    assert deadlines.protection_assessment_due(moment) == local_day
    assert deadlines.protection_assessment_due(moment.astimezone(UTC)) == local_day


# --- pre-assessment: 14 calendar days -----------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        (utc(2026, 3, 2, 9, 0), D(2026, 3, 16)),
        # Across a month end (30-day and 31-day months).
        (utc(2026, 4, 20, 9, 0), D(2026, 5, 4)),
        (utc(2026, 1, 25, 9, 0), D(2026, 2, 8)),
        # Across February, in a common year and in a leap year.
        (utc(2026, 2, 20, 9, 0), D(2026, 3, 6)),
        (utc(2028, 2, 20, 9, 0), D(2028, 3, 5)),
        (utc(2028, 2, 15, 9, 0), D(2028, 2, 29)),
        # Across the year end.
        (utc(2025, 12, 20, 9, 0), D(2026, 1, 3)),
        (utc(2026, 12, 31, 9, 0), D(2027, 1, 14)),
        # Received 23:30 UTC on New Year's Eve: the local date is 1 January.
        (utc(2026, 12, 31, 23, 30), D(2027, 1, 15)),
        # Received 23:30 UTC on 31 January: counted from 1 February.
        (utc(2026, 1, 31, 23, 30), D(2026, 2, 15)),
    ],
)
def test_pre_assessment_is_due_14_calendar_days_after_the_local_date_of_receipt(received_at, due):
    assert deadlines.pre_assessment_due(received_at) == due


# --- investigation: 4 months, month-end correct -------------------------------------------


@pytest.mark.parametrize(
    ("opened_on", "due"),
    [
        (D(2025, 10, 31), D(2026, 2, 28)),
        (D(2027, 10, 31), D(2028, 2, 29)),
        (D(2026, 6, 30), D(2026, 10, 30)),
        (D(2026, 8, 31), D(2026, 12, 31)),
        (D(2026, 9, 30), D(2027, 1, 30)),
        (D(2026, 10, 29), D(2027, 2, 28)),
        (D(2027, 10, 29), D(2028, 2, 29)),
        (D(2026, 11, 15), D(2027, 3, 15)),
        (D(2026, 12, 31), D(2027, 4, 30)),
        (D(2026, 1, 1), D(2026, 5, 1)),
        (D(2026, 5, 31), D(2026, 9, 30)),
    ],
)
def test_investigation_is_due_four_months_after_opening_clamped_to_month_end(opened_on, due):
    assert deadlines.investigation_due(opened_on) == due


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 30), 2, D(2027, 1, 30)),
        (D(2026, 12, 15), 12, D(2027, 12, 15)),
        (D(2026, 12, 15), 13, D(2028, 1, 15)),
        (D(2026, 3, 31), 0, D(2026, 3, 31)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


# --- feedback to a mandated reporter ------------------------------------------------------


@pytest.mark.parametrize(
    "decided_on", [D(2025, 7, 1), D(2025, 12, 31), D(2026, 1, 13), D(2026, 1, 14)]
)
def test_no_feedback_due_date_for_decisions_before_2026_01_15(decided_on):
    assert deadlines.feedback_due(decided_on) is None


@pytest.mark.parametrize(
    ("decided_on", "due"),
    [
        (D(2026, 1, 15), D(2026, 1, 22)),
        (D(2026, 1, 28), D(2026, 2, 4)),
        (D(2026, 2, 25), D(2026, 3, 4)),
        (D(2026, 12, 28), D(2027, 1, 4)),
    ],
)
def test_feedback_is_due_seven_days_after_decisions_from_2026_01_15(decided_on, due):
    assert deadlines.feedback_due(decided_on) == due


# --- urgency labels -----------------------------------------------------------------------

TODAY = D(2026, 6, 10)


@pytest.mark.parametrize(
    ("due", "label"),
    [
        (D(2025, 6, 10), "overdue"),
        (D(2026, 6, 9), "overdue"),
        (D(2026, 6, 10), "today"),
        (D(2026, 6, 11), "week"),
        (D(2026, 6, 17), "week"),
        (D(2026, 6, 18), "later"),
        (D(2027, 1, 1), "later"),
        (None, "none"),
    ],
)
def test_urgency_label_follows_the_due_date(due, label):
    assert deadlines.urgency(due, TODAY) == label


# --- naive datetimes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "function",
    [local_date, deadlines.protection_assessment_due, deadlines.pre_assessment_due],
)
def test_a_naive_datetime_is_refused(function):
    with pytest.raises(ValueError, match="naive"):
        function(datetime.datetime(2026, 3, 29, 0, 30))  # naive on purpose


# --- LVU: care reconsidered every 6 months (LVU 13 §) -------------------------------------


@pytest.mark.parametrize(
    ("started", "reconsidered", "due"),
    [
        (D(2026, 1, 15), None, D(2026, 7, 15)),
        # Month ends clamp: 31 Aug + 6 months is the last of February.
        (D(2026, 8, 31), None, D(2027, 2, 28)),
        (D(2027, 8, 31), None, D(2028, 2, 29)),  # leap year
        (D(2026, 12, 31), None, D(2027, 6, 30)),
        (D(2027, 8, 29), None, D(2028, 2, 29)),
        (D(2027, 8, 30), None, D(2028, 2, 29)),
        # A reconsideration restarts the clock from its own date.
        (D(2026, 1, 15), D(2026, 6, 30), D(2026, 12, 30)),
        (D(2026, 1, 15), D(2026, 8, 31), D(2027, 2, 28)),
    ],
)
def test_lvu_care_is_reconsidered_6_months_after_start_or_the_last_reconsideration(
    started, reconsidered, due
):
    assert deadlines.lvu_reconsideration_due(started, reconsidered) == due
