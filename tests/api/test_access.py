"""Who reaches what: one table of every endpoint, checked for every role.

Every endpoint of the API is in READS or WRITES below, and a test here fails
when the router has an endpoint the table lacks, so no endpoint ships without
its cross-district and role checks.
"""

import datetime
import re

import pytest

from likvard.access.models import AuditEntry
from likvard.api.urls import router

from .helpers import cosign_proposal, error_code, report_payload, snapshot

pytestmark = pytest.mark.django_db

#: GET endpoints: (name, path with {placeholders} naming attributes of a case).
READS = [
    ("report list", "/api/reports/"),
    ("report", "/api/reports/{report}/"),
    ("child list", "/api/children/"),
    ("child", "/api/children/{child}/"),
    ("pre-assessment", "/api/pre-assessments/{pre_assessment}/"),
    ("decision list", "/api/decisions/"),
    ("decision", "/api/decisions/{decision}/"),
    ("investigation list", "/api/investigations/"),
    ("investigation", "/api/investigations/{investigation}/"),
    ("rule evaluations", "/api/reports/{decided_report}/rule-evaluations/"),
    ("co-signature request list", "/api/cosignature-requests/"),
]
#: Endpoints with tests of their own (a role permission beyond scoping; test_cosignature).
SPECIAL = [
    ("protected contact", "/api/children/{child}/protected-contact/"),
    ("co-sign", "/api/reports/{awaiting_report}/cosign/"),
    ("return to the worker", "/api/reports/{awaiting_report}/return-decision/"),
    # Assigning: a supervisor's permission (or taking an unassigned case); test_assignment.
    ("assign a report", "/api/reports/{report}/assign/"),
    ("assign an investigation", "/api/investigations/{investigation}/assign/"),
]
PLACEHOLDER = re.compile(r"\{\w+\}")
DETAIL_READS = [(name, path) for name, path in READS if "{" in path]


def _writes(today: datetime.date):
    """POST endpoints with a body that succeeds for a caseworker on their own case."""
    return [
        ("register", "/api/reports/", report_payload()),
        (
            "protection assessment",
            "/api/reports/{new_report}/protection-assessment/",
            {"immediate_protection_needed": False, "assessment": "Inget akut skyddsbehov."},
        ),
        (
            "child conversation",
            "/api/reports/{report}/child-conversations/",
            {"held": True, "held_on": str(today)},
        ),
        (
            "police consideration",
            "/api/reports/{report}/police-report-considerations/",
            {"considered_on": str(today), "outcome": "reported", "motivation": "Våld."},
        ),
        (
            "feedback",
            "/api/reports/{decided_report}/feedback/",
            {"given_on": str(today), "method": "letter"},
        ),
        (
            "decision",
            "/api/pre-assessments/{pre_assessment}/decision/",
            {"kind": "open_investigation"},
        ),
        (
            "co-signature request",
            "/api/pre-assessments/{awaiting_pre_assessment}/cosignature-request/",
            cosign_proposal(),
        ),
        (
            "archive",
            "/api/reports/{decided_report}/archive/",
            {"reason_no_feedback": "Anmälaren har slutat på skolan."},
        ),
        (
            "extension",
            "/api/investigations/{investigation}/extend/",
            {"new_due": str(today + datetime.timedelta(days=200)), "reason": "Väntar på BUP."},
        ),
        (
            "completion",
            "/api/investigations/{investigation}/complete/",
            {"completed_on": str(today), "outcome": "no_intervention"},
        ),
    ]


WRITE_NAMES = [name for name, _, _ in _writes(datetime.date(2026, 1, 1))]
DETAIL_WRITE_NAMES = [n for n in WRITE_NAMES if n != "register"]


def _write(name: str, today):
    return next((path, body) for n, path, body in _writes(today) if n == name)


def _url(path: str, case) -> str:
    return path.format(**{key: getattr(case, key).pk for key in vars(case)})


def test_the_table_covers_every_endpoint_of_the_router():
    routed = {"/api/" + str(url.pattern).replace("<int:pk>", "{}") for url in router.urls}
    tabled = [p for _, p in READS + SPECIAL] + [p for _, p, _ in _writes(datetime.date(2026, 1, 1))]
    assert routed == {PLACEHOLDER.sub("{}", p) for p in tabled}


@pytest.mark.parametrize(("name", "path"), DETAIL_READS)
def test_another_districts_id_reads_as_not_found(client_for, intake_a, case_a, case_b, name, path):
    reads_before = AuditEntry.objects.filter(action=AuditEntry.Action.READ).count()
    response = client_for(intake_a).get(_url(path, case_b))
    assert response.status_code == 404, name
    assert error_code(response) == "not_found"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.READ).count() == reads_before
    # The attempt is logged for the other district's log review, naming their child.
    denied = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert (denied.actor_id, denied.child_id) == (intake_a.pk, case_b.report.child_id)


@pytest.mark.parametrize(("name", "path"), DETAIL_READS)
def test_a_nonexistent_id_reads_as_not_found(client_for, intake_a, case_a, name, path):
    response = client_for(intake_a).get(PLACEHOLDER.sub("987654", path))
    assert response.status_code == 404, name
    assert error_code(response) == "not_found"


@pytest.mark.parametrize("name", DETAIL_WRITE_NAMES)
def test_another_districts_id_cannot_be_written(client_for, intake_a, case_a, case_b, today, name):
    path, body = _write(name, today)
    before = snapshot()
    response = client_for(intake_a).post(_url(path, case_b), body, format="json")
    assert response.status_code == 404, (name, response.content)
    assert error_code(response) == "not_found"
    assert snapshot() == before


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_the_same_write_succeeds_in_the_own_district(client_for, intake_b, case_b, today, name):
    """The control for the test above: the 404 comes from scope, not from the body."""
    path, body = _write(name, today)
    response = client_for(intake_b).post(_url(path, case_b), body, format="json")
    assert response.status_code in (200, 201), (name, response.content)


@pytest.mark.parametrize(("name", "path"), READS)
def test_an_inspector_reads_every_district(client_for, inspector, case_a, case_b, name, path):
    api = client_for(inspector)
    for case in (case_a, case_b):
        response = api.get(_url(path, case))
        assert response.status_code == 200, name


def test_an_inspector_sees_each_district_in_full(client_for, inspector, case_a, case_b):
    listed = client_for(inspector).get("/api/reports/").json()
    districts = {row["district"]["id"] for row in listed["results"]}
    assert districts == {case_a.report.district_id, case_b.report.district_id}


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_an_inspector_writes_nothing(client_for, inspector, case_a, today, name):
    path, body = _write(name, today)
    before = snapshot()
    response = client_for(inspector).post(_url(path, case_a), body, format="json")
    assert response.status_code == 403, name
    assert error_code(response) == "forbidden"
    assert snapshot() == before


@pytest.mark.parametrize(("name", "path"), READS)
def test_an_analyst_reads_no_case(client_for, analyst, case_a, name, path):
    response = client_for(analyst).get(_url(path, case_a))
    assert response.status_code == 403, name
    assert error_code(response) == "forbidden"


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_an_analyst_writes_nothing(client_for, analyst, case_a, today, name):
    path, body = _write(name, today)
    before = snapshot()
    response = client_for(analyst).post(_url(path, case_a), body, format="json")
    assert response.status_code == 403, name
    assert snapshot() == before


@pytest.mark.parametrize(("name", "path"), READS)
def test_no_case_without_signing_in(client_for, case_a, name, path):
    response = client_for(None).get(_url(path, case_a))
    assert response.status_code in (401, 403), name
    assert error_code(response) == "not_authenticated"


@pytest.mark.parametrize(("name", "path"), [r for r in READS if "{" not in r[1]])
def test_lists_hold_nothing_from_another_district(client_for, intake_a, case_a, case_b, name, path):
    body = client_for(intake_a).get(path).json()
    assert body["count"] >= 1, name
    foreign_children = {case_b.child.pk}
    for row in body["results"]:
        child_id = row["child"]["id"] if "child" in row else row["id"]
        assert child_id not in foreign_children, name
