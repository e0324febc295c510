"""Routing: the child's postal code, else the school's district, else the central
queue that a supervisor holding `route_public_reports` clears."""

import pytest
from django.test import Client

from likvard.access.models import AuditEntry
from likvard.intake.models import Route, Submission
from likvard.organisation.models import Role
from likvard.reports.models import Report

from .. import factories
from .conftest import POSTAL_UNKNOWN, answers


def send(**overrides):
    assert Client().post("/e-tjanst/", answers(**overrides)).status_code == 302
    return Submission.objects.order_by("-pk").first()


def test_by_the_childs_postal_code(postal_codes, district_a):
    submission = send()
    assert (submission.district, submission.route) == (district_a, Route.POSTAL_CODE)


def test_by_the_schools_district_when_the_postal_code_is_unknown(
    postal_codes, school_b, district_b
):
    submission = send(
        child_postal_code=POSTAL_UNKNOWN, organisation=str(school_b.pk), organisation_name=""
    )
    assert (submission.district, submission.route) == (district_b, Route.SCHOOL)
    assert submission.report.reporter_organisation == "Katarina skola"
    assert submission.report.partner_source.partner == school_b


def test_a_private_persons_report_with_no_known_postal_code_waits_centrally(postal_codes):
    submission = send(reporter_type="private_person", organisation_name="", child_postal_code="")
    assert submission.in_central_queue and submission.district is None
    assert submission.payload["what_happened"]  # kept until it is registered
    assert not Report.objects.exists()


def test_a_supervisor_clears_the_central_queue(postal_codes, supervisor_a, district_b):
    submission = send(child_postal_code=POSTAL_UNKNOWN)
    client = factories.web_client(supervisor_a)
    page = client.get("/arenden/e-tjanst/")
    assert page.status_code == 200 and submission.reference in page.content.decode()
    answer = client.post(f"/arenden/e-tjanst/{submission.pk}/", {"district": district_b.pk})
    assert answer.status_code == 302
    submission.refresh_from_db()
    assert submission.route == Route.SUPERVISOR and submission.routed_by == supervisor_a
    report = submission.report
    assert report.district == district_b and report.assigned_to is None
    assert submission.payload == {}
    entry = AuditEntry.objects.get(verb="route_public_report")
    assert (entry.actor_id, entry.district_id) == (supervisor_a.pk, district_b.pk)
    # Routed once: the same post again finds nothing waiting.
    again = client.post(f"/arenden/e-tjanst/{submission.pk}/", {"district": district_b.pk})
    assert again.status_code == 404
    assert Report.objects.count() == 1


@pytest.mark.parametrize("role", [Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.ADMIN_STAFF])
def test_a_valid_route_from_another_role_is_refused(postal_codes, district_a, district_b, role):
    submission = send(child_postal_code=POSTAL_UNKNOWN)
    client = factories.web_client(factories.user(role, district_a))
    assert client.get("/arenden/e-tjanst/").status_code == 403
    answer = client.post(f"/arenden/e-tjanst/{submission.pk}/", {"district": district_b.pk})
    assert answer.status_code == 403
    submission.refresh_from_db()
    assert submission.in_central_queue


def test_a_report_routed_to_another_district_cannot_be_routed_again(
    postal_codes, supervisor_a, district_a
):
    submission = send(child_postal_code="11820")  # district B's
    client = factories.web_client(supervisor_a)
    answer = client.post(f"/arenden/e-tjanst/{submission.pk}/", {"district": district_a.pk})
    assert answer.status_code == 404
    submission.refresh_from_db()
    assert submission.report.district_id != district_a.pk


@pytest.mark.parametrize("district", ["", "abc", "999999", "99999999999999999999999"])
def test_a_bad_district_is_refused_clearly(postal_codes, supervisor_a, district):
    submission = send(child_postal_code=POSTAL_UNKNOWN)
    client = factories.web_client(supervisor_a)
    answer = client.post(f"/arenden/e-tjanst/{submission.pk}/", {"district": district})
    assert answer.status_code == 400
    assert "kunde inte fördelas" in answer.content.decode()
    submission.refresh_from_db()
    assert submission.in_central_queue


def test_an_unidentified_child_is_identified_by_intake_later(postal_codes, intake_a):
    report = send().report
    client = factories.web_client(intake_a)
    page = client.get(f"/barn/{report.child_id}/")
    assert page.status_code == 200
    assert f"/barn/{report.child_id}/identifiera/" in page.content.decode()
    assert client.get("/arenden/team/?worker=none").status_code == 200
