"""POST /api/reports/{id}/assign/ and /api/investigations/{id}/assign/.

The permission matrix (test_access.SPECIAL) leaves these to this file: a valid
body on another district's case is 404 and changes nothing, with the same body
succeeding in the own district as the control.
"""

import pytest

from likvard.access.models import AuditEntry
from likvard.casework.assignment import assign_report
from likvard.casework.models import Investigation
from likvard.organisation.models import Role
from likvard.reports.models import Report
from tests import factories

from .helpers import error_code, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def investigator_a(district_a):
    return factories.user(Role.INVESTIGATOR, district_a)


@pytest.fixture
def investigator_b(district_b):
    return factories.user(Role.INVESTIGATOR, district_b)


def _target(kind, case):
    obj = case.investigation if kind == "investigation" else case.report
    return f"/api/{kind}s/{obj.pk}/assign/", obj


def _worker(kind, intake, investigator):
    return investigator if kind == "investigation" else intake


KINDS = ["report", "investigation"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_valid_body_on_another_districts_case_is_not_found_and_changes_nothing(
    client_for, supervisor_a, case_a, case_b, intake_b, investigator_b, kind
):
    url, obj = _target(kind, case_b)
    body = {"assigned_to": _worker(kind, intake_b, investigator_b).pk, "version": obj.version}
    before = snapshot()
    response = client_for(supervisor_a).post(url, body, format="json")
    assert response.status_code == 404, response.content
    assert error_code(response) == "not_found"
    assert snapshot() == before
    assert type(obj).objects.get(pk=obj.pk).assigned_to_id == obj.assigned_to_id


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_body_succeeds_for_the_districts_own_supervisor(
    client_for, supervisor_b, case_b, intake_b, investigator_b, kind
):
    url, obj = _target(kind, case_b)
    worker = _worker(kind, intake_b, investigator_b)
    response = client_for(supervisor_b).post(
        url, {"assigned_to": worker.pk, "version": obj.version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["assigned_to"]["id"] == worker.pk
    assert response.json()["version"] == obj.version + (obj.assigned_to_id != worker.pk)
    stored = type(obj).objects.get(pk=obj.pk)
    assert (stored.assigned_to_id, stored.unit_id) == (worker.pk, worker.unit_id)


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.ANALYST])
@pytest.mark.parametrize("kind", KINDS)
def test_roles_that_write_nothing_are_refused(
    client_for, case_a, intake_a, investigator_a, role, kind
):
    url, obj = _target(kind, case_a)
    body = {"assigned_to": _worker(kind, intake_a, investigator_a).pk, "version": obj.version}
    before = snapshot()
    response = client_for(factories.user(role)).post(url, body, format="json")
    assert response.status_code == 403
    assert snapshot() == before


def test_an_unassigned_investigation_goes_to_the_named_investigator_with_an_entry(
    client_for, supervisor_a, case_a, investigator_a
):
    investigation = case_a.investigation
    assert investigation.assigned_to_id is None  # a decision leaves it unassigned
    response = client_for(supervisor_a).post(
        f"/api/investigations/{investigation.pk}/assign/",
        {"assigned_to": investigator_a.pk, "version": investigation.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.get(verb="assign_investigation")
    assert entry.before["assigned_to"] is None
    assert entry.after["assigned_to"] == investigator_a.pk


def test_null_unassigns(client_for, supervisor_a, case_a):
    report = case_a.report
    response = client_for(supervisor_a).post(
        f"/api/reports/{report.pk}/assign/",
        {"assigned_to": None, "version": report.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["assigned_to"] is None
    assert Report.objects.get(pk=report.pk).assigned_to_id is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"version": 1}, "required"),
        ({"assigned_to": 2**63, "version": 1}, "max_value"),
        ({"assigned_to": None, "version": 1, "district": 1}, "district_not_allowed"),
    ],
    ids=["no assignee", "id out of range", "district"],
)
def test_an_incomplete_or_unknown_body_is_refused(client_for, supervisor_a, case_a, body, code):
    before = snapshot()
    response = client_for(supervisor_a).post(
        f"/api/reports/{case_a.report.pk}/assign/", body, format="json"
    )
    assert response.status_code == 400
    assert code in response.content.decode()
    assert snapshot() == before


def test_a_stale_version_is_a_conflict(client_for, supervisor_a, case_a, investigator_a):
    investigation = case_a.investigation
    url = f"/api/investigations/{investigation.pk}/assign/"
    api = client_for(supervisor_a)
    api.post(url, {"assigned_to": investigator_a.pk, "version": investigation.version}, "json")
    before = snapshot()
    response = api.post(url, {"assigned_to": None, "version": investigation.version}, "json")
    assert response.status_code == 409
    assert error_code(response) == "concurrent_change"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda district_b: factories.user(Role.INVESTIGATOR, district_b), "other_district"),
        (lambda district_b: factories.user(Role.INTAKE_WORKER), "other_district"),
    ],
    ids=["investigator elsewhere", "intake worker elsewhere"],
)
def test_another_districts_worker_is_refused(
    client_for, supervisor_a, case_a, district_b, make, code
):
    investigation = case_a.investigation
    before = snapshot()
    response = client_for(supervisor_a).post(
        f"/api/investigations/{investigation.pk}/assign/",
        {"assigned_to": make(district_b).pk, "version": investigation.version},
        format="json",
    )
    assert response.status_code == 400
    assert error_code(response) == code
    assert snapshot() == before


def test_an_inactive_investigator_is_refused(client_for, supervisor_a, case_a, investigator_a):
    investigator_a.is_active = False
    investigator_a.save(update_fields=["is_active"])
    investigation = case_a.investigation
    response = client_for(supervisor_a).post(
        f"/api/investigations/{investigation.pk}/assign/",
        {"assigned_to": investigator_a.pk, "version": investigation.version},
        format="json",
    )
    assert response.status_code == 400
    assert error_code(response) == "inactive_assignee"
    assert Investigation.objects.get(pk=investigation.pk).assigned_to_id is None


def test_a_worker_takes_an_unassigned_report_but_may_not_give_it_away(
    client_for, supervisor_a, intake_a, case_a, district_a
):
    report = assign_report(
        supervisor_a, case_a.report.pk, version=case_a.report.version, assignee_id=None
    )
    colleague = factories.user(Role.INTAKE_WORKER, district_a)
    url = f"/api/reports/{report.pk}/assign/"
    refused = client_for(intake_a).post(
        url, {"assigned_to": colleague.pk, "version": report.version}, format="json"
    )
    assert refused.status_code == 403
    assert error_code(refused) == "may_not_assign"
    taken = client_for(intake_a).post(
        url, {"assigned_to": intake_a.pk, "version": report.version}, format="json"
    )
    assert taken.status_code == 200
    assert Report.objects.get(pk=report.pk).assigned_to_id == intake_a.pk
