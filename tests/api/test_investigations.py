"""Investigations: reading, extending for special reasons, completing."""

import datetime

import pytest

from likvard.access.models import AuditEntry

from .helpers import error_code, snapshot

pytestmark = pytest.mark.django_db


def test_investigation_detail_is_audited(client_for, intake_a, case_a):
    response = client_for(intake_a).get(f"/api/investigations/{case_a.investigation.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "ongoing"
    assert body["opening_decision"] == case_a.decision.pk
    assert body["extensions"] == []
    assert AuditEntry.objects.filter(
        verb="view_investigation", object_id=case_a.investigation.pk
    ).exists()


def test_extend_then_complete(client_for, intake_a, supervisor_a, case_a, today):
    api = client_for(supervisor_a)
    url = f"/api/investigations/{case_a.investigation.pk}"
    due = case_a.investigation.due_date
    new_due = due + datetime.timedelta(days=30)

    extended = api.post(
        f"{url}/extend/",
        {"new_due": str(new_due), "reason": "Barnpsykiatrisk bedömning väntar.", "version": 1},
        format="json",
    )
    assert extended.status_code == 200, extended.content
    body = extended.json()
    assert body["due_date"] == str(new_due)
    assert body["extensions"][0]["previous_due"] == str(due)

    stale = api.post(
        f"{url}/complete/",
        {"completed_on": str(today), "outcome": "no_intervention", "version": 1},
        format="json",
    )
    assert stale.status_code == 409
    assert error_code(stale) == "concurrent_change"

    completed = api.post(
        f"{url}/complete/",
        {"completed_on": str(today), "outcome": "no_intervention", "version": body["version"]},
        format="json",
    )
    assert completed.status_code == 200, completed.content
    assert completed.json()["state"] == "completed"
    assert completed.json()["outcome"] == "no_intervention"

    again = api.post(
        f"{url}/complete/",
        {"completed_on": str(today), "outcome": "lvu", "version": completed.json()["version"]},
        format="json",
    )
    assert again.status_code == 409
    assert error_code(again) == "transition_not_allowed"


def test_an_extension_must_move_the_date_forward(client_for, supervisor_a, case_a):
    before = snapshot()
    response = client_for(supervisor_a).post(
        f"/api/investigations/{case_a.investigation.pk}/extend/",
        {
            "new_due": str(case_a.investigation.due_date),
            "reason": "Väntar på utlåtande från BUP.",
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 400
    assert (error_code(response), response.json()["error"]["field"]) == (
        "extension_not_later",
        "new_due",
    )
    assert snapshot() == before


def test_completion_in_the_future_is_refused(client_for, intake_a, case_a, today):
    response = client_for(intake_a).post(
        f"/api/investigations/{case_a.investigation.pk}/complete/",
        {"completed_on": str(today + datetime.timedelta(days=1)), "outcome": "lvu", "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert error_code(response) == "date_in_future"


def test_investigations_are_listed_in_scope(client_for, intake_a, case_a, case_b):
    api = client_for(intake_a)
    listed = api.get("/api/investigations/").json()
    assert [i["id"] for i in listed["results"]] == [case_a.investigation.pk]
    assert api.get("/api/investigations/", {"state": "completed"}).json()["results"] == []
