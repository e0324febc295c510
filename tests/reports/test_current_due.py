"""A report's current due date: the SQL alias and the row's property say the same."""

import pytest
from django.db.models import F

from likvard.reports.models import Report

from .. import factories
from ..casework.conftest import open_investigation


@pytest.mark.django_db
def test_the_sql_alias_and_the_property_agree_in_every_state(intake_a):
    received = factories.report(intake_a)
    assessed = factories.assessed_report(intake_a)
    decided = open_investigation(intake_a).opening_decision.pre_assessment.report
    in_sql = dict(
        Report.objects.with_current_due().annotate(due=F("current_due")).values_list("pk", "due")
    )
    assert in_sql == {
        received.pk: received.protection_due,
        assessed.pk: assessed.decision_due,
        decided.pk: None,
    }
    assert in_sql == {row.pk: row.current_due for row in Report.objects.all()}
