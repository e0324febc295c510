"""Investigations: reading, extending for special reasons, completing."""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.casework.models import Investigation

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


def _extend(api, case, **body):
    return api.post(
        f"/api/investigations/{case.investigation.pk}/extend/",
        {"version": 1, "reason": "Väntar på utlåtande från BUP.", **body},
        format="json",
    )


def test_an_extension_without_the_delegation_is_403_and_writes_nothing(
    client_for, intake_a, case_a
):
    before = snapshot()
    response = _extend(
        client_for(intake_a),
        case_a,
        new_due=str(case_a.investigation.due_date + datetime.timedelta(days=30)),
    )
    assert response.status_code == 403
    assert error_code(response) == "no_delegation"
    assert "delegation" in response.json()["error"]["message"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"new_due_days": 200}, "extension_too_long", "new_due"),
        ({"new_due_days": 30, "reason": "x"}, "reason_too_short", "reason"),
    ],
)
def test_an_extension_out_of_bounds_is_400_and_writes_nothing(
    client_for, supervisor_a, case_a, body, code, field
):
    due = case_a.investigation.due_date + datetime.timedelta(days=body.pop("new_due_days"))
    before = snapshot()
    response = _extend(client_for(supervisor_a), case_a, new_due=str(due), **body)
    assert response.status_code == 400
    assert (error_code(response), response.json()["error"]["field"]) == (code, field)
    assert snapshot() == before


def test_a_backdated_completion_without_a_reason_is_400_and_with_one_is_kept(
    client_for, intake_a, case_a, today
):
    Investigation.objects.filter(pk=case_a.investigation.pk).update(
        opened_on=today - datetime.timedelta(days=20)
    )
    api = client_for(intake_a)
    url = f"/api/investigations/{case_a.investigation.pk}/complete/"
    body = {
        "completed_on": str(today - datetime.timedelta(days=2)),
        "outcome": "no_intervention",
        "version": 1,
    }
    before = snapshot()
    refused = api.post(url, body, format="json")
    assert refused.status_code == 400
    assert (error_code(refused), refused.json()["error"]["field"]) == (
        "backdating_reason_required",
        "backdating_reason",
    )
    assert snapshot() == before
    reason = "Avslutet registreras i efterhand efter semester."
    completed = api.post(url, {**body, "backdating_reason": reason}, format="json")
    assert completed.status_code == 200, completed.content
    assert completed.json()["completion_backdating_reason"] == reason
