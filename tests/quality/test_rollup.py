"""The stored month counts follow every write made through the services, after its commit.

Tests run inside a transaction that never commits, so the refresh a write
registers for after its commit is run with `django_capture_on_commit_callbacks`;
the test settings run jobs inline. The job queue's own worker, retry and
dedupe: test_rollup_job.py.
"""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from likvard.access.services import record_read
from likvard.casework import services as casework
from likvard.core.calendar import local_date
from likvard.organisation.models import Role, Unit
from likvard.quality import rollup
from likvard.quality.models import MonthCount, RollupState
from likvard.quality.selectors import Cell, Period, compute
from likvard.reports.models import Feedback
from tests import factories

from . import builders
from .test_indicators import PERIOD

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def protection(district_id) -> Cell:
    today = local_date(timezone.now())
    return (
        compute(Period.ending(today), today).indicators["protection_same_day"].district(district_id)
    )


def assess(worker, report):
    return casework.assess_protection(
        worker,
        report.pk,
        version=report.version,
        immediate_protection_needed=False,
        assessment="Inget akut skyddsbehov.",
    )


def stored_equals_fresh() -> None:
    """Every number of the stored counts, down to unit and month, equals counting afresh."""
    today = local_date(timezone.now())
    period = Period.ending(today)
    stored, fresh = compute(period, today), compute(period, today, stored=False)
    for indicator_id, counted in stored.indicators.items():
        again = fresh.indicators[indicator_id]
        assert dict(counted.atoms) == dict(again.atoms), indicator_id
        assert dict(counted.units) == dict(again.units), indicator_id


def test_a_write_refreshes_the_stored_counts_after_its_commit(
    intake_a, district_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = factories.report(intake_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assess(intake_a, report)
    assert len(callbacks) == 1  # one refresh per transaction, however many entries it wrote
    assert RollupState.objects.get().audit_watermark == rollup._latest_audit_id()
    (row,) = MonthCount.objects.filter(source="report", district=district_a)
    assert row.counts["protection_same_day"] == [1, 1]
    assert protection(district_a.pk) == Cell(1, 1)
    stored_equals_fresh()


def test_a_page_shows_a_write_whose_refresh_has_not_run_without_writing(intake_a, district_a):
    """Before the refresh (failed, or not yet run), the page counts the month afresh."""
    rollup.refresh()
    report = factories.report(intake_a)
    assess(intake_a, report)  # its refresh is never run: the test's transaction never commits
    assert rollup._writes_after(RollupState.objects.get().audit_watermark).exists()
    with CaptureQueriesContext(connection) as queries:
        assert protection(district_a.pk) == Cell(1, 1)
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert not MonthCount.objects.exists()


def test_a_dashboard_get_makes_no_write_query(intake_a, district_a):
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    web = factories.web_client(supervisor)
    web.get("/kvalitet/")  # signs the session in; the page itself is what is measured next
    for state in ("never counted", "behind the log", "current"):
        if state == "behind the log":
            rollup.refresh()
            factories.assessed_report(intake_a, personal_number=factories.CHILD_NUMBERS[1])
        elif state == "current":
            rollup.refresh()
        with CaptureQueriesContext(connection) as queries:
            response = web.get("/kvalitet/")
        assert response.status_code == 200
        writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == [], state
    assert response.context["sections"][0].focus_total.denominator == 1


def test_stored_and_fresh_counts_are_equal_after_a_worker_moves_unit(
    intake_a, district_a, django_capture_on_commit_callbacks
):
    """A case counts at the unit it was assigned in, whoever handles it there later."""
    first = factories.assessed_report(intake_a)
    with django_capture_on_commit_callbacks(execute=True):
        second = factories.assessed_report(intake_a, personal_number=factories.CHILD_NUMBERS[1])
    intake = intake_a.unit
    assert {first.unit_id, second.unit_id} == {intake.pk}
    assert MonthCount.objects.get(district=district_a, source="report").unit_id == intake.pk

    other = Unit.objects.create(district=district_a, name="Utredning", kind=Unit.Kind.INVESTIGATION)
    intake_a.unit = other
    intake_a.save(update_fields=["unit"])
    # A later write to a third case (in the new unit) refreshes the months again.
    with django_capture_on_commit_callbacks(execute=True):
        factories.assessed_report(intake_a, personal_number=factories.CHILD_NUMBERS[2])

    units = {row.unit_id for row in MonthCount.objects.filter(district=district_a)}
    assert units == {intake.pk, other.pk}
    stored_equals_fresh()
    today = local_date(timezone.now())
    counted = compute(Period.ending(today), today).indicators["protection_same_day"]
    assert counted.unit(intake.pk) == Cell(2, 2) and counted.unit(other.pk) == Cell(1, 1)


def test_only_the_months_of_the_children_written_to_are_counted_again(
    intake_a, district_a, intake_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.assessed_report(intake_a)
        factories.assessed_report(intake_b, personal_number=factories.CHILD_NUMBERS[1])
    untouched = MonthCount.objects.get(district=intake_b.unit.district)
    with django_capture_on_commit_callbacks(execute=True):
        factories.assessed_report(intake_a, personal_number=factories.CHILD_NUMBERS[2])
    assert protection(district_a.pk) == Cell(2, 2)
    assert MonthCount.objects.get(district=intake_b.unit.district).pk == untouched.pk


def test_reading_a_case_registers_no_refresh(
    intake_a, district_a, django_capture_on_commit_callbacks
):
    report = factories.assessed_report(intake_a)
    rollup.refresh()
    before = RollupState.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        record_read(
            intake_a, "view_report", report, child_id=report.child_id, district_id=district_a.pk
        )
    assert callbacks == []
    after = RollupState.objects.get()
    assert (after.audit_watermark, after.refreshed_at) == (
        before.audit_watermark,
        before.refreshed_at,
    )


def test_a_write_rolled_back_in_a_savepoint_leaves_the_transactions_refresh_registered(
    intake_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                factories.report(intake_a)
                raise RuntimeError
        except RuntimeError:
            pass
        factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[1])
    assert len(callbacks) == 1


def test_counts_made_by_other_definitions_are_not_used_and_made_again(db):
    cases = builders.known_set()
    rollup.refresh()
    # feedback written straight to the table, as an older version of the counts
    Feedback.objects.create(
        report=cases.r10, given_on=cases.r10.feedback_due, method="phone", given_by=cases.worker_b
    )
    RollupState.objects.update(fingerprint="made by an earlier definition")
    counted = compute(PERIOD, builders.TODAY).indicators["feedback_given"]
    assert counted.district(cases.b.pk) == Cell(1, 1)  # counted afresh, nothing stored
    assert RollupState.objects.get().fingerprint != rollup.fingerprint()
    rollup.refresh()
    assert RollupState.objects.get().fingerprint == rollup.fingerprint()
    assert compute(PERIOD, builders.TODAY).indicators["feedback_given"].district(
        cases.b.pk
    ) == Cell(1, 1)


def test_writes_outside_the_services_show_after_a_rebuild(db):
    cases = builders.known_set()
    rollup.refresh()
    Feedback.objects.create(
        report=cases.r10, given_on=cases.r10.feedback_due, method="phone", given_by=cases.worker_b
    )
    # Not in the audit log, so not seen: the reason `quality_rollup --rebuild` exists.
    stale = compute(PERIOD, builders.TODAY).indicators["feedback_given"]
    assert stale.district(cases.b.pk) == Cell(0, 1)
    call_command("quality_rollup", "--rebuild", verbosity=0)
    fresh = compute(PERIOD, builders.TODAY).indicators["feedback_given"]
    assert fresh.district(cases.b.pk) == Cell(1, 1)
