"""The rules at the decision: what stops it, what is stored on the case and in the log.

Everything here goes through casework.services.decide() and the co-signature
services, on the database, as the UI and the API call them.
"""

import logging

import pytest

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.models import Decision
from likvard.core.errors import ConcurrentChange, InvalidInput, NotFound, PermissionDenied
from likvard.guidelines.engine import GuidelineRefusal
from likvard.guidelines.models import CoSignatureRequest, Outcome, RuleEvaluation
from likvard.organisation.models import Role
from likvard.reports.models import Concern, Report
from likvard.reports.workflow import ReportState

from .. import factories
from ..casework.helpers import last_audit_id, row_counts
from .conftest import consider_police, heard, not_heard, violence_report

MOTIVATION = "Oron är bemött i samtal med familjen och skolan."
AT_ONCE = "Barnet är redan i behandling hos BUP som följer upp."


def decide(actor, report, **kwargs):
    version = kwargs.pop("version", Report.objects.get(pk=report.pk).version)
    return services.decide(actor, report.pk, services.DecisionInput(**kwargs), version=version)


def close(actor, report, **kwargs):
    return decide(actor, report, kind=Decision.Kind.NOT_OPEN, motivation=MOTIVATION, **kwargs)


def waiting(report) -> int:
    """The id of the proposal a supervisor reads on the report (0 when none waits)."""
    pending = CoSignatureRequest.objects.filter(
        report=report, status=CoSignatureRequest.Status.PENDING
    )
    return pending.values_list("pk", flat=True).first() or 0


def stored(report) -> dict[str, RuleEvaluation]:
    return {e.rule_id: e for e in RuleEvaluation.objects.filter(report=report)}


# --- a decision that passes stores every evaluation with it --------------------------------


def test_a_decision_stores_every_rule_in_force_with_its_outcome(intake_a):
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    decision = close(intake_a, report)
    rows = stored(report)
    assert set(rows) == {
        "not_open_motivation",
        "earlier_reports_motivation",
        "child_heard",
        "police_consideration",
        "serious_closing_cosign",
        "serious_investigate_at_once",
        "late_decision_reason",
    }  # the archiving rule does not run at the decision
    assert {r.decision_id for r in rows.values()} == {decision.pk}
    assert rows["not_open_motivation"].outcome == Outcome.PASSED
    assert rows["child_heard"].outcome == Outcome.PASSED
    assert rows["police_consideration"].outcome == Outcome.NOT_APPLICABLE
    assert {r.evaluated_by_id for r in rows.values()} == {intake_a.pk}
    entry = AuditEntry.objects.get(verb="guideline_evaluation", object_id=report.pk)
    assert entry.after["decision"] == decision.pk
    assert entry.after["outcomes"]["child_heard"] == "passed"
    assert entry.district_id == report.district_id


def test_a_refused_decision_writes_nothing_and_names_the_rules(intake_a):
    report = violence_report(intake_a)
    rows, since = row_counts(), last_audit_id()
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, report)
    assert refused.value.code == "guideline_blocked"
    stopping = [e.rule.id for e in refused.value.stopping]
    assert stopping == ["child_heard", "police_consideration", "serious_investigate_at_once"]
    assert "Övervägande om polisanmälan vid våld" in str(refused.value.message)
    assert row_counts() == rows
    assert not AuditEntry.objects.filter(pk__gt=since).exists()
    assert Report.objects.get(pk=report.pk).state == ReportState.PRE_ASSESSMENT


# --- violence: the police consideration before the decision --------------------------------


def test_violence_is_decided_once_the_police_consideration_is_recorded(intake_a):
    report = violence_report(intake_a)
    with pytest.raises(GuidelineRefusal) as refused:
        decide(intake_a, report, kind=Decision.Kind.OPEN_INVESTIGATION)
    assert [e.rule.id for e in refused.value.stopping] == ["police_consideration"]
    consider_police(intake_a, report)
    decide(intake_a, report, kind=Decision.Kind.OPEN_INVESTIGATION)
    assert stored(report)["police_consideration"].outcome == Outcome.PASSED


def test_not_reporting_now_without_a_date_to_reconsider_is_refused_at_recording(intake_a, today):
    report = violence_report(intake_a)
    with pytest.raises(InvalidInput) as refused:
        consider_police(intake_a, report, outcome="not_now")
    assert refused.value.code == "required"
    assert refused.value.field == "reconsider_on"


# --- earlier reports ----------------------------------------------------------------------


def test_closing_a_known_child_needs_the_motivation_about_earlier_reports(intake_a):
    factories.report(intake_a)  # an earlier report about the same child
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, report)
    assert [e.rule.id for e in refused.value.stopping] == ["earlier_reports_motivation"]
    assert refused.value.field == "earlier_reports_motivation"
    answer = {"earlier_reports_motivation": "Den förra anmälan gällde en annan fråga."}
    close(intake_a, report, answers=answer)
    row = stored(report)["earlier_reports_motivation"]
    assert row.outcome == Outcome.PASSED
    assert row.answer == answer


def test_another_districts_reports_do_not_count_as_earlier_here(intake_a, intake_b):
    factories.report(intake_b)  # same child, district B
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    close(intake_a, report)
    assert stored(report)["earlier_reports_motivation"].outcome == Outcome.NOT_APPLICABLE


def test_an_unknown_answer_is_refused(intake_a):
    report = factories.assessed_report(intake_a)
    with pytest.raises(InvalidInput) as refused:
        close(intake_a, report, answers={"nonsense": "x"})
    assert refused.value.code == "unknown_answer"


# --- warnings need an override with a reason -----------------------------------------------


def _serious_ready(actor):
    """A sexual-abuse report with everything but the override in place."""
    report = violence_report(actor, concerns=[Concern.SEXUAL_ABUSE])
    heard(actor, report)
    consider_police(actor, report)
    return report


def test_closing_a_serious_category_without_override_is_refused(intake_a):
    report = _serious_ready(intake_a)
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, report)
    assert refused.value.code == "override_required"
    assert [e.rule.id for e in refused.value.stopping] == ["serious_investigate_at_once"]


def test_a_blank_override_reason_is_no_override(intake_a):
    report = _serious_ready(intake_a)
    with pytest.raises(GuidelineRefusal):
        close(intake_a, report, overrides={"serious_investigate_at_once": "   "})


def test_an_override_with_a_reason_is_recorded_on_the_case_and_in_the_log(intake_a):
    report = _serious_ready(intake_a)
    close(intake_a, report, overrides={"serious_investigate_at_once": AT_ONCE})
    row = stored(report)["serious_investigate_at_once"]
    assert row.outcome == Outcome.FAILED
    assert (row.override_reason, row.overridden_by_id) == (AT_ONCE, intake_a.pk)
    entry = AuditEntry.objects.get(verb="guideline_override")
    assert (entry.reason, entry.object_id, entry.actor_id) == (AT_ONCE, row.pk, intake_a.pk)
    assert list(RuleEvaluation.objects.overridden()) == [row]


def test_an_override_for_a_rule_that_passed_is_not_stored(intake_a):
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    close(intake_a, report, overrides={"serious_investigate_at_once": AT_ONCE})
    assert not RuleEvaluation.objects.overridden().exists()
    assert not AuditEntry.objects.filter(verb="guideline_override").exists()


def test_a_block_cannot_be_overridden(intake_a):
    report = violence_report(intake_a)
    heard(intake_a, report)
    with pytest.raises(GuidelineRefusal) as refused:
        decide(
            intake_a,
            report,
            kind=Decision.Kind.OPEN_INVESTIGATION,
            overrides={"police_consideration": "Vi hinner inte."},
        )
    assert refused.value.code == "guideline_blocked"


def test_an_override_for_an_unknown_rule_is_refused(intake_a):
    report = factories.assessed_report(intake_a)
    with pytest.raises(InvalidInput) as refused:
        close(intake_a, report, overrides={"no_such_rule": "x"})
    assert refused.value.code == "unknown_rule"


# --- co-signature: serious concern, guardians deny, no account from the child --------------

DENY = {"guardians_deny": True}
OVERRIDE = {"serious_investigate_at_once": AT_ONCE}


@pytest.fixture
def denied_case(intake_a):
    """A school's violence report, guardians deny, the child was not heard (reason given)."""
    report = violence_report(intake_a)
    not_heard(intake_a, report)
    consider_police(intake_a, report)
    return report


def propose(actor, report):
    return services.request_cosignature(
        actor,
        report.pk,
        services.DecisionInput(
            kind=Decision.Kind.NOT_OPEN, motivation=MOTIVATION, answers=DENY, overrides=OVERRIDE
        ),
        version=Report.objects.get(pk=report.pk).version,
    )


def test_closing_with_denial_and_no_account_is_refused_without_cosignature(intake_a, denied_case):
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, denied_case, answers=DENY, overrides=OVERRIDE)
    assert refused.value.code == "cosignature_required"
    assert [e.rule.id for e in refused.value.stopping] == ["serious_closing_cosign"]
    assert not Decision.objects.exists()


def test_guardians_not_denying_closes_without_cosignature(intake_a, denied_case):
    close(intake_a, denied_case, answers={"guardians_deny": False}, overrides=OVERRIDE)
    assert Report.objects.get(pk=denied_case.pk).state == ReportState.NOT_OPENED


def test_a_proposal_waits_and_a_supervisor_cosigns_it_into_the_workers_decision(
    intake_a, supervisor_a, denied_case
):
    request = propose(intake_a, denied_case)
    assert request.status == CoSignatureRequest.Status.PENDING
    assert request.rule_ids == ["serious_closing_cosign"]
    assert Report.objects.get(pk=denied_case.pk).state == ReportState.PRE_ASSESSMENT
    assert AuditEntry.objects.filter(verb="request_cosignature", object_id=request.pk).exists()

    reason = "Jag har läst anmälan och motiveringen; oron är bemött."
    decision = services.cosign_decision(
        supervisor_a, denied_case.pk, request_id=waiting(denied_case), reason=reason
    )

    assert decision.kind == Decision.Kind.NOT_OPEN
    assert decision.decided_by == intake_a  # the worker's decision ...
    row = stored(denied_case)["serious_closing_cosign"]
    assert (row.cosigned_by, row.cosign_reason) == (supervisor_a, reason)  # ... co-signed
    assert row.answer == DENY
    assert stored(denied_case)["serious_investigate_at_once"].override_reason == AT_ONCE
    request.refresh_from_db()
    assert (request.status, request.handled_by, request.handler_reason) == (
        CoSignatureRequest.Status.COSIGNED,
        supervisor_a,
        reason,
    )
    cosign_entry = AuditEntry.objects.get(verb="guideline_cosignature")
    assert (cosign_entry.actor_id, cosign_entry.reason) == (supervisor_a.pk, reason)
    transition = AuditEntry.objects.get(verb="not_open", action=AuditEntry.Action.TRANSITION)
    assert transition.actor_id == supervisor_a.pk
    assert Report.objects.get(pk=denied_case.pk).state == ReportState.NOT_OPENED


def test_a_supervisor_returns_a_proposal_with_a_reason(intake_a, supervisor_a, denied_case):
    propose(intake_a, denied_case)
    returned = services.return_decision(
        supervisor_a,
        denied_case.pk,
        request_id=waiting(denied_case),
        reason="Höra barnet först, via skolan.",
    )
    assert returned.status == CoSignatureRequest.Status.RETURNED
    assert returned.handler_reason == "Höra barnet först, via skolan."
    assert not Decision.objects.exists()
    with pytest.raises(NotFound):  # nothing is waiting any more
        services.cosign_decision(
            supervisor_a, denied_case.pk, request_id=waiting(denied_case), reason="Ändå."
        )


def test_the_proposer_cannot_cosign_their_own_proposal(district_a, denied_case):
    boss = factories.user(Role.SUPERVISOR, district_a)
    propose(boss, denied_case)
    with pytest.raises(PermissionDenied):
        services.cosign_decision(
            boss,
            denied_case.pk,
            request_id=waiting(denied_case),
            reason="Jag håller med mig själv.",
        )
    assert not Decision.objects.exists()


def test_a_worker_without_the_supervisor_permission_cannot_cosign(
    intake_a, district_a, denied_case
):
    propose(intake_a, denied_case)
    colleague = factories.user(Role.INTAKE_WORKER, district_a)
    with pytest.raises(PermissionDenied):
        services.cosign_decision(
            colleague,
            denied_case.pk,
            request_id=waiting(denied_case),
            reason="Jag tycker det är bra.",
        )


def test_another_districts_supervisor_finds_nothing_to_cosign(intake_a, district_b, denied_case):
    propose(intake_a, denied_case)
    other = factories.user(Role.SUPERVISOR, district_b)
    with pytest.raises(NotFound):
        services.cosign_decision(other, denied_case.pk, request_id=waiting(denied_case), reason="x")


def test_a_cosignature_without_a_reason_is_refused(intake_a, supervisor_a, denied_case):
    propose(intake_a, denied_case)
    with pytest.raises(InvalidInput) as refused:
        services.cosign_decision(
            supervisor_a, denied_case.pk, request_id=waiting(denied_case), reason="  "
        )
    assert refused.value.code == "required"


def test_a_proposal_that_needs_no_cosignature_is_refused(intake_a):
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    with pytest.raises(InvalidInput) as refused:
        services.request_cosignature(
            intake_a,
            report.pk,
            services.DecisionInput(kind="not_open", motivation=MOTIVATION),
            version=None,
        )
    assert refused.value.code == "cosignature_not_needed"
    assert not CoSignatureRequest.objects.exists()


def test_a_proposal_must_pass_every_other_rule_first(intake_a):
    report = violence_report(intake_a)
    not_heard(intake_a, report)  # no police consideration
    with pytest.raises(GuidelineRefusal) as refused:
        propose(intake_a, report)
    assert [e.rule.id for e in refused.value.stopping] == ["police_consideration"]


def test_a_proposal_replaced_while_the_supervisor_read_it_is_not_signed(
    intake_a, supervisor_a, denied_case
):
    read = propose(intake_a, denied_case)
    propose(intake_a, denied_case)  # the worker proposes again, perhaps changed
    with pytest.raises(ConcurrentChange):
        services.cosign_decision(
            supervisor_a, denied_case.pk, request_id=read.pk, reason="Det jag läste är bra."
        )
    with pytest.raises(ConcurrentChange):
        services.return_decision(supervisor_a, denied_case.pk, request_id=read.pk, reason="Nej.")
    assert not Decision.objects.exists()
    assert CoSignatureRequest.objects.filter(status=CoSignatureRequest.Status.PENDING).count() == 1


def test_deciding_otherwise_supersedes_a_waiting_proposal(intake_a, denied_case):
    request = propose(intake_a, denied_case)
    decide(intake_a, denied_case, kind=Decision.Kind.OPEN_INVESTIGATION)
    request.refresh_from_db()
    assert request.status == CoSignatureRequest.Status.SUPERSEDED


def test_the_cosigning_reruns_the_rules_as_of_then(intake_a, supervisor_a, denied_case):
    """A proposal co-signed after a new fact: the rules judge the case as it is now."""
    propose(intake_a, denied_case)
    Report.objects.filter(pk=denied_case.pk).update(decision_due="2000-01-01")
    with pytest.raises(GuidelineRefusal) as refused:
        services.cosign_decision(
            supervisor_a, denied_case.pk, request_id=waiting(denied_case), reason="Håller med."
        )
    assert [e.rule.id for e in refused.value.stopping] == ["late_decision_reason"]
    assert CoSignatureRequest.objects.get().status == CoSignatureRequest.Status.PENDING


# --- a rule that raises --------------------------------------------------------------------


def test_a_broken_rule_does_not_block_and_is_stored_as_could_not_be_evaluated(
    intake_a, broken_rule, caplog
):
    report = factories.assessed_report(intake_a)
    heard(intake_a, report)
    with caplog.at_level(logging.ERROR, logger="likvard.guidelines"):
        decision = close(intake_a, report)
    assert decision.pk is not None
    row = stored(report)["test_broken"]
    assert row.outcome == Outcome.ERROR
    assert "kunde inte utvärderas" in row.message
    logged = caplog.text
    assert "test_broken" in logged and "RuleBroke" in logged
    assert "Alva" not in logged and "20150916" not in logged  # no personal data in the log


def test_a_broken_rule_is_shown_with_the_rules_that_stop_a_decision(intake_a, broken_rule):
    report = factories.assessed_report(intake_a)  # the child was not heard: refused
    with pytest.raises(GuidelineRefusal) as refused:
        close(intake_a, report)
    outcomes = {e.rule.id: e.outcome for e in refused.value.evaluations}
    assert outcomes["test_broken"] == Outcome.ERROR
    assert [e.rule.id for e in refused.value.stopping] == ["child_heard"]
