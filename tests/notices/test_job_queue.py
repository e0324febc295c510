"""The bulk send as a job of the database queue, run by the real worker (as
tests/quality/test_rollup_job.py does for the rollup): committed for real, enqueued
on the commit, sent by `db_worker` in batch mode, on SQLite and PostgreSQL alike."""

import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from likvard import cli
from likvard.notices import services
from likvard.notices.models import Notice, State
from likvard.reports.models import Feedback
from tests import factories

from . import builders

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


def run_worker() -> None:
    call_command("db_worker", *cli.WORKER_OPTIONS, "--batch", "--no-startup-delay", verbosity=0)


def send_jobs():
    return list(
        DBTaskResult.objects.filter(task_path=services.send_notices.module_path)
        .order_by("enqueued_at")
        .values_list("status", flat=True)
    )


def test_a_decision_prepares_and_the_worker_sends_in_bulk_once(intake_a, admin_a):
    # The decision's commit prepares its notice (no call of `prepare` here).
    reports = [
        builders.decided(intake_a, contact=builders.EMAIL),
        builders.decided(
            intake_a, contact=builders.POSTAL, personal_number=factories.CHILD_NUMBERS[1]
        ),
    ]
    notices = list(Notice.objects.filter(report__in=reports).order_by("pk"))
    assert [n.state for n in notices] == [State.PREPARED, State.PREPARED]
    ids = [n.pk for n in notices]

    assert services.queue_sending(admin_a, ids) == 2
    assert services.queue_sending(admin_a, ids) == 0  # a double submit: nothing more
    assert send_jobs() == [TaskResultStatus.READY]
    assert set(Notice.objects.values_list("state", flat=True)) == {State.SENDING}
    assert mail.outbox == []  # nothing is sent before the worker runs

    run_worker()

    assert send_jobs() == [TaskResultStatus.SUCCESSFUL]
    assert set(Notice.objects.values_list("state", flat=True)) == {State.SENT}
    assert len(mail.outbox) == 1
    assert Feedback.objects.filter(report__in=reports).count() == 2

    # The job retried (its row set back to ready, as a crashed worker's would be):
    # nothing is sent or recorded again.
    DBTaskResult.objects.update(status=TaskResultStatus.READY)
    run_worker()
    assert len(mail.outbox) == 1
    assert Feedback.objects.filter(report__in=reports).count() == 2
