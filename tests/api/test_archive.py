"""Archiving a decided report, and reading what the guideline rules found on a report."""

import pytest

from likvard.access.models import AuditEntry
from likvard.core.validation import MAX_TEXT
from likvard.reports.workflow import ReportState

from .helpers import error_code, report_version, snapshot

pytestmark = pytest.mark.django_db

NO_FEEDBACK = "Anmälaren har slutat på skolan och går inte att nå."


def _archive(api, report_id, body):
    """As a worker who has just read the report: its version goes with the body."""
    body = {"version": report_version(pk=report_id), **body}
    return api.post(f"/api/reports/{report_id}/archive/", body, format="json")


def test_archiving_is_held_until_feedback_or_a_reason(client_for, intake_a, case_a):
    before = snapshot()
    response = _archive(client_for(intake_a), case_a.decided_report.pk, {})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("guideline_blocked", "reason_no_feedback")
    assert [r["rule"] for r in error["rules"]] == ["feedback_before_archive"]
    assert snapshot() == before


def test_archiving_with_a_reason_archives_and_records_the_reason(client_for, intake_a, case_a):
    report = case_a.decided_report
    report.refresh_from_db()
    response = _archive(
        client_for(intake_a),
        report.pk,
        {"version": report.version, "reason_no_feedback": f"  {NO_FEEDBACK} "},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"], body["version"]) == (
        report.pk,
        ReportState.ARCHIVED,
        report.version + 1,
    )
    entry = AuditEntry.objects.get(verb="archive_without_feedback")
    assert (entry.actor_id, entry.reason, entry.object_id) == (intake_a.pk, NO_FEEDBACK, report.pk)
    assert AuditEntry.objects.filter(verb="archive", action=AuditEntry.Action.TRANSITION).exists()


def test_archiving_an_undecided_report_is_a_conflict(client_for, intake_a, case_a):
    before = snapshot()
    response = _archive(client_for(intake_a), case_a.report.pk, {"reason_no_feedback": "x"})
    assert response.status_code == 409
    assert error_code(response) == "transition_not_allowed"
    assert snapshot() == before


def test_archiving_on_a_stale_version_is_a_conflict(client_for, intake_a, case_a):
    """The version read before the decision: the decision has changed the report since."""
    before = snapshot()
    response = _archive(
        client_for(intake_a),
        case_a.decided_report.pk,
        {"version": case_a.decided_report.version, "reason_no_feedback": NO_FEEDBACK},
    )
    assert response.status_code == 409
    assert error_code(response) == "concurrent_change"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"reason_no_feedback": "x" * (MAX_TEXT + 1)}, "too_long", "reason_no_feedback"),
        ({"overrides": {"no_such_rule": "Skäl."}}, "unknown_rule", "overrides"),
        (
            {"overrides": {"feedback_before_archive": ["Skäl."]}},
            "invalid",
            "overrides.feedback_before_archive",
        ),
        ({"version": 0}, "min_value", "version"),
        ({"state": "archived"}, "unknown_field", "state"),
        ({"district_id": 1}, "district_not_allowed", "district_id"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    client_for, intake_a, case_a, body, code, field
):
    before = snapshot()
    response = _archive(client_for(intake_a), case_a.decided_report.pk, body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert snapshot() == before


# --- what the rules found -------------------------------------------------------------------


def test_the_rule_evaluations_of_a_report_are_listed_and_the_read_logged(
    client_for, intake_a, case_a
):
    report = case_a.decided_report
    _archive(client_for(intake_a), report.pk, {"reason_no_feedback": NO_FEEDBACK})
    response = client_for(intake_a).get(f"/api/reports/{report.pk}/rule-evaluations/")
    assert response.status_code == 200
    rows = response.json()
    points = {(r["decision_point"], r["rule_id"]): r for r in rows}
    at_decision = points[("decision", "child_heard")]
    assert at_decision["decision"] == case_a.decision.pk
    assert at_decision["evaluated_by"]["id"] == intake_a.pk
    at_archive = points[("archive", "feedback_before_archive")]
    assert (at_archive["outcome"], at_archive["answer"]) == (
        "passed",
        {"reason_no_feedback": NO_FEEDBACK},
    )
    assert [r["decision_point"] for r in rows].index("archive") > 0  # oldest first
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.READ,
        verb="view_rule_evaluations",
        object_id=report.pk,
        child_id=case_a.child.pk,
    ).exists()


def test_an_override_shows_with_its_reason_and_author(client_for, intake_a, supervisor_a, case_a):
    """The decision the supervisor co-signed went past the at-once warning with a reason."""
    report_id = case_a.awaiting_report.pk
    cosigned = client_for(supervisor_a).post(
        f"/api/reports/{report_id}/cosign/",
        {"request_id": case_a.cosignature_request.pk, "reason": "Håller med."},
        format="json",
    )
    assert cosigned.status_code == 201
    rows = client_for(intake_a).get(f"/api/reports/{report_id}/rule-evaluations/").json()
    by_rule = {r["rule_id"]: r for r in rows}
    at_once = by_rule["serious_investigate_at_once"]
    assert at_once["override_reason"] == "Barnet följs redan upp av BUP."
    assert at_once["overridden_by"]["id"] == intake_a.pk
    signed = by_rule["serious_closing_cosign"]
    assert (signed["cosign_reason"], signed["cosigned_by"]["id"]) == (
        "Håller med.",
        supervisor_a.pk,
    )


def test_a_report_without_a_step_past_the_rules_has_no_evaluations(client_for, intake_a, case_a):
    response = client_for(intake_a).get(f"/api/reports/{case_a.report.pk}/rule-evaluations/")
    assert (response.status_code, response.json()) == (200, [])
