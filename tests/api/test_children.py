"""Children: scoped lists, lookup by personnummer, history, protected identity, audit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from likvard.access.models import AuditEntry
from likvard.people.models import Child
from tests import factories

from .helpers import build_case, error_code

pytestmark = pytest.mark.django_db


def test_the_child_history_shows_other_districts_as_summaries_only(
    client_for, intake_a, intake_b, case_a, district_b
):
    elsewhere = factories.report(
        intake_b,
        personal_number=factories.CHILD_NUMBERS[0],
        description="Uppgift som bara Södermalm får läsa.",
        reporter_name="Anmälare på Södermalm",
    )
    response = client_for(intake_a).get(f"/api/children/{case_a.child.pk}/")
    assert response.status_code == 200
    body = response.json()
    own = {
        case_a.new_report.pk,
        case_a.report.pk,
        case_a.decided_report.pk,
        case_a.awaiting_report.pk,
    }
    assert {r["id"] for r in body["reports"]} == own
    assert all(r["district"]["id"] == intake_a.district_id for r in body["reports"])
    assert body["reports"][0]["description"]
    assert body["reports_elsewhere"] == [
        {
            "district_name": district_b.name,
            "received_on": str(elsewhere.protection_due),
            "outcome": body["reports_elsewhere"][0]["outcome"],
        }
    ]
    assert body["reports_elsewhere"][0]["outcome"]
    assert "Södermalm får läsa" not in response.content.decode()
    assert "Anmälare på Södermalm" not in response.content.decode()
    assert [i["id"] for i in body["investigations"]] == [case_a.investigation.pk]


def test_reading_a_child_writes_a_read_entry(client_for, intake_a, case_a):
    before = AuditEntry.objects.count()
    client_for(intake_a).get(f"/api/children/{case_a.child.pk}/")
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert (entry.action, entry.verb, entry.child_id, entry.actor_id, entry.channel) == (
        AuditEntry.Action.READ,
        "view_child",
        case_a.child.pk,
        intake_a.pk,
        "api",
    )
    assert entry.request_id


def test_an_address_is_never_shown_for_a_protected_child(client_for, intake_a, case_a):
    api = client_for(intake_a)
    Child.objects.filter(pk=case_a.child.pk).update(address="Hemliga gatan 1")
    assert api.get(f"/api/children/{case_a.child.pk}/").json()["address"] == "Hemliga gatan 1"

    Child.objects.filter(pk=case_a.child.pk).update(protected_identity=True)
    response = api.get(f"/api/children/{case_a.child.pk}/")
    body = response.json()
    assert body["protected_identity"] is True
    assert body["address"] is None
    assert "Hemliga gatan" not in response.content.decode()
    report = api.get(f"/api/reports/{case_a.report.pk}/")
    assert report.json()["child"]["protected_identity"] is True
    assert "Hemliga gatan" not in report.content.decode()


def test_a_nonexistent_child_is_404(client_for, intake_a, case_a):
    response = client_for(intake_a).get("/api/children/999999/")
    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_lookup_by_personal_number_in_any_valid_form(client_for, intake_a, case_a):
    api = client_for(intake_a)
    for form in ("20150916-0014", "201509160014", "150916-0014"):
        found = api.get("/api/children/", {"personal_number": form}).json()
        assert [c["id"] for c in found["results"]] == [case_a.child.pk], form
    audited = AuditEntry.objects.filter(verb="find_child", child_id=case_a.child.pk)
    assert audited.count() == 3


def test_lookup_does_not_reveal_a_child_known_only_elsewhere(client_for, intake_a, case_b):
    found = client_for(intake_a).get(
        "/api/children/", {"personal_number": factories.CHILD_NUMBERS[1]}
    )
    assert found.status_code == 200
    assert found.json()["results"] == []
    assert not AuditEntry.objects.filter(verb="find_child").exists()


def test_lookup_with_an_invalid_personal_number_is_400(client_for, intake_a):
    response = client_for(intake_a).get("/api/children/", {"personal_number": "20150916-0015"})
    assert response.status_code == 400
    assert error_code(response) == "invalid_personal_number"


def test_the_list_holds_only_children_in_scope(client_for, intake_a, case_a, case_b):
    listed = client_for(intake_a).get("/api/children/").json()
    assert [c["id"] for c in listed["results"]] == [case_a.child.pk]
    assert "address" not in listed["results"][0]


def test_the_history_costs_the_same_queries_however_long_it_is(client_for, intake_a, case_a):
    api = client_for(intake_a)
    url = f"/api/children/{case_a.child.pk}/"
    api.get(url)  # a client's first request also loads the user's role and grants
    with CaptureQueriesContext(connection) as short:
        api.get(url)
    build_case(intake_a, factories.CHILD_NUMBERS[0])
    with CaptureQueriesContext(connection) as longer:
        assert len(api.get(url).json()["reports"]) == 8
    assert len(longer.captured_queries) == len(short.captured_queries)
