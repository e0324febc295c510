"""The feedback task leaves the worker's queue when the report is archived with a reason."""

import pytest

from likvard.casework import services
from likvard.casework.models import Decision
from likvard.casework.selectors import work_queue
from likvard.reports.models import Report

from .. import factories
from .conftest import heard

pytestmark = pytest.mark.django_db


def test_archiving_with_a_reason_settles_the_feedback_task(intake_a, today):
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    services.decide(
        intake_a,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=None,
    )
    assert [i.kind for i in work_queue(intake_a, today)].count("feedback") == 1
    services.archive_report(
        intake_a,
        report.pk,
        version=Report.objects.get(pk=report.pk).version,
        reason_no_feedback="Anmälaren har avböjt återkoppling.",
    )
    assert [i.kind for i in work_queue(intake_a, today)].count("feedback") == 0
