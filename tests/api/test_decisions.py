"""The decision that ends a pre-assessment, and reading decisions back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.casework import services as casework
from likvard.casework.models import Decision
from likvard.core.calendar import local_date
from tests import factories

from .helpers import error_code, report_version, snapshot

pytestmark = pytest.mark.django_db


#: What the earlier-reports rule asks when a known child's report is closed.
EARLIER = {"earlier_reports_motivation": "Den tidigare anmälan gällde en annan fråga."}


def _heard(actor, case):
    """The child-heard rule: a conversation is documented before a report is closed."""
    casework.record_child_conversation(
        actor, case.report.pk, held=True, held_on=local_date(timezone.now())
    )


def _decide(api, pre_assessment_id, **body):
    """As a worker who has just read the report: its version goes with the body."""
    body = {"version": report_version(pre_assessment=pre_assessment_id), **body}
    return api.post(f"/api/pre-assessments/{pre_assessment_id}/decision/", body, format="json")


def test_not_open_without_motivation_is_refused(client_for, intake_a, case_a):
    before = snapshot()
    response = _decide(client_for(intake_a), case_a.pre_assessment.pk, kind="not_open")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("guideline_blocked", "motivation")
    assert "not_open_motivation" in [rule["rule"] for rule in error["rules"]]
    assert not Decision.objects.filter(pre_assessment=case_a.pre_assessment).exists()
    assert snapshot() == before


def test_not_open_with_motivation_is_decided(client_for, intake_a, case_a):
    _heard(intake_a, case_a)
    response = _decide(
        client_for(intake_a),
        case_a.pre_assessment.pk,
        kind="not_open",
        motivation="Oron är utredd i samband med tidigare anmälan.",
        answers=EARLIER,
    )
    assert response.status_code == 201, response.content
    assert response.json()["investigation"] is None
    case_a.report.refresh_from_db()
    assert case_a.report.state == "not_opened"


def test_a_second_decision_is_a_conflict(client_for, intake_a, case_a):
    api = client_for(intake_a)
    _heard(intake_a, case_a)
    first = _decide(
        api,
        case_a.pre_assessment.pk,
        kind="not_open",
        motivation="Ingen oro kvar.",
        answers=EARLIER,
    )
    assert first.status_code == 201
    before = snapshot()
    second = _decide(api, case_a.pre_assessment.pk, kind="open_investigation")
    assert second.status_code == 409
    assert error_code(second) in {"transition_not_allowed", "already_decided"}
    assert snapshot() == before
    assert Decision.objects.filter(pre_assessment=case_a.pre_assessment).count() == 1


def test_a_decision_on_a_stale_version_is_a_conflict(client_for, intake_a, case_a):
    before = snapshot()
    response = _decide(
        client_for(intake_a),
        case_a.pre_assessment.pk,
        kind="open_investigation",
        version=case_a.report.version - 1,
    )
    assert response.status_code == 409
    assert error_code(response) == "concurrent_change"
    assert snapshot() == before


def test_transfer_needs_a_municipality(client_for, intake_a, case_a):
    response = _decide(client_for(intake_a), case_a.pre_assessment.pk, kind="transfer")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "transfer_municipality"


def test_an_unknown_kind_is_refused(client_for, intake_a, case_a):
    response = _decide(client_for(intake_a), case_a.pre_assessment.pk, kind="maybe")
    assert response.status_code == 400
    assert (error_code(response), response.json()["error"]["field"]) == ("invalid_choice", "kind")


def test_pre_assessment_detail_is_audited(client_for, intake_a, case_a):
    response = client_for(intake_a).get(f"/api/pre-assessments/{case_a.pre_assessment.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["report"]["id"] == case_a.report.pk
    assert body["protection_assessment"]["immediate_protection_needed"] is False
    assert body["decision"] is None
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.READ,
        verb="view_pre_assessment",
        object_id=case_a.pre_assessment.pk,
        child_id=case_a.child.pk,
    ).exists()


def test_decisions_are_listed_in_scope_and_filtered(client_for, intake_a, case_a, case_b):
    api = client_for(intake_a)
    listed = api.get("/api/decisions/").json()
    assert [row["id"] for row in listed["results"]] == [case_a.decision.pk]
    assert api.get("/api/decisions/", {"kind": "not_open"}).json()["results"] == []
    assert api.get("/api/decisions/", {"kind": "nope"}).status_code == 400


def test_decision_detail(client_for, intake_a, case_a):
    response = client_for(intake_a).get(f"/api/decisions/{case_a.decision.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["investigation"] == case_a.investigation.pk
    assert body["child"]["id"] == case_a.child.pk
    assert body["provision"]["key"] == "open_investigation"
    assert AuditEntry.objects.filter(verb="view_decision", object_id=case_a.decision.pk).exists()


def test_a_late_decision_needs_exceptional_reasons(client_for, intake_a):
    report = factories.assessed_report(intake_a, received_at=timezone.now() - timedelta(days=20))
    response = _decide(client_for(intake_a), report.pre_assessment.pk, kind="open_investigation")
    assert response.status_code == 400
    assert error_code(response) == "guideline_blocked"
    assert response.json()["error"]["field"] == "exceptional_reason"
