"""Every API step that changes a case's state names the version it was based on.

In the body (`version`) or as `If-Match` with the ETag of the case's detail answer;
without either 428 version_required, a stale one 409 concurrent_change, and in
every refusal nothing changes.
"""

import datetime
import re

import pytest
from django.utils import timezone

from likvard.core.calendar import local_date

from .helpers import cosign_proposal, error_code, snapshot

pytestmark = pytest.mark.django_db

TODAY = local_date(timezone.now())

#: name → (path, the detail path whose ETag is the version, who acts, body without version).
TRANSITIONS = {
    "protection assessment": (
        "/api/reports/{new_report}/protection-assessment/",
        "/api/reports/{new_report}/",
        "intake",
        {"immediate_protection_needed": False, "assessment": "Inget akut skyddsbehov."},
    ),
    "decision": (
        "/api/pre-assessments/{pre_assessment}/decision/",
        "/api/pre-assessments/{pre_assessment}/",
        "intake",
        {"kind": "open_investigation"},
    ),
    "co-signature request": (
        "/api/pre-assessments/{awaiting_pre_assessment}/cosignature-request/",
        "/api/pre-assessments/{awaiting_pre_assessment}/",
        "intake",
        cosign_proposal(),
    ),
    "archive": (
        "/api/reports/{decided_report}/archive/",
        "/api/reports/{decided_report}/",
        "intake",
        {"reason_no_feedback": "Anmälaren har slutat på skolan."},
    ),
    "extension": (
        "/api/investigations/{investigation}/extend/",
        "/api/investigations/{investigation}/",
        "supervisor",
        {
            "new_due": str(TODAY + datetime.timedelta(days=150)),
            "reason": "Väntar på utlåtande från BUP.",
        },
    ),
    "completion": (
        "/api/investigations/{investigation}/complete/",
        "/api/investigations/{investigation}/",
        "intake",
        {"completed_on": str(TODAY), "outcome": "no_intervention"},
    ),
    "assign a report": (
        "/api/reports/{report}/assign/",
        "/api/reports/{report}/",
        "supervisor",
        {"assigned_to": None},
    ),
    "assign an investigation": (
        "/api/investigations/{investigation}/assign/",
        "/api/investigations/{investigation}/",
        "supervisor",
        {"assigned_to": None},
    ),
    "LVU reconsideration": (
        "/api/lvu-care/{lvu_care}/reconsider/",
        "/api/lvu-care/{lvu_care}/",
        "intake",
        {"reconsidered_on": str(TODAY)},
    ),
    "end of LVU care": (
        "/api/lvu-care/{lvu_care}/end/",
        "/api/lvu-care/{lvu_care}/",
        "intake",
        {"ended_on": str(TODAY), "reason": "not_needed"},
    ),
}
NAMES = list(TRANSITIONS)


@pytest.fixture
def step(client_for, intake_a, supervisor_a, case_a):
    """(path, detail path, signed-in client, body) of a transition on district A's case."""

    def make(name):
        path, detail, actor, body = TRANSITIONS[name]
        ids = {key: getattr(case_a, key).pk for key in vars(case_a)}
        api = client_for(intake_a if actor == "intake" else supervisor_a)
        return path.format(**ids), detail.format(**ids), api, dict(body)

    return make


def _version(api, detail) -> int:
    """The version a client reads: the ETag of the detail answer."""
    return int(api.get(detail)["ETag"].strip('"'))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("version", ["absent", None])
def test_without_a_version_the_step_is_refused_with_428(step, name, version):
    path, _detail, api, body = step(name)
    if version is None:
        body["version"] = None
    before = snapshot()
    response = api.post(path, body, format="json")
    assert response.status_code == 428, response.content
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("version_required", "version")
    assert snapshot() == before


@pytest.mark.parametrize("name", NAMES)
def test_the_etag_of_the_case_as_if_match_is_enough(step, name):
    path, detail, api, body = step(name)
    etag = api.get(detail)["ETag"]
    response = api.post(path, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code in (200, 201), response.content


@pytest.mark.parametrize("name", NAMES)
def test_the_version_in_the_body_is_enough(step, name):
    path, detail, api, body = step(name)
    body["version"] = _version(api, detail)
    response = api.post(path, body, format="json")
    assert response.status_code in (200, 201), response.content


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("where", ["body", "If-Match"])
def test_a_stale_version_is_a_conflict_and_nothing_changes(step, name, where):
    path, detail, api, body = step(name)
    stale = _version(api, detail) + 1  # as if read after a change that never happened here
    headers = {}
    if where == "body":
        body["version"] = stale
    else:
        headers["HTTP_IF_MATCH"] = f'"{stale}"'
    before = snapshot()
    response = api.post(path, body, format="json", **headers)
    assert response.status_code == 409, response.content
    assert error_code(response) == "concurrent_change"
    assert snapshot() == before


def test_a_body_and_a_header_that_disagree_are_refused(step):
    path, detail, api, body = step("archive")
    version = _version(api, detail)
    body["version"] = version
    before = snapshot()
    response = api.post(path, body, format="json", HTTP_IF_MATCH=f'"{version + 1}"')
    assert response.status_code == 400
    assert error_code(response) == "version_mismatch"
    assert snapshot() == before


@pytest.mark.parametrize("header", ["*", "3", 'W/"3"', '"0"', '"3", "4"', '"abc"', '"1e3"'])
def test_an_if_match_that_is_no_version_is_refused(step, header):
    path, _detail, api, body = step("extension")
    before = snapshot()
    response = api.post(path, body, format="json", HTTP_IF_MATCH=header)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid_if_match", "If-Match")
    assert snapshot() == before


def test_the_etag_is_the_version_in_the_answer(client_for, intake_a, case_a):
    api = client_for(intake_a)
    for path, version in (
        (f"/api/reports/{case_a.report.pk}/", case_a.report.version),
        (f"/api/investigations/{case_a.investigation.pk}/", case_a.investigation.version),
        (f"/api/pre-assessments/{case_a.pre_assessment.pk}/", case_a.report.version),
    ):
        response = api.get(path)
        assert response["ETag"] == f'"{version}"', path
        body = response.json()
        assert (body.get("version") or body["report"]["version"]) == version


def test_the_schema_requires_the_version_of_every_transition(client_for, analyst):
    schema = client_for(analyst).get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    versioned = set()
    for path, operations in schema["paths"].items():
        post = operations.get("post")
        if not post or "requestBody" not in post:
            continue
        if "application/json" not in post["requestBody"]["content"]:
            continue  # an upload (multipart) changes no case's state
        ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = components[ref.rsplit("/", 1)[1]]
        if "version" not in body["properties"]:
            continue
        versioned.add(path)
        assert "version" in body["required"], path
        assert "428" in post["responses"], path
        assert "409" in post["responses"], path
        assert "If-Match" in [p["name"] for p in post.get("parameters", [])], path
    # Every transition above, and nothing else: a new step with a version is listed here.
    assert versioned == {re.sub(r"\{\w+\}", "{id}", path) for path, *_ in TRANSITIONS.values()}
