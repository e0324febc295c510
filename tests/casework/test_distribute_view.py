"""The supervisors' page "Fördela ärenden" (/arenden/fordela/)."""

import pytest

from likvard.casework.models import Investigation
from likvard.organisation.models import Role
from likvard.reports.models import Report

from .. import factories
from .conftest import open_investigation
from .helpers import fields_of, last_audit_id, row_counts

URL = "/arenden/fordela/"


@pytest.fixture
def supervisor_a(district_a):
    return factories.user(Role.SUPERVISOR, district_a)


@pytest.fixture
def investigator_a(district_a):
    return factories.user(Role.INVESTIGATOR, district_a)


def _post(client, obj, kind, assignee, **extra):
    body = {"kind": kind, "case": obj.pk, "version": obj.version, "assigned_to": assignee or ""}
    return client.post(URL, {**body, **extra})


def test_a_supervisor_sees_the_unassigned_investigation_with_each_workers_caseload(
    intake_a, supervisor_a, investigator_a
):
    investigation = open_investigation(intake_a)
    page = factories.web_client(supervisor_a).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/utredning/{investigation.pk}/"' in html
    assert f'<option value="{investigator_a.pk}">' in html
    assert 'href="/arenden/fordela/"' in html  # the nav link
    assert 'id="workload"' in html


def test_assigning_from_the_page_redirects_with_a_message(intake_a, supervisor_a, investigator_a):
    investigation = open_investigation(intake_a)
    client = factories.web_client(supervisor_a)
    response = _post(client, investigation, "investigation", investigator_a.pk)
    assert response.status_code == 302
    assert response["Location"] == URL
    assert Investigation.objects.get(pk=investigation.pk).assigned_to_id == investigator_a.pk
    html = client.get(URL).content.decode()
    assert f"Utredning {investigation.pk} är tilldelad {investigator_a}" in html


def test_a_refusal_is_shown_on_the_page_and_nothing_changes(intake_a, supervisor_a, district_b):
    investigation = open_investigation(intake_a)
    elsewhere = factories.user(Role.INVESTIGATOR, district_b)
    rows, stored, since = row_counts(), fields_of(investigation), last_audit_id()
    response = _post(
        factories.web_client(supervisor_a), investigation, "investigation", elsewhere.pk
    )
    assert response.status_code == 400
    assert "Medarbetaren arbetar i ett annat stadsdelsområde." in response.content.decode()
    assert (row_counts(), fields_of(investigation), last_audit_id()) == (rows, stored, since)


def test_a_valid_post_about_another_districts_case_is_not_found_and_changes_nothing(
    intake_b, supervisor_a, district_b
):
    report = factories.report(intake_b)
    colleague = factories.user(Role.INTAKE_WORKER, district_b)
    stored, since = fields_of(report), last_audit_id()
    response = _post(factories.web_client(supervisor_a), report, "report", colleague.pk)
    assert response.status_code == 404
    assert (fields_of(report), last_audit_id()) == (stored, since)


def test_an_id_beyond_the_databases_range_is_a_form_error_not_a_500(supervisor_a, intake_a):
    report = factories.report(intake_a)
    response = _post(factories.web_client(supervisor_a), report, "report", 2**63)
    assert response.status_code == 400
    assert Report.objects.get(pk=report.pk).assigned_to_id == intake_a.pk


@pytest.mark.parametrize("role", [Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.INSPECTOR])
def test_roles_that_do_not_assign_have_no_page_and_no_link(role, district_a, intake_a):
    user = factories.user(role, district_a)
    client = factories.web_client(user)
    assert client.get(URL).status_code == 403
    report = factories.report(intake_a)
    stored = fields_of(report)
    assert _post(client, report, "report", None).status_code == 403
    assert fields_of(report) == stored
    assert 'href="/arenden/fordela/"' not in client.get("/arenden/").content.decode()


def test_an_unassigned_investigation_says_so_and_links_its_supervisor_to_the_page(
    intake_a, supervisor_a
):
    investigation = open_investigation(intake_a)
    html = factories.web_client(supervisor_a).get(f"/utredning/{investigation.pk}/")
    assert 'Ofördelad · <a href="/arenden/fordela/">' in html.content.decode()
    worker_view = factories.web_client(intake_a).get(f"/utredning/{investigation.pk}/")
    assert "Ofördelad" in worker_view.content.decode()
    assert 'href="/arenden/fordela/"' not in worker_view.content.decode()
