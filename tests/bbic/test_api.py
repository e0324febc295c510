"""The BBIC API: every write, every refusal a machine-readable 4xx, never a 500."""

import datetime

import pytest
from rest_framework.test import APIClient

from likvard.access.models import AuditEntry
from likvard.bbic.models import Communication, ConclusionRevision, Meeting, PlanRevision
from tests import factories
from tests.snapshots import Unchanged

from . import helpers
from .helpers import complete, conclude, open_investigation, today

pytestmark = pytest.mark.django_db

PATHS = [
    "plan",
    "bbic-areas",
    "meetings",
    "interpreter-needs",
    "network-contacts",
    "communications",
    "conclusion",
]
WRITES = [*PATHS, "communication-responses", "decision-letter"]


@pytest.fixture
def case(investigation, guardians):
    """The investigation as the shared valid bodies (helpers.*_body) expect it."""

    class Case:
        pass

    case = Case()
    case.investigation = investigation
    case.report = investigation.opening_decision.pre_assessment.report
    case.relation = investigation.child.relations.order_by("person__first_name").first()
    return case


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(investigation, path) -> str:
    pk = investigation if isinstance(investigation, int) else investigation.pk
    return f"/api/investigations/{pk}/{path}/"


def _code(response) -> str:
    return response.json()["error"]["code"]


BODIES = {
    "plan": helpers.plan_body,
    "bbic-areas": helpers.area_body,
    "meetings": helpers.meeting_body,
    "interpreter-needs": helpers.interpreter_body,
    "network-contacts": helpers.network_body,
    "communications": helpers.communication_body,
    "conclusion": helpers.conclusion_body,
}


@pytest.mark.parametrize("path", PATHS)
def test_each_write_is_read_back(intake_a, case, path):
    api = _api(intake_a)
    written = api.post(_url(case.investigation, path), BODIES[path](case), format="json")
    assert written.status_code == 201, written.content
    read = api.get(_url(case.investigation, path))
    assert read.status_code == 200
    assert read.json()  # what was written is there
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.READ, object_id=case.investigation.pk
    ).exists()


def test_the_meeting_answer_names_its_participants_by_id(intake_a, case):
    answer = _api(intake_a).post(
        _url(case.investigation, "meetings"), helpers.meeting_body(case), format="json"
    )
    body = answer.json()
    assert body["participants"] == [{"id": case.relation.person_id}]
    assert (body["interpreter_needed"], body["language"]) == ("interpreter", "arabiska")


def test_the_comments_on_a_kommunicering(intake_a, case):
    api = _api(intake_a)
    shared = helpers.shared_material(case)
    answer = api.post(
        _url(case.investigation, "communication-responses"),
        {
            "communication": shared,
            "received": True,
            "received_on": str(today()),
            "comments": "Nej.",
        },
        format="json",
    )
    assert answer.status_code == 201
    assert answer.json()["response"] == {
        "received": True,
        "received_on": str(today()),
        "comments": "Nej.",
    }
    again = api.post(
        _url(case.investigation, "communication-responses"),
        {"communication": shared, "received": False},
        format="json",
    )
    assert (again.status_code, _code(again)) == (409, "already_answered")


def test_the_decision_letter_through_the_api(intake_a, case):
    api = _api(intake_a)
    early = api.post(_url(case.investigation, "decision-letter"), {}, format="json")
    assert (early.status_code, _code(early)) == (409, "investigation_ongoing")
    helpers.ready_for_letter(case)
    made = api.post(_url(case.investigation, "decision-letter"), {}, format="json")
    assert made.status_code == 201
    document = made.json()["document"]["id"]
    content = api.get(f"/api/documents/{document}/content/")
    assert content.status_code == 200
    listed = api.get(_url(case.investigation, "conclusion")).json()
    assert [letter["document"]["id"] for letter in listed["letters"]] == [document]
    assert listed["child_heard"] is False


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("meetings", {"kind": "other", "held_on": "2999-01-01"}, 400, "date_in_future"),
        ("meetings", {"kind": "other", "held_on": "1.1.2020"}, 400, "invalid"),
        ("meetings", {"kind": "tea", "held_on": None}, 400, "invalid_choice"),
        ("meetings", {"kind": "other", "held_on": "TODAY", "participants": "x"}, 400, None),
        ("meetings", {"kind": "other", "held_on": "TODAY", "participants": [2**70]}, 400, None),
        (
            "meetings",
            {"kind": "other", "held_on": "TODAY", "participants": [987654]},
            400,
            "not_in_family",
        ),
        ("meetings", {"kind": "other", "held_on": "TODAY", "notes": "a\x00b"}, 400, None),
        (
            "meetings",
            {"kind": "other", "held_on": "TODAY", "district": 1},
            400,
            "district_not_allowed",
        ),
        ("meetings", ["not", "an", "object"], 400, None),
        (
            "plan",
            {"based_on": -1, "questions": "a", "informants": "b", "timetable": "c"},
            400,
            None,
        ),
        (
            "plan",
            {"based_on": 5, "questions": "a", "informants": "b", "timetable": "c"},
            409,
            "concurrent_change",
        ),
        (
            "plan",
            {"based_on": 0, "questions": "", "informants": "b", "timetable": "c"},
            400,
            "required",
        ),
        ("bbic-areas", {"based_on": 0, "area": "health"}, 400, "required"),
        ("bbic-areas", {"based_on": 0, "area": "moon", "needs": "x"}, 400, "invalid_choice"),
        ("interpreter-needs", {"language": "dari", "kind": "none"}, 400, "invalid_choice"),
        (
            "interpreter-needs",
            {"person": "barnet", "language": "dari", "kind": "interpreter"},
            400,
            None,
        ),
        (
            "communications",
            {
                "shared_on": "TODAY",
                "material": "m",
                "method": "letter",
                "comment_deadline": "TODAY",
            },
            400,
            "no_recipient",
        ),
        (
            "communications",
            {
                "shared_on": "TODAY",
                "material": "m",
                "method": "letter",
                "comment_deadline": "2000-01-01",
                "with_child": True,
            },
            400,
            "deadline_before_shared",
        ),
        ("communication-responses", {"communication": 987654, "received": False}, 404, "not_found"),
        ("communication-responses", {"communication": True, "received": "maybe"}, 400, None),
        (
            "conclusion",
            {"based_on": 0, "needs_identified": False, "serious_need": True, "needs_summary": "s"},
            400,
            "serious_without_needs",
        ),
        (
            "conclusion",
            {
                "based_on": 0,
                "needs_identified": "kanske",
                "serious_need": False,
                "needs_summary": "s",
            },
            400,
            None,
        ),
    ],
)
def test_bad_input_is_a_4xx_with_a_code(intake_a, investigation, path, body, status, code):
    if isinstance(body, dict):
        body = {k: str(today()) if v == "TODAY" else v for k, v in body.items()}
    unchanged = Unchanged()
    response = _api(intake_a).post(_url(investigation, path), body, format="json")
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] and error["message"]
    if code:
        assert error["code"] == code
    assert not Meeting.objects.exists() and not PlanRevision.objects.exists()
    assert not Communication.objects.exists() and not ConclusionRevision.objects.exists()
    unchanged.check(path)


@pytest.mark.parametrize("path", WRITES)
def test_ids_out_of_range_and_odd_methods_are_refused_cleanly(intake_a, investigation, path):
    api = _api(intake_a)
    for pk in (2**63, 987654):
        response = api.post(_url(pk, path), {}, format="json")
        assert response.status_code == 404 and _code(response) == "not_found"
    assert api.options(_url(investigation, path)).status_code == 200
    assert api.delete(_url(investigation, path)).status_code == 405
    odd = api.post(_url(investigation, path), "not json", content_type="application/json")
    assert 400 <= odd.status_code < 500


@pytest.mark.parametrize("path", WRITES)
def test_another_district_gets_404_with_a_valid_body(intake_a, district_b, path):
    worker_b = factories.user("intake_worker", district_b)
    other = open_investigation(worker_b, personal_number_=factories.CHILD_NUMBERS[1])
    case = type("Case", (), {})()
    case.investigation, case.report = other, other.opening_decision.pre_assessment.report
    case.relation = other.child.relations.first()
    body = {
        **BODIES,
        "communication-responses": lambda c: {
            "communication": helpers.shared_material(c),
            "received": False,
        },
        "decision-letter": helpers.ready_for_letter,
    }[path](case)
    unchanged = Unchanged()
    response = _api(intake_a).post(_url(other, path), body, format="json")
    assert response.status_code == 404 and _code(response) == "not_found"
    unchanged.check(path)
    if path in PATHS:
        read = _api(intake_a).get(_url(other, path))
        assert read.status_code == 404 and _code(read) == "not_found"


@pytest.mark.parametrize("path", PATHS)
def test_the_inspector_reads_and_the_analyst_sees_nothing(inspector, analyst, case, path):
    assert _api(inspector).get(_url(case.investigation, path)).status_code == 200
    refused = _api(inspector).post(
        _url(case.investigation, path), BODIES[path](case), format="json"
    )
    assert (refused.status_code, _code(refused)) == (403, "forbidden")
    for method in ("get", "post"):
        response = getattr(_api(analyst), method)(_url(case.investigation, path), {}, format="json")
        assert (response.status_code, _code(response)) == (403, "forbidden")


def test_a_completed_investigation_takes_no_more_documentation(intake_a, case):
    conclude(intake_a, case.investigation)
    complete(intake_a, case.investigation)
    response = _api(intake_a).post(
        _url(case.investigation, "meetings"),
        {"kind": "other", "held_on": str(today() - datetime.timedelta(days=0))},
        format="json",
    )
    assert (response.status_code, _code(response)) == (409, "investigation_completed")
