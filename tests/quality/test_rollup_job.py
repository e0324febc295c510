"""The rollup refresh as a job of the database queue, run by the real worker.

The other quality tests run jobs inline (test settings); these switch to the
database backend production uses, commit for real (`transaction=True`), and run
`db_worker` with the options of `likvard worker`, in batch mode: it runs what
is due and returns.
"""

import datetime
import logging
import signal
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from likvard import cli
from likvard.organisation.models import Role
from likvard.quality import rollup
from likvard.quality.models import MonthCount, RollupState
from tests import factories

from .test_rollup import WRITES

# serialized_rollback: the rows the migrations seed (the roles' groups) are back after the
# flush that ends a transactional test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READY, RUNNING = TaskResultStatus.READY, TaskResultStatus.RUNNING
FAILED, SUCCESSFUL = TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL


@pytest.fixture(autouse=True)
def database_queue(settings):
    """The production backend; the worker's signal handlers undone after each test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


def run_worker() -> None:
    call_command("db_worker", *cli.WORKER_OPTIONS, "--batch", "--no-startup-delay", verbosity=0)


def jobs() -> list[tuple[str, dict]]:
    """(status, kwargs) of every refresh job, oldest first."""
    return [
        (job.status, job.args_kwargs["kwargs"])
        for job in DBTaskResult.objects.filter(task_path=rollup.refresh_job.module_path).order_by(
            "enqueued_at"
        )
    ]


def stored() -> dict:
    return {
        (r.source, r.district_id, r.unit_id, r.month): r.counts for r in MonthCount.objects.all()
    }


def fresh() -> dict:
    return {
        (r.source, r.district_id, r.unit_id, r.month): r.counts
        for source in rollup.FLOW_SOURCES
        for r in rollup._month_rows(source, Q())
    }


@contextmanager
def month_counts_table_gone():
    """A real failure of the refresh: its table renamed away, renamed back after."""
    table = MonthCount._meta.db_table
    away = f"{table}_away"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote(away)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {quote(away)} RENAME TO {quote(table)}")


def test_a_write_enqueues_the_refresh_and_the_worker_brings_the_counts_up(intake_a, district_a):
    rollup.refresh()  # counted (nothing yet) before the write
    factories.assessed_report(intake_a)  # two transactions: a report, its assessment

    assert jobs() == [(READY, {})]
    assert rollup._writes_after(RollupState.objects.get().audit_watermark).exists()
    assert stored() == {} and fresh() != {}  # stale until the job runs

    # Meanwhile the dashboard shows the write, counted afresh, and writes nothing.
    web = factories.web_client(factories.user(Role.SUPERVISOR, district_a))
    web.get("/kvalitet/")
    with CaptureQueriesContext(connection) as queries:
        page = web.get("/kvalitet/")
    assert page.status_code == 200
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert page.context["sections"][0].focus_total.denominator == 1
    assert jobs() == [(READY, {})]

    run_worker()

    assert jobs() == [(SUCCESSFUL, {})]
    assert RollupState.objects.get().audit_watermark == rollup._latest_audit_id()
    assert stored() == fresh() != {}


def test_one_waiting_job_covers_every_write_but_a_running_one_does_not(intake_a):
    factories.assessed_report(intake_a)
    factories.assessed_report(intake_a, personal_number=factories.CHILD_NUMBERS[1])
    assert jobs() == [(READY, {})]  # four commits, one job waiting

    # A job already running may have read the watermark before the next commit.
    DBTaskResult.objects.update(status=RUNNING)
    factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[2])
    assert jobs() == [(RUNNING, {}), (READY, {})]

    run_worker()
    assert jobs() == [(RUNNING, {}), (SUCCESSFUL, {})]
    assert stored() == fresh()


def test_a_failed_refresh_is_retried_after_a_wait_and_succeeds(intake_a, caplog):
    rollup.refresh()
    factories.assessed_report(intake_a)
    watermark = RollupState.objects.get().audit_watermark

    with month_counts_table_gone(), caplog.at_level(logging.WARNING, logger=rollup.__name__):
        started = timezone.now()
        run_worker()
        # The failed attempt changed nothing; the next waits 10 s.
        assert RollupState.objects.get().audit_watermark == watermark
        assert jobs() == [(FAILED, {}), (READY, {"attempt": 2})]
        retry = DBTaskResult.objects.get(status=READY)
        assert retry.run_after >= started + datetime.timedelta(seconds=rollup.BACKOFF_SECONDS)

    (line,) = [r.getMessage() for r in caplog.records if r.name == rollup.__name__]
    assert line.endswith("attempt 1 of 5: retried in 10 s"), line
    failed = DBTaskResult.objects.get(status=FAILED)
    for text in (line, failed.traceback):
        assert factories.CHILD_NUMBERS[0] not in text and "Alva" not in text

    run_worker()  # not due yet
    assert jobs() == [(FAILED, {}), (READY, {"attempt": 2})]

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the wait is over
    run_worker()
    assert jobs() == [(FAILED, {}), (SUCCESSFUL, {"attempt": 2})]
    assert RollupState.objects.get().audit_watermark == rollup._latest_audit_id()
    assert stored() == fresh() != {}


def test_the_last_attempt_is_not_retried(intake_a, caplog):
    factories.report(intake_a)
    DBTaskResult.objects.all().delete()
    rollup.refresh_job.enqueue(attempt=rollup.ATTEMPTS)
    with month_counts_table_gone(), caplog.at_level(logging.WARNING, logger=rollup.__name__):
        run_worker()
    assert jobs() == [(FAILED, {"attempt": rollup.ATTEMPTS})]
    (line,) = [r.getMessage() for r in caplog.records if r.name == rollup.__name__]
    assert line.endswith("attempt 5 of 5: not retried"), line

    factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[1])  # the next write
    assert jobs()[-1] == (READY, {})
