"""Archiving a decided report: held until the reporter's feedback is done or a reason given."""

import pytest

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.models import Decision
from likvard.core.errors import TransitionNotAllowed
from likvard.guidelines.engine import GuidelineRefusal
from likvard.guidelines.models import Outcome, RuleEvaluation
from likvard.reports.models import Feedback, Report
from likvard.reports.services import record_feedback
from likvard.reports.workflow import ReportState

from .. import factories
from ..casework.helpers import last_audit_id, row_counts
from .conftest import heard


def decided(actor, **overrides):
    report = factories.assessed_report(actor, **overrides)
    heard(actor, report)
    services.decide(
        actor,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.NOT_OPEN, motivation="Skäl."),
        version=report.version,
    )
    return Report.objects.get(pk=report.pk)


def archive(actor, report, **kwargs):
    return services.archive_report(
        actor, report.pk, version=Report.objects.get(pk=report.pk).version, **kwargs
    )


def feedback_rule(report) -> RuleEvaluation:
    return RuleEvaluation.objects.get(report=report, rule_id="feedback_before_archive")


def test_archiving_without_feedback_or_reason_is_refused_and_writes_nothing(intake_a):
    report = decided(intake_a)  # a school that asked for feedback
    rows, since = row_counts(), last_audit_id()
    with pytest.raises(GuidelineRefusal) as refused:
        archive(intake_a, report)
    assert refused.value.code == "guideline_blocked"
    assert [e.rule.id for e in refused.value.stopping] == ["feedback_before_archive"]
    assert refused.value.field == "reason_no_feedback"
    assert row_counts() == rows
    assert last_audit_id() == since


def test_archiving_after_feedback_is_allowed_and_recorded(intake_a, today):
    report = decided(intake_a)
    record_feedback(intake_a, report.pk, given_on=today, method=Feedback.Method.PHONE)
    archived = archive(intake_a, report)
    assert archived.state == ReportState.ARCHIVED
    assert Report.objects.get(pk=report.pk).state == ReportState.ARCHIVED
    row = feedback_rule(report)
    assert (row.outcome, row.decision_point, row.decision_id) == (Outcome.PASSED, "archive", None)
    transition = AuditEntry.objects.get(verb="archive", action=AuditEntry.Action.TRANSITION)
    assert transition.after["ground"] == "feedback"


def test_archiving_with_a_reason_for_no_feedback_records_the_reason(intake_a):
    report = decided(intake_a)
    reason = "Anmälaren har bytt arbete och går inte att nå."
    archive(intake_a, report, reason_no_feedback=f"  {reason} ")
    row = feedback_rule(report)
    assert row.outcome == Outcome.PASSED
    assert row.answer == {"reason_no_feedback": reason}
    entry = AuditEntry.objects.get(verb="archive_without_feedback")
    assert (entry.reason, entry.object_id) == (reason, report.pk)


def test_a_reporter_who_did_not_ask_for_feedback_holds_nothing(intake_a):
    report = decided(intake_a, reporter_wants_feedback=False)
    archive(intake_a, report)
    assert feedback_rule(report).outcome == Outcome.NOT_APPLICABLE
    assert Report.objects.get(pk=report.pk).state == ReportState.ARCHIVED


def test_an_open_report_cannot_be_archived(intake_a):
    report = factories.assessed_report(intake_a)
    with pytest.raises(TransitionNotAllowed):
        archive(intake_a, report, reason_no_feedback="x")


def test_an_archived_report_cannot_be_archived_again(intake_a):
    report = decided(intake_a, reporter_wants_feedback=False)
    archive(intake_a, report)
    with pytest.raises(TransitionNotAllowed):
        archive(intake_a, report)
