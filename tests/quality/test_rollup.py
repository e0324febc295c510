"""The stored month counts follow every write made through the services."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from likvard.access.services import record_read
from likvard.casework import services as casework
from likvard.casework.deadlines import local_date
from likvard.quality import rollup
from likvard.quality.models import MonthCount, RollupState
from likvard.quality.selectors import Cell, Period, compute
from likvard.reports.models import Feedback
from tests import factories

from . import builders
from .test_indicators import PERIOD

pytestmark = pytest.mark.django_db


def protection(district_id) -> Cell:
    today = local_date(timezone.now())
    return (
        compute(Period.ending(today), today).indicators["protection_same_day"].district(district_id)
    )


def test_a_step_taken_through_the_services_shows_at_the_next_view(intake_a, district_a):
    report = factories.report(intake_a)
    assert protection(district_a.pk) == Cell(0, 0)
    casework.assess_protection(
        intake_a,
        report.pk,
        version=report.version,
        immediate_protection_needed=False,
        assessment="Inget akut skyddsbehov.",
    )
    assert protection(district_a.pk) == Cell(1, 1)
    factories.assessed_report(intake_a, personal_number=factories.CHILD_NUMBERS[1])
    assert protection(district_a.pk) == Cell(2, 2)
    today = local_date(timezone.now())
    period = Period.ending(today)
    stored, live = compute(period, today), compute(period, today, stored=False)
    for indicator_id, counted in stored.indicators.items():
        assert dict(counted.districts) == dict(live.indicators[indicator_id].districts)


def test_only_the_months_of_the_children_written_to_are_counted_again(
    intake_a, district_a, intake_b, district_b
):
    factories.assessed_report(intake_a)
    factories.assessed_report(intake_b, personal_number=factories.CHILD_NUMBERS[1])
    protection(district_a.pk)
    untouched = MonthCount.objects.get(district=district_b)
    factories.assessed_report(intake_a, personal_number=factories.CHILD_NUMBERS[2])
    assert protection(district_a.pk) == Cell(2, 2)
    assert MonthCount.objects.get(district=district_b).pk == untouched.pk


def test_reading_a_case_does_not_make_the_counts_be_redone(intake_a, district_a):
    report = factories.assessed_report(intake_a)
    protection(district_a.pk)
    before = RollupState.objects.get()
    record_read(
        intake_a, "view_report", report, child_id=report.child_id, district_id=district_a.pk
    )
    protection(district_a.pk)
    after = RollupState.objects.get()
    assert (after.audit_watermark, after.refreshed_at) == (
        before.audit_watermark,
        before.refreshed_at,
    )


def test_counts_made_by_other_definitions_are_made_again(db):
    cases = builders.known_set()
    compute(PERIOD, builders.TODAY)
    # feedback written straight to the table, as an older version of the counts
    Feedback.objects.create(
        report=cases.r10, given_on=cases.r10.feedback_due, method="phone", given_by=cases.worker_b
    )
    RollupState.objects.update(fingerprint="made by an earlier definition")
    counted = compute(PERIOD, builders.TODAY).indicators["feedback_given"]
    assert counted.district(cases.b.pk) == Cell(1, 1)
    assert RollupState.objects.get().fingerprint == rollup.fingerprint()


def test_writes_outside_the_services_show_after_a_rebuild(db):
    cases = builders.known_set()
    compute(PERIOD, builders.TODAY)
    Feedback.objects.create(
        report=cases.r10, given_on=cases.r10.feedback_due, method="phone", given_by=cases.worker_b
    )
    # Not in the audit log, so not seen: the reason `quality_rollup --rebuild` exists.
    stale = compute(PERIOD, builders.TODAY).indicators["feedback_given"]
    assert stale.district(cases.b.pk) == Cell(0, 1)
    call_command("quality_rollup", "--rebuild", verbosity=0)
    fresh = compute(PERIOD, builders.TODAY).indicators["feedback_given"]
    assert fresh.district(cases.b.pk) == Cell(1, 1)
