"""Co-signature through the API: the worker proposes, a supervisor co-signs or returns.

The same services as the report page (casework.services.request_cosignature,
cosign_decision, return_decision), so the rules, scoping and audit are the UI's.
"""

import pytest

from likvard.access.models import AuditEntry
from likvard.casework.models import Decision
from likvard.core.validation import MAX_TEXT
from likvard.guidelines.models import CoSignatureRequest, RuleEvaluation
from likvard.organisation.models import Role
from likvard.reports.workflow import ReportState
from tests import factories

from .helpers import awaiting_cosignature, cosign_proposal, error_code, report_version, snapshot

pytestmark = pytest.mark.django_db

REASON = "Jag har läst motiveringen; oron är bemött."


def _propose(api, pre_assessment_id, **body):
    """As a worker who has just read the report: its version goes with the body."""
    body = {"version": report_version(pre_assessment=pre_assessment_id), **body}
    return api.post(
        f"/api/pre-assessments/{pre_assessment_id}/cosignature-request/", body, format="json"
    )


def _answer(api, report_id, action, body):
    """As a supervisor who read the waiting proposal: its id goes with the answer."""
    if "request_id" not in body:
        waiting = CoSignatureRequest.objects.filter(
            report_id=report_id, status=CoSignatureRequest.Status.PENDING
        ).first()
        body = {"request_id": waiting.pk if waiting else 1, **body}
    return api.post(f"/api/reports/{report_id}/{action}/", body, format="json")


def _cosign(api, report_id, body):
    return _answer(api, report_id, "cosign", body)


def _return(api, report_id, body):
    return _answer(api, report_id, "return-decision", body)


# --- proposing ------------------------------------------------------------------------------


def test_a_decision_that_needs_cosignature_is_refused_with_the_rule(client_for, intake_a):
    report = awaiting_cosignature(intake_a, factories.CHILD_NUMBERS[3])
    before = snapshot()
    response = client_for(intake_a).post(
        f"/api/pre-assessments/{report.pre_assessment.pk}/decision/",
        {"version": report.version, **cosign_proposal()},
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "cosignature_required"
    assert [r["rule"] for r in error["rules"]] == ["serious_closing_cosign"]
    assert snapshot() == before


def test_a_worker_proposes_the_decision_and_the_report_waits(client_for, intake_a):
    report = awaiting_cosignature(intake_a, factories.CHILD_NUMBERS[3])
    response = _propose(
        client_for(intake_a), report.pre_assessment.pk, version=report.version, **cosign_proposal()
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["report"], body["rules"]) == (
        "pending",
        report.pk,
        ["serious_closing_cosign"],
    )
    assert body["proposal"]["kind"] == "not_open"
    assert body["proposal"]["answers"]["guardians_deny"] is True
    assert body["requested_by"]["id"] == intake_a.pk
    report.refresh_from_db()
    assert report.state == ReportState.PRE_ASSESSMENT
    assert AuditEntry.objects.filter(verb="request_cosignature", object_id=body["id"]).exists()


def test_a_new_proposal_supersedes_the_waiting_one(client_for, intake_a, case_a):
    response = _propose(
        client_for(intake_a), case_a.awaiting_pre_assessment.pk, **cosign_proposal()
    )
    assert response.status_code == 201
    case_a.cosignature_request.refresh_from_db()
    assert case_a.cosignature_request.status == CoSignatureRequest.Status.SUPERSEDED


def test_a_proposal_that_needs_no_cosignature_is_refused(client_for, intake_a, case_a):
    before = snapshot()
    response = _propose(client_for(intake_a), case_a.pre_assessment.pk, kind="open_investigation")
    assert response.status_code == 400
    assert error_code(response) == "cosignature_not_needed"
    assert snapshot() == before


def test_a_proposal_on_a_stale_version_is_a_conflict(client_for, intake_a, case_a):
    before = snapshot()
    response = _propose(
        client_for(intake_a),
        case_a.awaiting_pre_assessment.pk,
        version=case_a.awaiting_report.version - 1,
        **cosign_proposal(),
    )
    assert response.status_code == 409
    assert error_code(response) == "concurrent_change"
    assert snapshot() == before


def test_a_proposal_with_an_unknown_answer_is_refused(client_for, intake_a, case_a):
    body = cosign_proposal()
    body["answers"]["decided_by"] = "arbetsledare"
    before = snapshot()
    response = _propose(client_for(intake_a), case_a.awaiting_pre_assessment.pk, **body)
    assert response.status_code == 400
    assert (error_code(response), response.json()["error"]["field"]) == (
        "unknown_answer",
        "answers",
    )
    assert snapshot() == before


# --- the supervisors' list ------------------------------------------------------------------


def test_a_supervisor_lists_the_proposals_waiting_in_the_district(
    client_for, supervisor_a, supervisor_b, case_a, case_b
):
    listed = client_for(supervisor_a).get("/api/cosignature-requests/", {"status": "pending"})
    assert listed.status_code == 200
    rows = listed.json()["results"]
    assert [r["id"] for r in rows] == [case_a.cosignature_request.pk]
    assert rows[0]["child"]["id"] == case_a.child.pk
    assert rows[0]["report"] == case_a.awaiting_report.pk
    other = client_for(supervisor_b).get("/api/cosignature-requests/").json()["results"]
    assert [r["id"] for r in other] == [case_b.cosignature_request.pk]


def test_the_list_filters_on_status_and_refuses_an_unknown_one(client_for, supervisor_a, case_a):
    api = client_for(supervisor_a)
    assert api.get("/api/cosignature-requests/", {"status": "returned"}).json()["results"] == []
    response = api.get("/api/cosignature-requests/", {"status": "lost"})
    assert response.status_code == 400
    assert (error_code(response), response.json()["error"]["field"]) == ("invalid_choice", "status")


# --- co-signing -----------------------------------------------------------------------------


def test_a_supervisor_cosigns_and_the_workers_decision_is_taken(
    client_for, intake_a, supervisor_a, case_a
):
    report = case_a.awaiting_report
    response = _cosign(client_for(supervisor_a), report.pk, {"reason": REASON})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["report"], body["decided_by"]["id"]) == (
        "not_open",
        report.pk,
        intake_a.pk,
    )
    report.refresh_from_db()
    assert report.state == ReportState.NOT_OPENED
    case_a.cosignature_request.refresh_from_db()
    assert (case_a.cosignature_request.status, case_a.cosignature_request.handled_by) == (
        CoSignatureRequest.Status.COSIGNED,
        supervisor_a,
    )
    row = RuleEvaluation.objects.get(report=report, rule_id="serious_closing_cosign")
    assert (row.cosigned_by, row.cosign_reason, row.decision_id) == (
        supervisor_a,
        REASON,
        body["id"],
    )
    entry = AuditEntry.objects.get(verb="guideline_cosignature")
    assert (entry.actor_id, entry.reason) == (supervisor_a.pk, REASON)
    assert AuditEntry.objects.filter(verb="cosign_decision", actor_id=supervisor_a.pk).exists()


@pytest.mark.parametrize("role", [Role.INTAKE_WORKER, Role.INVESTIGATOR])
def test_a_worker_without_the_permission_may_not_cosign(client_for, district_a, case_a, role):
    colleague = factories.user(role, district_a)
    before = snapshot()
    for call in (_cosign, _return):
        response = call(client_for(colleague), case_a.awaiting_report.pk, {"reason": REASON})
        assert response.status_code == 403
        assert error_code(response) == "forbidden"
    assert snapshot() == before


def test_an_inspector_may_not_cosign(client_for, inspector, case_a):
    before = snapshot()
    response = _cosign(client_for(inspector), case_a.awaiting_report.pk, {"reason": REASON})
    assert response.status_code == 403
    assert snapshot() == before


def test_the_proposer_may_not_cosign_their_own_proposal(client_for, supervisor_a, case_a):
    api = client_for(supervisor_a)
    assert _propose(api, case_a.awaiting_pre_assessment.pk, **cosign_proposal()).status_code == 201
    before = snapshot()
    response = _cosign(api, case_a.awaiting_report.pk, {"reason": REASON})
    assert response.status_code == 403
    assert error_code(response) == "forbidden"
    assert snapshot() == before


def test_another_districts_supervisor_finds_nothing(client_for, supervisor_b, case_a, case_b):
    before = snapshot()
    for call in (_cosign, _return):
        response = call(client_for(supervisor_b), case_a.awaiting_report.pk, {"reason": REASON})
        assert response.status_code == 404
        assert error_code(response) == "not_found"
    assert snapshot() == before
    denied = AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, actor_id=supervisor_b.pk)
    assert {e.child_id for e in denied} == {case_a.child.pk}


def test_a_report_with_nothing_waiting_is_not_found(client_for, supervisor_a, case_a):
    response = _cosign(client_for(supervisor_a), case_a.report.pk, {"reason": REASON})
    assert response.status_code == 404
    # The supervisor may read that report: no refused access for log review to flag.
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DENIED).exists()


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({}, "required", "reason"),
        ({"reason": "   "}, "required", "reason"),
        ({"reason": "x" * (MAX_TEXT + 1)}, "too_long", "reason"),
        ({"reason": REASON, "decided_by": 1}, "unknown_field", "decided_by"),
        ({"reason": REASON, "district": 1}, "district_not_allowed", "district"),
        ({"reason": REASON, "request_id": None}, "required", "request_id"),
        ({"reason": REASON, "request_id": 0}, "min_value", "request_id"),
        ({"reason": REASON, "request_id": 2**70}, "max_value", "request_id"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    client_for, supervisor_a, case_a, body, code, field
):
    before = snapshot()
    for call in (_cosign, _return):
        response = call(client_for(supervisor_a), case_a.awaiting_report.pk, body)
        assert response.status_code == 400, response.content
        error = response.json()["error"]
        assert (error["code"], error["field"]) == (code, field)
    assert snapshot() == before


def test_a_proposal_replaced_since_it_was_read_is_not_answered(
    client_for, intake_a, supervisor_a, case_a
):
    report = case_a.awaiting_report
    read = case_a.cosignature_request.pk
    replaced = _propose(
        client_for(intake_a), report.pre_assessment.pk, version=report.version, **cosign_proposal()
    )
    assert replaced.status_code == 201, replaced.content
    before = snapshot()
    for call in (_cosign, _return):
        response = call(client_for(supervisor_a), report.pk, {"request_id": read, "reason": REASON})
        assert response.status_code == 409, response.content
        assert response.json()["error"]["code"] == "concurrent_change"
    assert snapshot() == before


def test_cosigning_reruns_the_rules_and_a_stop_writes_nothing(client_for, supervisor_a, case_a):
    """Between the proposal and the co-signature the 14 days ran out: the rules stop it."""
    type(case_a.awaiting_report).objects.filter(pk=case_a.awaiting_report.pk).update(
        decision_due="2000-01-01"
    )
    before = snapshot()
    response = _cosign(client_for(supervisor_a), case_a.awaiting_report.pk, {"reason": REASON})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "guideline_blocked"
    assert [r["rule"] for r in error["rules"]] == ["late_decision_reason"]
    assert snapshot() == before


# --- returning ------------------------------------------------------------------------------


def test_a_supervisor_returns_the_proposal_with_a_reason(client_for, supervisor_a, case_a):
    api = client_for(supervisor_a)
    reason = "Höra barnet först, via skolan."
    response = _return(api, case_a.awaiting_report.pk, {"reason": reason})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["status"], body["handler_reason"]) == (
        case_a.cosignature_request.pk,
        "returned",
        reason,
    )
    assert body["handled_by"]["id"] == supervisor_a.pk
    assert not Decision.objects.filter(pre_assessment=case_a.awaiting_pre_assessment).exists()
    entry = AuditEntry.objects.get(verb="return_decision")
    assert (entry.actor_id, entry.reason) == (supervisor_a.pk, reason)
    # Nothing waits any more: a second answer finds nothing.
    assert _cosign(api, case_a.awaiting_report.pk, {"reason": REASON}).status_code == 404
