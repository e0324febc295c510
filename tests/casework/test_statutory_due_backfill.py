"""The migration that stores the statutory due date fills it in as the services would."""

import datetime
import importlib

import pytest
from django.apps import apps

from likvard.casework.models import Investigation
from likvard.people.models import Child
from likvard.reports import deadlines

from .. import factories

backfill = importlib.import_module(
    "likvard.casework.migrations.0007_investigation_statutory_due_date"
).backfill

pytestmark = pytest.mark.django_db

WRONG = datetime.date(2000, 1, 1)


def test_the_backfill_is_the_deadline_rule_on_every_opening_day_of_four_years():
    """Every day of four years (month ends and a leap day included), more days than
    one UPDATE takes, and two investigations opened on one day."""
    days = [datetime.date(2023, 1, 1) + datetime.timedelta(days=n) for n in range(4 * 365 + 1)]
    district = factories.district()
    child = Child.objects.create(
        reserve_number="R1", first_name="Test", last_name="Barn", birth_date=days[0]
    )
    Investigation.objects.bulk_create(
        Investigation(
            district=district,
            child=child,
            opened_on=day,
            statutory_due_date=WRONG,
            due_date=deadlines.investigation_due(day),
        )
        for day in [*days, days[0]]
    )
    backfill(apps, None)
    stored = Investigation.objects.values_list("opened_on", "statutory_due_date")
    assert len(stored) == len(days) + 1
    assert all(due == deadlines.investigation_due(opened) for opened, due in stored)
