"""Decisions and investigations: bad input, deadlines, scope and roles.

Every refusal is checked to leave the database as it was: no new rows, no
changed rows, no audit entry.
"""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.models import (
    Decision,
    Investigation,
    InvestigationExtension,
    PoliceReportConsideration,
)
from likvard.core.calendar import local_date
from likvard.core.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from likvard.organisation.models import Role
from likvard.reports import deadlines
from likvard.reports.models import Feedback, Report
from likvard.reports.services import record_feedback, register_report
from likvard.reports.workflow import InvestigationState, ReportState

from .. import factories
from .conftest import open_investigation
from .helpers import (
    EARLIER,
    fields_of,
    heard,
    last_audit_id,
    local_noon,
    local_today,
    row_counts,
)

DAY = datetime.timedelta(days=1)


class Unchanged:
    """Snapshot of the database and some rows; `check()` asserts nothing moved."""

    def __init__(self, *objs):
        self.objs = objs
        self.rows = row_counts()
        self.stored = [fields_of(obj) for obj in objs]
        self.since = last_audit_id()

    def check(self):
        assert row_counts() == self.rows
        assert [fields_of(obj) for obj in self.objs] == self.stored
        assert not AuditEntry.objects.filter(pk__gt=self.since).exists()


def decide(actor, report, **kwargs):
    version = kwargs.pop("version", Report.objects.get(pk=report.pk).version)
    return services.decide(actor, report.pk, services.DecisionInput(**kwargs), version=version)


def refused_by(refusal) -> list[str]:
    """The ids of the guideline rules that stopped a decision."""
    return [e.rule.id for e in refusal.value.stopping]


# --- decisions: input --------------------------------------------------------------------


@pytest.mark.parametrize("motivation", ["", "   \n "])
def test_not_open_without_motivation_is_refused_and_writes_nothing(intake_a, motivation):
    report = heard(intake_a, factories.assessed_report(intake_a))
    unchanged = Unchanged(report)
    with pytest.raises(InvalidInput) as refused:
        decide(intake_a, report, kind=Decision.Kind.NOT_OPEN, motivation=motivation)
    assert refused.value.code == "guideline_blocked"
    assert refused_by(refused) == ["not_open_motivation"]
    assert refused.value.field == "motivation"
    unchanged.check()


def test_not_open_with_motivation_is_stored_with_the_motivation(intake_a):
    report = heard(intake_a, factories.assessed_report(intake_a))
    decision = decide(intake_a, report, kind=Decision.Kind.NOT_OPEN, motivation="  Skäl.  ")
    decision.refresh_from_db()
    assert decision.kind == Decision.Kind.NOT_OPEN
    assert decision.motivation == "Skäl."
    assert decision.decided_by == intake_a
    assert Report.objects.get(pk=report.pk).state == ReportState.NOT_OPENED


def test_unknown_decision_kind_is_refused(intake_a):
    report = factories.assessed_report(intake_a)
    unchanged = Unchanged(report)
    with pytest.raises(InvalidInput) as refused:
        decide(intake_a, report, kind="maybe_later", motivation="x")
    assert refused.value.code == "invalid_choice"
    unchanged.check()


@pytest.mark.parametrize("second_kind", list(Decision.Kind))
def test_a_second_decision_on_the_same_pre_assessment_is_refused(intake_a, second_kind):
    open_investigation(intake_a)  # so that "already ongoing" is valid input as such
    report = heard(intake_a, factories.assessed_report(intake_a))
    decide(
        intake_a,
        report,
        kind=Decision.Kind.NOT_OPEN,
        motivation="Ingen oro kvarstår.",
        answers=EARLIER,
    )
    unchanged = Unchanged(report)
    with pytest.raises(TransitionNotAllowed):
        decide(
            intake_a,
            report,
            kind=second_kind,
            motivation="Ny bedömning.",
            transfer_municipality="X",
            answers=EARLIER,
        )
    unchanged.check()
    assert Decision.objects.filter(pre_assessment__report=report).count() == 1


def test_a_decision_with_a_stale_version_is_a_concurrent_change_and_writes_nothing(intake_a):
    report = factories.report(intake_a)
    stale = report.version
    services.assess_protection(
        intake_a, report.pk, version=stale, immediate_protection_needed=False, assessment="Ok."
    )
    report.refresh_from_db()
    assert report.version == stale + 1
    unchanged = Unchanged(report)
    with pytest.raises(ConcurrentChange):
        decide(intake_a, report, version=stale, kind=Decision.Kind.NOT_OPEN, motivation="Skäl.")
    unchanged.check()


def test_a_protection_assessment_with_a_stale_version_writes_nothing(intake_a):
    report = factories.report(intake_a)
    unchanged = Unchanged(report)
    with pytest.raises(ConcurrentChange):
        services.assess_protection(
            intake_a,
            report.pk,
            version=report.version + 1,
            immediate_protection_needed=False,
            assessment="Ok.",
        )
    unchanged.check()


# --- decisions: the 14-day rule ----------------------------------------------------------


@pytest.fixture
def late_report(intake_a):
    """A report received 20 days ago, still in pre-assessment: past its 14 days."""
    report = factories.assessed_report(intake_a, received_at=local_noon(local_today() - 20 * DAY))
    assert report.decision_due == local_today() - 6 * DAY
    return heard(intake_a, report)


@pytest.mark.parametrize("kind", list(Decision.Kind))
def test_a_decision_after_day_14_without_exceptional_reason_is_refused(intake_a, late_report, kind):
    open_investigation(intake_a)
    unchanged = Unchanged(late_report)
    with pytest.raises(InvalidInput) as refused:
        decide(intake_a, late_report, kind=kind, motivation="Skäl.", transfer_municipality="X")
    assert refused.value.code == "guideline_blocked"
    assert refused_by(refused) == ["late_decision_reason"]
    assert refused.value.field == "exceptional_reason"
    unchanged.check()


def test_a_whitespace_exceptional_reason_counts_as_none(intake_a, late_report):
    unchanged = Unchanged(late_report)
    with pytest.raises(InvalidInput) as refused:
        decide(
            intake_a,
            late_report,
            kind=Decision.Kind.OPEN_INVESTIGATION,
            exceptional_reason="   ",
        )
    assert refused_by(refused) == ["late_decision_reason"]
    unchanged.check()


def test_a_decision_after_day_14_with_exceptional_reason_is_accepted(intake_a, late_report):
    decision = decide(
        intake_a,
        late_report,
        kind=Decision.Kind.OPEN_INVESTIGATION,
        exceptional_reason="Barnet vistades utomlands och kunde inte nås.",
    )
    decision.refresh_from_db()
    assert decision.exceptional_reason == "Barnet vistades utomlands och kunde inte nås."
    assert Report.objects.get(pk=late_report.pk).state == ReportState.INVESTIGATION_OPENED


def test_a_decision_on_day_14_needs_no_exceptional_reason(intake_a):
    report = factories.assessed_report(intake_a, received_at=local_noon(local_today() - 14 * DAY))
    assert report.decision_due == local_today()
    heard(intake_a, report)
    decision = decide(intake_a, report, kind=Decision.Kind.NOT_OPEN, motivation="Skäl.")
    assert decision.pk is not None
    assert decision.exceptional_reason == ""


def test_a_decision_on_day_15_needs_an_exceptional_reason(intake_a):
    report = factories.assessed_report(intake_a, received_at=local_noon(local_today() - 15 * DAY))
    heard(intake_a, report)
    with pytest.raises(InvalidInput) as refused:
        decide(intake_a, report, kind=Decision.Kind.NOT_OPEN, motivation="Skäl.")
    assert refused.value.code == "guideline_blocked"
    assert refused_by(refused) == ["late_decision_reason"]


# --- decisions: already ongoing and transfer ---------------------------------------------


def test_already_ongoing_without_an_ongoing_investigation_is_refused(intake_a):
    report = factories.assessed_report(intake_a)
    unchanged = Unchanged(report)
    with pytest.raises(InvalidInput) as refused:
        decide(intake_a, report, kind=Decision.Kind.ALREADY_ONGOING)
    assert refused.value.code == "no_ongoing_investigation"
    unchanged.check()


def test_already_ongoing_with_only_a_completed_investigation_is_refused(intake_a):
    investigation = open_investigation(intake_a)
    services.complete_investigation(
        intake_a,
        investigation.pk,
        version=investigation.version,
        completed_on=local_today(),
        outcome=Investigation.Outcome.NO_INTERVENTION,
    )
    report = factories.assessed_report(intake_a)
    with pytest.raises(InvalidInput) as refused:
        decide(intake_a, report, kind=Decision.Kind.ALREADY_ONGOING)
    assert refused.value.code == "no_ongoing_investigation"


def test_already_ongoing_does_not_count_another_districts_investigation(intake_a, intake_b):
    open_investigation(intake_b)  # same child (same personnummer), district B
    report = factories.assessed_report(intake_a)
    with pytest.raises(InvalidInput) as refused:
        decide(intake_a, report, kind=Decision.Kind.ALREADY_ONGOING)
    assert refused.value.code == "no_ongoing_investigation"


def test_already_ongoing_with_an_ongoing_investigation_joins_it(intake_a):
    open_investigation(intake_a)
    report = heard(intake_a, factories.assessed_report(intake_a))
    investigations = Investigation.objects.count()
    decide(intake_a, report, kind=Decision.Kind.ALREADY_ONGOING)
    assert Report.objects.get(pk=report.pk).state == ReportState.JOINED_ONGOING
    assert Investigation.objects.count() == investigations  # no second investigation


@pytest.mark.parametrize("municipality", ["", "   "])
def test_transfer_without_a_municipality_is_refused(intake_a, municipality):
    report = factories.assessed_report(intake_a)
    unchanged = Unchanged(report)
    with pytest.raises(InvalidInput) as refused:
        decide(intake_a, report, kind=Decision.Kind.TRANSFER, transfer_municipality=municipality)
    assert refused.value.code == "required"
    assert refused.value.field == "transfer_municipality"
    unchanged.check()


def test_transfer_stores_the_receiving_municipality(intake_a):
    report = heard(intake_a, factories.assessed_report(intake_a))
    decision = decide(
        intake_a, report, kind=Decision.Kind.TRANSFER, transfer_municipality=" Uppsala "
    )
    decision.refresh_from_db()
    assert decision.transfer_municipality == "Uppsala"
    assert Report.objects.get(pk=report.pk).state == ReportState.TRANSFERRED


# --- decisions: what they create ---------------------------------------------------------


def test_opening_creates_an_ongoing_investigation_due_four_months_later(intake_a):
    report = heard(intake_a, factories.assessed_report(intake_a))
    decision = decide(intake_a, report, kind=Decision.Kind.OPEN_INVESTIGATION)
    investigation = Investigation.objects.get(opening_decision=decision)
    today = local_today()
    assert investigation.opened_on == today
    assert investigation.due_date == deadlines.investigation_due(today)
    assert investigation.state == InvestigationState.ONGOING
    assert investigation.version == 1
    assert investigation.child_id == report.child_id
    assert investigation.district_id == report.district_id


@pytest.mark.parametrize("kind", ["not_open", "already_ongoing", "transfer"])
def test_other_decisions_open_no_investigation(intake_a, kind):
    if kind == "already_ongoing":
        open_investigation(intake_a)
    report = heard(intake_a, factories.assessed_report(intake_a))
    decision = decide(intake_a, report, kind=kind, motivation="Skäl.", transfer_municipality="X")
    assert not Investigation.objects.filter(opening_decision=decision).exists()


@pytest.mark.parametrize(
    ("mandated", "wants_feedback", "gets_due_date"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_feedback_due_is_set_only_for_a_mandated_reporter_who_asked(
    intake_a, mandated, wants_feedback, gets_due_date
):
    report = factories.assessed_report(
        intake_a, reporter_mandated=mandated, reporter_wants_feedback=wants_feedback
    )
    heard(intake_a, report)
    assert report.feedback_due is None
    decide(intake_a, report, kind=Decision.Kind.NOT_OPEN, motivation="Skäl.")
    expected = deadlines.feedback_due(local_today()) if gets_due_date else None
    assert Report.objects.get(pk=report.pk).feedback_due == expected
    if gets_due_date:  # the suite runs after 2026-01-15: the week rule applies
        assert expected == local_today() + 7 * DAY


def test_feedback_about_an_already_ongoing_investigation_is_due_at_once(intake_a):
    """DOMAIN.md (SoL 2025:400 19:6 as amended by SFS 2025:1501): feedback is due at the
    latest a week after the decision, but at once if an investigation is already running."""
    open_investigation(intake_a)
    report = heard(intake_a, factories.assessed_report(intake_a))
    decide(intake_a, report, kind=Decision.Kind.ALREADY_ONGOING)
    assert Report.objects.get(pk=report.pk).feedback_due == local_today()


# --- investigations ----------------------------------------------------------------------

#: Special reasons of some substance (an extension's reason is refused when too short).
REASON = "Utlåtande från barn- och ungdomspsykiatrin dröjer."


def test_completing_an_investigation_before_it_was_opened_is_refused(intake_a):
    investigation = open_investigation(intake_a)
    Investigation.objects.filter(pk=investigation.pk).update(opened_on=local_today() - 10 * DAY)
    investigation.refresh_from_db()
    unchanged = Unchanged(investigation)
    with pytest.raises(InvalidInput) as refused:
        services.complete_investigation(
            intake_a,
            investigation.pk,
            version=investigation.version,
            completed_on=local_today() - 11 * DAY,
            outcome=Investigation.Outcome.INTERVENTION,
        )
    assert refused.value.code == "before_earlier_event"
    assert refused.value.field == "completed_on"
    unchanged.check()


def test_completing_an_investigation_on_its_opening_day_is_accepted(intake_a):
    investigation = open_investigation(intake_a)
    Investigation.objects.filter(pk=investigation.pk).update(opened_on=local_today() - 10 * DAY)
    services.complete_investigation(
        intake_a,
        investigation.pk,
        version=investigation.version,
        completed_on=local_today() - 10 * DAY,
        outcome=Investigation.Outcome.INTERVENTION,
        backdating_reason="Avslutet registreras i efterhand efter sjukfrånvaro.",
    )
    investigation.refresh_from_db()
    assert investigation.state == InvestigationState.COMPLETED
    assert investigation.completed_on == local_today() - 10 * DAY
    assert investigation.outcome == Investigation.Outcome.INTERVENTION
    assert investigation.completion_backdating_reason.startswith("Avslutet registreras")


def test_completing_an_investigation_in_the_future_is_refused(intake_a):
    investigation = open_investigation(intake_a)
    unchanged = Unchanged(investigation)
    with pytest.raises(InvalidInput) as refused:
        services.complete_investigation(
            intake_a,
            investigation.pk,
            version=investigation.version,
            completed_on=local_today() + DAY,
            outcome=Investigation.Outcome.NO_INTERVENTION,
        )
    assert refused.value.code == "date_in_future"
    unchanged.check()


def test_completing_with_an_unknown_outcome_is_refused(intake_a):
    investigation = open_investigation(intake_a)
    unchanged = Unchanged(investigation)
    with pytest.raises(InvalidInput) as refused:
        services.complete_investigation(
            intake_a,
            investigation.pk,
            version=investigation.version,
            completed_on=local_today(),
            outcome="unknown",
        )
    assert refused.value.code == "invalid_choice"
    unchanged.check()


@pytest.mark.parametrize("days_later", [0, -1, -30])
def test_an_extension_that_does_not_move_the_due_date_later_is_refused(
    intake_a, supervisor_a, days_later
):
    investigation = open_investigation(intake_a)
    unchanged = Unchanged(investigation)
    with pytest.raises(InvalidInput) as refused:
        services.extend_investigation(
            supervisor_a,
            investigation.pk,
            version=investigation.version,
            new_due=investigation.due_date + days_later * DAY,
            reason=REASON,
        )
    assert refused.value.code == "extension_not_later"
    unchanged.check()


def test_an_extension_without_a_reason_is_refused(intake_a, supervisor_a):
    investigation = open_investigation(intake_a)
    unchanged = Unchanged(investigation)
    with pytest.raises(InvalidInput) as refused:
        services.extend_investigation(
            supervisor_a,
            investigation.pk,
            version=investigation.version,
            new_due=investigation.due_date + 30 * DAY,
            reason="  ",
        )
    assert refused.value.code == "required"
    unchanged.check()


def test_an_extension_moves_the_due_date_and_records_its_own_decision(intake_a, supervisor_a):
    investigation = open_investigation(intake_a)
    previous = investigation.due_date
    services.extend_investigation(
        supervisor_a,
        investigation.pk,
        version=investigation.version,
        new_due=previous + 30 * DAY,
        reason="Utlåtande från BUP dröjer.",
    )
    investigation.refresh_from_db()
    assert investigation.due_date == previous + 30 * DAY
    assert investigation.state == InvestigationState.ONGOING
    extension = InvestigationExtension.objects.get(investigation=investigation)
    assert (extension.previous_due, extension.new_due) == (previous, previous + 30 * DAY)
    assert extension.reason == "Utlåtande från BUP dröjer."
    assert extension.decided_by == supervisor_a
    assert not extension.late


def test_the_statutory_due_date_is_stored_at_opening_and_no_extension_moves_it(
    intake_a, supervisor_a
):
    """The indicator of investigations done in time measures against the stored
    statutory date, so it must be the law's four months and stay put."""
    investigation = open_investigation(intake_a)
    statutory = deadlines.investigation_due(investigation.opened_on)
    assert investigation.statutory_due_date == statutory == investigation.due_date
    services.extend_investigation(
        supervisor_a,
        investigation.pk,
        version=investigation.version,
        new_due=statutory + 30 * DAY,
        reason="Utlåtande från BUP dröjer.",
    )
    investigation.refresh_from_db()
    assert investigation.statutory_due_date == statutory
    assert investigation.due_date == statutory + 30 * DAY


# --- scope and roles: every write service ------------------------------------------------

WRITES = {
    "assess_protection": lambda actor, case: services.assess_protection(
        actor,
        case.received.pk,
        version=case.received.version,
        immediate_protection_needed=True,
        assessment="Akut skyddsbehov.",
    ),
    "record_child_conversation": lambda actor, case: services.record_child_conversation(
        actor, case.assessed.pk, held=True, held_on=local_today()
    ),
    "record_police_consideration": lambda actor, case: services.record_police_consideration(
        actor,
        case.assessed.pk,
        considered_on=local_today(),
        outcome=PoliceReportConsideration.Outcome.REPORTED,
        motivation="Misstanke om barnfridsbrott.",
    ),
    "decide": lambda actor, case: services.decide(
        actor,
        case.assessed.pk,
        services.DecisionInput(kind=Decision.Kind.NOT_OPEN, motivation="Skäl.", answers=EARLIER),
        version=case.assessed.version,
    ),
    "extend_investigation": lambda actor, case: services.extend_investigation(
        actor,
        case.investigation.pk,
        version=case.investigation.version,
        new_due=case.investigation.due_date + 30 * DAY,
        reason=REASON,
    ),
    "complete_investigation": lambda actor, case: services.complete_investigation(
        actor,
        case.investigation.pk,
        version=case.investigation.version,
        completed_on=local_today(),
        outcome=Investigation.Outcome.NO_INTERVENTION,
    ),
    "record_feedback": lambda actor, case: record_feedback(
        actor, case.decided.pk, given_on=local_today(), method=Feedback.Method.PHONE
    ),
}


def _snapshot(case):
    return Unchanged(case.received, case.assessed, case.decided, case.investigation)


#: Writes that need a delegation the intake worker's role does not hold: the role that does.
DELEGATED = {"extend_investigation": Role.SUPERVISOR}


@pytest.mark.parametrize("service", list(WRITES))
def test_a_worker_in_the_cases_district_can_call_every_write_service(
    intake_a, district_a, case_a, service
):
    since = last_audit_id()
    actor = factories.user(DELEGATED[service], district_a) if service in DELEGATED else intake_a
    WRITES[service](actor, case_a)
    assert AuditEntry.objects.filter(pk__gt=since).exists()


@pytest.mark.parametrize("service", list(WRITES))
def test_another_districts_worker_gets_not_found_from_every_service(intake_b, case_a, service):
    unchanged = _snapshot(case_a)
    with pytest.raises(NotFound):
        WRITES[service](intake_b, case_a)
    unchanged.check()


@pytest.mark.parametrize("role", [Role.INVESTIGATOR, Role.SUPERVISOR, Role.ADMIN_STAFF])
@pytest.mark.parametrize("service", list(WRITES))
def test_other_casework_roles_of_another_district_get_not_found(district_b, case_a, role, service):
    actor = factories.user(role, district_b)
    unchanged = _snapshot(case_a)
    with pytest.raises(NotFound):
        WRITES[service](actor, case_a)
    unchanged.check()


@pytest.mark.parametrize("who", ["inspector", "analyst"])
@pytest.mark.parametrize("service", list(WRITES))
def test_inspector_and_analyst_cannot_write_cases(request, case_a, who, service):
    actor = request.getfixturevalue(who)
    unchanged = _snapshot(case_a)
    with pytest.raises(NotFound):
        WRITES[service](actor, case_a)
    unchanged.check()


@pytest.mark.parametrize("who", ["inspector", "analyst"])
def test_inspector_and_analyst_cannot_register_reports(request, who):
    actor = request.getfixturevalue(who)
    rows = row_counts()
    with pytest.raises(PermissionDenied):
        register_report(actor, factories.report_input())
    assert row_counts() == rows


def test_an_inactive_worker_of_the_district_gets_not_found(district_a, case_a):
    actor = factories.user(Role.INTAKE_WORKER, district_a)
    actor.is_active = False
    actor.save(update_fields=["is_active"])
    unchanged = _snapshot(case_a)
    for service in WRITES.values():
        with pytest.raises(NotFound):
            service(actor, case_a)
    unchanged.check()


def test_a_child_conversation_dated_before_the_report_arrived_is_refused(intake_a):
    report = factories.assessed_report(intake_a)
    received = local_date(report.received_at)
    with pytest.raises(InvalidInput) as refused:
        services.record_child_conversation(
            intake_a, report.pk, held=True, held_on=received - datetime.timedelta(days=1)
        )
    assert refused.value.code == "before_earlier_event"
    assert not report.child_conversations.exists()


def test_a_police_consideration_dated_before_the_report_arrived_is_refused(intake_a):
    report = factories.assessed_report(intake_a)
    received = local_date(report.received_at)
    with pytest.raises(InvalidInput) as refused:
        services.record_police_consideration(
            intake_a,
            report.pk,
            considered_on=received - datetime.timedelta(days=1),
            outcome="reported",
            motivation="Misstänkt våld.",
        )
    assert refused.value.code == "before_earlier_event"
    assert not report.police_considerations.exists()
