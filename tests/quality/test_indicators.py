"""Every indicator's numerator and denominator, per district, unit and month, on a known set."""

import datetime

import pytest

from likvard.organisation.models import District
from likvard.quality.indicators import INDICATORS
from likvard.quality.selectors import Cell, Period, compute

from . import builders

pytestmark = pytest.mark.django_db

PERIOD = Period(builders.FIRST, builders.LAST)
JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)

#: indicator → (Järva, Södermalm) as (numerator, denominator), worked out in builders.py.
EXPECTED = {
    # assessed: A R1 R2 R3 R4 R5, late R2 (00:10 next day); B R10 R11, late R11
    "protection_same_day": ((4, 5), (1, 2)),
    # decided: A R1 R2 R3 R4, late R2; B R10 R11, late R10 (00:30 next day)
    "decided_in_time": ((3, 4), (1, 2)),
    # held conversation: A R1 R3; B R11
    "child_heard": ((2, 4), (1, 2)),
    # decided violence: A R1 R2 R4, considered R1 R4; B R10, none
    "violence_police_considered": ((2, 3), (0, 1)),
    # reported: A R1 only (R4 "not now")
    "violence_police_reported": ((1, 3), (0, 1)),
    # not opened: A R1 R3 R4, known R1 R3 (R4: too old here, recent elsewhere); B R10 known
    "known_not_opened": ((2, 3), (1, 1)),
    # known and not opened: A R1 R3, the earlier reports motivated R1 (R3 gone past
    # the rule); B R10, a general motivation only
    "known_not_opened_motivated": ((1, 2), (0, 1)),
    # decided, mandated, asked: A R1 R2 R4, given R1 R4; B R10, none (R11 private)
    "feedback_given": ((2, 3), (0, 1)),
    # rules ran: A R1 R3 R4, overridden R1 R3; B none
    "rules_overridden": ((2, 3), (0, 0)),
    # completed, opened in the period: A I1 (late by law, on time by extension) I2; B I5
    "investigation_in_time": ((1, 2), (1, 1)),
    # open on TODAY: A R5 R6 R7, past due R5 R6; B R13, not past due
    "reports_past_due": ((2, 3), (0, 1)),
    # owed feedback: A R2 (past) R8 (not yet); B R10 (past)
    "feedback_past_due": ((1, 2), (1, 1)),
    # ongoing: A I3 (past); B I4 (due today)
    "investigations_past_due": ((1, 1), (0, 1)),
    # completed with consent missing: A I1 (motivation work) I2 (none); B I5 (motivation)
    "motivation_work_where_consent_missing": ((1, 2), (1, 1)),
}


@pytest.fixture
def cases(db):
    return builders.known_set()


def cell(numerator_denominator) -> Cell:
    return Cell(*numerator_denominator)


def test_every_indicator_is_checked():
    assert set(EXPECTED) == {indicator.id for indicator in INDICATORS}


@pytest.mark.parametrize("stored", [True, False], ids=["month-counts", "counted-afresh"])
def test_every_indicator_counts_exactly_per_district(cases, stored):
    numbers = compute(PERIOD, builders.TODAY, stored=stored)
    for indicator_id, (in_a, in_b) in EXPECTED.items():
        counted = numbers.indicators[indicator_id]
        assert counted.district(cases.a.pk) == cell(in_a), (indicator_id, "Järva")
        assert counted.district(cases.b.pk) == cell(in_b), (indicator_id, "Södermalm")
        assert counted.total == Cell(in_a[0] + in_b[0], in_a[1] + in_b[1]), indicator_id


def test_flows_are_grouped_by_the_month_of_receipt_in_stockholm(cases):
    numbers = compute(PERIOD, builders.TODAY).indicators
    decided = numbers["decided_in_time"]
    # R3 arrived 00:30 on 1 February in Stockholm, 31 January in UTC: a February case.
    assert decided.month(JAN, cases.a.pk) == Cell(1, 2)  # R1 on time, R2 late
    assert decided.month(FEB, cases.a.pk) == Cell(2, 2)  # R3, R4
    assert decided.month(JAN, cases.b.pk) == Cell(0, 1)  # R10
    assert decided.month(FEB, cases.b.pk) == Cell(1, 1)  # R11
    assert decided.month(JAN) == Cell(1, 3)
    assert decided.month(FEB) == Cell(3, 3)
    assessed = numbers["protection_same_day"]
    assert assessed.month(JAN, cases.a.pk) == Cell(1, 2)
    assert assessed.month(FEB, cases.a.pk) == Cell(3, 3)
    # Investigations count in the month they were opened: I2 on 31 January, I1 in February.
    in_time = numbers["investigation_in_time"]
    assert in_time.month(JAN, cases.a.pk) == Cell(1, 1)
    assert in_time.month(FEB, cases.a.pk) == Cell(0, 1)


def test_snapshot_indicators_have_no_months(cases):
    numbers = compute(PERIOD, builders.TODAY).indicators
    assert dict(numbers["reports_past_due"].months) == {}


def test_a_case_counts_at_its_workers_unit_and_an_unassigned_one_at_intake(cases):
    numbers = compute(PERIOD, builders.TODAY).indicators
    intake, investigation = cases.intake_unit_a.pk, cases.investigation_unit_a.pk
    assert numbers["decided_in_time"].unit(intake) == Cell(2, 3)  # R1, R2, R3
    assert numbers["decided_in_time"].unit(investigation) == Cell(1, 1)  # R4
    # R5 has nobody assigned: it is open, past due, and counted at the intake unit.
    assert numbers["reports_past_due"].unit(intake) == Cell(2, 3)


def test_the_period_limits_flows_but_not_snapshots(cases):
    january = compute(Period(JAN, JAN), builders.TODAY).indicators
    assert january["decided_in_time"].district(cases.a.pk) == Cell(1, 2)
    assert january["reports_past_due"].district(cases.a.pk) == Cell(2, 3)


def test_every_district_is_listed_even_without_cases(cases):
    empty = District.objects.create(name="Bromma", slug="bromma")
    numbers = compute(PERIOD, builders.TODAY)
    assert [d.name for d in numbers.districts] == ["Bromma", "Järva", "Södermalm"]
    assert numbers.indicators["decided_in_time"].district(empty.pk) == Cell(0, 0)
