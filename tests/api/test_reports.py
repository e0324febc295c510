"""Registering a report and taking it to a decision through the API."""

import base64
import datetime

import pytest
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.casework.models import Decision, Investigation
from likvard.core.calendar import local_date
from likvard.people.models import Child
from likvard.reports.models import Report
from tests import factories

from .helpers import error_code, report_payload, snapshot

pytestmark = pytest.mark.django_db


def test_register_assess_and_decide_through_the_api(client_for, intake_a, district_a):
    api = client_for(intake_a)

    registered = api.post("/api/reports/", report_payload(), format="json")
    assert registered.status_code == 201, registered.content
    report = registered.json()
    assert registered["Location"] == f"/api/reports/{report['id']}/"
    assert report["district"] == {"id": district_a.pk, "name": district_a.name}
    assert report["state"] == "received"
    assert report["child"]["personal_number"] == "202002292395"
    assert report["child"]["protected_identity"] is False
    assert report["concerns"] == ["neglect", "violence"]
    assert report["pre_assessment"] is None

    assessed = api.post(
        f"/api/reports/{report['id']}/protection-assessment/",
        {
            "version": report["version"],
            "immediate_protection_needed": False,
            "assessment": "Inget akut skyddsbehov.",
        },
        format="json",
    )
    assert assessed.status_code == 201, assessed.content
    assessed = assessed.json()
    assert assessed["state"] == "pre_assessment"
    assert assessed["protection_assessment"]["assessed_by"]["id"] == intake_a.pk
    pre_assessment_id = assessed["pre_assessment"]["id"]

    considered = api.post(
        f"/api/reports/{report['id']}/police-report-considerations/",
        {
            "considered_on": str(local_date(timezone.now())),
            "outcome": "reported",
            "motivation": "Misstanke om våld mot barnet.",
        },
        format="json",
    )
    assert considered.status_code == 201, considered.content

    decided = api.post(
        f"/api/pre-assessments/{pre_assessment_id}/decision/",
        {"kind": "open_investigation", "version": assessed["version"]},
        format="json",
    )
    assert decided.status_code == 201, decided.content
    decision = decided.json()
    assert decision["kind"] == "open_investigation"
    assert decision["report"] == report["id"]
    assert decision["district"]["id"] == district_a.pk
    assert decision["provision"]["law"]
    investigation = Investigation.objects.get(opening_decision_id=decision["id"])
    assert decision["investigation"] == investigation.pk

    detail = api.get(f"/api/reports/{report['id']}/").json()
    assert detail["state"] == "investigation_opened"
    assert detail["pre_assessment"]["decision"]["id"] == decision["id"]
    stored = Report.objects.get(pk=report["id"])
    assert stored.district_id == district_a.pk
    assert stored.registered_by_id == intake_a.pk


def test_register_without_personal_number_gives_a_reserve_number(client_for, intake_a):
    child = {"first_name": "Nils", "last_name": "Okänd", "birth_date": "2016-05-04", "sex": "M"}
    response = client_for(intake_a).post(
        "/api/reports/", report_payload(child=child), format="json"
    )
    assert response.status_code == 201, response.content
    child = response.json()["child"]
    assert child["personal_number"] is None
    assert child["reserve_number"].startswith("R20160504")


@pytest.mark.parametrize("number", ["20150916-0015", "abc", "20150916+0014x", "2015091600"])
def test_invalid_personal_number_is_refused_and_nothing_written(client_for, intake_a, number):
    before = snapshot()
    body = report_payload(child={"personal_number": number, "first_name": "A", "last_name": "B"})
    response = client_for(intake_a).post("/api/reports/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_personal_number"
    assert error["field"] == "child.personal_number"
    assert snapshot() == before
    assert Child.objects.count() == before["Child"]
    assert Report.objects.count() == before["Report"]


def test_received_in_the_future_is_refused(client_for, intake_a):
    before = snapshot()
    later = (timezone.now() + datetime.timedelta(hours=3)).isoformat()
    response = client_for(intake_a).post(
        "/api/reports/", report_payload(received_at=later), format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "date_in_future",
        "message": response.json()["error"]["message"],
        "field": "received_at",
    }
    assert snapshot() == before


@pytest.mark.parametrize("forged", [{"district": 1}, {"district_id": 1}])
def test_a_district_in_the_payload_is_refused(client_for, intake_a, district_b, forged):
    before = snapshot()
    body = report_payload(**{key: district_b.pk for key in forged})
    response = client_for(intake_a).post("/api/reports/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "district_not_allowed"
    assert error["field"] == next(iter(forged))
    assert snapshot() == before
    assert not Report.objects.filter(district=district_b).exists()


def test_a_district_nested_in_the_child_is_refused_too(client_for, intake_a, district_b):
    before = snapshot()
    child = {**report_payload()["child"], "district": district_b.pk}
    response = client_for(intake_a).post(
        "/api/reports/", report_payload(child=child), format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "child.district"
    assert error_code(response) == "district_not_allowed"
    assert snapshot() == before


def test_an_unknown_field_is_refused_not_dropped(client_for, intake_a):
    body = report_payload(reporter_wants_feeback=True)
    response = client_for(intake_a).post("/api/reports/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_field"
    assert response.json()["error"]["field"] == "reporter_wants_feeback"


def test_a_huge_description_is_refused(client_for, intake_a):
    before = snapshot()
    body = report_payload(description="x" * 20_001)
    response = client_for(intake_a).post("/api/reports/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_long"
    assert response.json()["error"]["field"] == "description"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("override", "code", "field"),
    [
        ({"channel": "pigeon"}, "invalid_choice", "channel"),
        ({"concerns": []}, "required", "concerns"),
        ({"concerns": ["neglect", "boredom"]}, "invalid_choice", "concerns.1"),
        ({"description": "   "}, "required", "description"),
        ({"received_at": "igår"}, "invalid", "received_at"),
        ({"received_at": "1999-12-31T12:00:00+01:00"}, "date_too_early", "received_at"),
        ({"reporter_name": "n" * 201}, "too_long", "reporter_name"),
        (
            {"child": {"first_name": "Ingen", "last_name": "Födelsedag"}},
            "birth_date_required",
            "child.birth_date",
        ),
        ({"child": {"personal_number": "19800101-0027"}}, "not_a_child", "child.personal_number"),
    ],
)
def test_invalid_input_names_code_and_field(client_for, intake_a, override, code, field):
    before = snapshot()
    response = client_for(intake_a).post("/api/reports/", report_payload(**override), format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert snapshot() == before


def test_a_missing_required_field_is_named(client_for, intake_a):
    body = report_payload()
    del body["reporter_mandated"]
    response = client_for(intake_a).post("/api/reports/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("required", "reporter_mandated")
    assert {"field": "reporter_mandated", "code": "required", "message": error["message"]} in (
        error["fields"]
    )


def test_the_list_is_scoped_filtered_and_paginated(client_for, intake_a, case_a, case_b):
    api = client_for(intake_a)
    listed = api.get("/api/reports/").json()
    ids = {row["id"] for row in listed["results"]}
    own = [case_a.new_report, case_a.report, case_a.decided_report, case_a.awaiting_report]
    assert ids == {r.pk for r in own}
    assert "count" not in listed  # pages by cursor: no count of every row (ADR 0005)

    open_only = api.get("/api/reports/", {"state": "pre_assessment"}).json()
    assert {row["id"] for row in open_only["results"]} == {
        case_a.report.pk,
        case_a.awaiting_report.pk,
    }

    page = api.get("/api/reports/", {"limit": 1}).json()
    assert len(page["results"]) == 1
    assert page["next"]


def test_following_next_walks_every_row_once_newest_first(client_for, intake_a, case_a):
    api = client_for(intake_a)
    seen, url = [], "/api/reports/?limit=1"
    while url:
        page = api.get(url).json()
        seen += [(row["received_at"], row["id"]) for row in page["results"]]
        url = page["next"]
    assert len(seen) == 4
    assert len(set(seen)) == 4
    assert seen == sorted(seen, reverse=True)


@pytest.mark.parametrize(
    "path", ["/api/reports/", "/api/children/", "/api/decisions/", "/api/investigations/"]
)
def test_a_changed_cursor_is_refused_as_bad_input(client_for, intake_a, case_a, path):
    api = client_for(intake_a)
    made_up = [
        base64.b64encode(text.encode()).decode()
        for text in ("p=2026", "p=%00x", "p=99999-01-01", "o=99999999999999999999", "r=1&p=a")
    ]
    for cursor in ("nonsense", "%00", "x" * 5000, *made_up):
        response = api.get(path, {"cursor": cursor})
        assert response.status_code in (200, 400), (path, cursor)
        if response.status_code == 400:
            assert response.json()["error"]["code"] == "invalid_cursor"
    assert api.get(path, {"cursor": "nonsense"}).status_code == 400


def test_an_unknown_state_filter_is_refused(client_for, intake_a):
    response = client_for(intake_a).get("/api/reports/", {"state": "lost"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "state"


def test_reading_a_report_is_audited(client_for, intake_a, case_a):
    response = client_for(intake_a).get(f"/api/reports/{case_a.report.pk}/")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.READ).first()
    assert (entry.verb, entry.object_id, entry.child_id, entry.channel) == (
        "view_report",
        case_a.report.pk,
        case_a.child.pk,
        "api",
    )
    assert entry.actor_id == intake_a.pk


def test_child_conversation_police_consideration_and_feedback(client_for, intake_a, case_a, today):
    api = client_for(intake_a)
    report_id = case_a.report.pk

    held = api.post(
        f"/api/reports/{report_id}/child-conversations/",
        {"held": True, "held_on": str(today), "notes": "Samtal i skolan."},
        format="json",
    )
    assert held.status_code == 201, held.content
    assert held.json()["held_on"] == str(today)

    not_held = api.post(
        f"/api/reports/{report_id}/child-conversations/", {"held": False}, format="json"
    )
    assert not_held.status_code == 400
    assert (error_code(not_held), not_held.json()["error"]["field"]) == (
        "required",
        "not_held_reason",
    )

    considered = api.post(
        f"/api/reports/{report_id}/police-report-considerations/",
        {
            "considered_on": str(today),
            "outcome": "not_now",
            "motivation": "Uppgifterna är för vaga.",
            "reconsider_on": str(today + datetime.timedelta(days=7)),
        },
        format="json",
    )
    assert considered.status_code == 201, considered.content

    early = api.post(
        f"/api/reports/{report_id}/feedback/",
        {"given_on": str(today), "method": "phone"},
        format="json",
    )
    assert early.status_code == 400
    assert error_code(early) == "not_decided"

    given = api.post(
        f"/api/reports/{case_a.decided_report.pk}/feedback/",
        {"given_on": str(today), "method": "phone", "note": "Rektorn informerad."},
        format="json",
    )
    assert given.status_code == 201, given.content

    detail = api.get(f"/api/reports/{report_id}/").json()
    assert [c["held"] for c in detail["child_conversations"]] == [True]
    assert detail["police_considerations"][0]["outcome"] == "not_now"


def test_protection_assessment_with_a_stale_version_is_a_conflict(client_for, intake_a):
    report = factories.report(intake_a)
    response = client_for(intake_a).post(
        f"/api/reports/{report.pk}/protection-assessment/",
        {"version": report.version + 5, "immediate_protection_needed": True, "assessment": "Akut."},
        format="json",
    )
    assert response.status_code == 409
    assert error_code(response) == "concurrent_change"
    report.refresh_from_db()
    assert report.state == "received"


def test_a_decided_report_shows_its_decision(client_for, intake_a, case_a):
    detail = client_for(intake_a).get(f"/api/reports/{case_a.decided_report.pk}/").json()
    decision = detail["pre_assessment"]["decision"]
    assert decision["kind"] == Decision.Kind.OPEN_INVESTIGATION
    assert decision["investigation"] == case_a.investigation.pk
