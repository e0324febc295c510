"""The unit that handles a case is stored on the case when it gets a handler.

Counts by unit read this snapshot, so a handler who later moves to another unit
does not move the cases they once handled.
"""

from django.db.models import F
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.casework.assignment import snapshot_assignee_units
from likvard.casework.models import Investigation
from likvard.demo.generator import generate
from likvard.demo.municipalities import STOCKHOLM
from likvard.organisation.models import Unit
from likvard.reports.models import Report

from .. import factories


def test_registration_stores_the_registering_workers_unit(intake_a):
    report = factories.report(intake_a)
    assert Report.objects.get(pk=report.pk).unit_id == intake_a.unit_id
    entry = AuditEntry.objects.get(verb="register_report", object_id=report.pk)
    assert entry.after["assigned_to"] == intake_a.pk
    assert entry.after["unit"] == intake_a.unit_id


def test_the_snapshot_stays_when_the_worker_moves_unit(intake_a, district_a):
    report = factories.report(intake_a)
    other = Unit.objects.create(district=district_a, name="Barn och unga", kind=Unit.Kind.INTAKE)
    intake_a.unit = other
    intake_a.save(update_fields=["unit"])
    assert Report.objects.get(pk=report.pk).unit_id != other.pk


def test_bulk_written_cases_get_their_assignees_unit(intake_a):
    report = factories.report(intake_a)
    Report.objects.filter(pk=report.pk).update(unit=None)  # as a bulk import writes it
    assert snapshot_assignee_units() == 1
    assert Report.objects.get(pk=report.pk).unit_id == intake_a.unit_id


def test_every_assigned_case_of_the_demo_has_its_assignees_unit(db):
    generate(STOCKHOLM, years=1, seed=3, scale=0.01, now=timezone.now(), demo_accounts=False)
    for model in (Report, Investigation):
        assigned = model.objects.filter(assigned_to__isnull=False)
        assert assigned.exists()
        assert not assigned.exclude(unit_id=F("assigned_to__unit_id")).exists(), model
