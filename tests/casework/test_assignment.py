"""Assigning reports and investigations: who may, to whom, and what the log says."""

import pytest
from django.contrib.auth.models import Group, Permission

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.assignment import assign_investigation, assign_report
from likvard.casework.models import Decision, Investigation
from likvard.casework.selectors import distribution
from likvard.core.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from likvard.organisation.models import Role, Unit, User
from likvard.reports.models import Report

from .. import factories
from .conftest import open_investigation
from .helpers import EARLIER, fields_of, heard, last_audit_id, local_today, row_counts


def worker(role, district, unit_name="Mottagningen", kind=Unit.Kind.INTAKE) -> User:
    """A staff member of `district` in the named unit."""
    user = factories.user(role, district)
    user.unit, _ = Unit.objects.get_or_create(
        district=district, name=unit_name, defaults={"kind": kind}
    )
    user.save(update_fields=["unit"])
    return user


@pytest.fixture
def supervisor_a(district_a):
    return worker(Role.SUPERVISOR, district_a, "Ledning", Unit.Kind.ADMINISTRATION)


@pytest.fixture
def investigator_a(district_a):
    return worker(Role.INVESTIGATOR, district_a, "Utredning 1", Unit.Kind.INVESTIGATION)


@pytest.fixture
def investigator_b(district_b):
    return worker(Role.INVESTIGATOR, district_b, "Utredning", Unit.Kind.INVESTIGATION)


@pytest.fixture
def supervisor_b(district_b):
    return worker(Role.SUPERVISOR, district_b, "Ledning", Unit.Kind.ADMINISTRATION)


def unassigned_investigation(actor) -> Investigation:
    investigation = open_investigation(actor)
    assert investigation.assigned_to_id is None
    return investigation


# --- what an assignment writes ------------------------------------------------------------


def test_a_supervisor_gives_an_investigation_to_an_investigator_with_the_unit_and_an_entry(
    intake_a, supervisor_a, investigator_a
):
    investigation = unassigned_investigation(intake_a)
    since = last_audit_id()

    assign_investigation(
        supervisor_a,
        investigation.pk,
        version=investigation.version,
        assignee_id=investigator_a.pk,
    )

    stored = Investigation.objects.get(pk=investigation.pk)
    assert stored.assigned_to_id == investigator_a.pk
    assert stored.unit_id == investigator_a.unit_id != supervisor_a.unit_id
    assert stored.version == investigation.version + 1
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.verb) == (AuditEntry.Action.UPDATE, "assign_investigation")
    assert (entry.object_type, entry.object_id) == ("casework.investigation", investigation.pk)
    assert (entry.child_id, entry.district_id) == (
        investigation.child_id,
        investigation.district_id,
    )
    assert entry.before == {"assigned_to": None, "unit": None, "version": investigation.version}
    assert entry.after == {
        "assigned_to": investigator_a.pk,
        "unit": investigator_a.unit_id,
        "version": investigation.version + 1,
    }


def test_a_supervisor_reassigns_a_report_and_the_entry_names_both_workers(
    intake_a, supervisor_a, district_a
):
    report = factories.report(intake_a)
    colleague = worker(Role.INTAKE_WORKER, district_a, "Mottagning 2")

    assign_report(supervisor_a, report.pk, version=report.version, assignee_id=colleague.pk)

    stored = Report.objects.get(pk=report.pk)
    assert (stored.assigned_to_id, stored.unit_id) == (colleague.pk, colleague.unit_id)
    entry = AuditEntry.objects.get(verb="assign_report")
    assert entry.before["assigned_to"] == intake_a.pk
    assert entry.before["unit"] == intake_a.unit_id
    assert entry.after["assigned_to"] == colleague.pk
    assert entry.after["unit"] == colleague.unit_id


def test_unassigning_puts_the_case_back_in_the_list_and_keeps_the_last_unit(intake_a, supervisor_a):
    report = factories.report(intake_a)
    assign_report(supervisor_a, report.pk, version=report.version, assignee_id=None)
    stored = Report.objects.get(pk=report.pk)
    assert stored.assigned_to_id is None
    assert stored.unit_id == intake_a.unit_id
    listed = distribution(supervisor_a, local_today()).unassigned
    assert [(item.kind, item.obj.pk) for item in listed] == [("report", report.pk)]


def test_assigning_to_the_current_handler_writes_nothing(intake_a, supervisor_a):
    report = factories.report(intake_a)
    stored, since = fields_of(report), last_audit_id()
    assign_report(supervisor_a, report.pk, version=report.version, assignee_id=intake_a.pk)
    assert fields_of(report) == stored
    assert last_audit_id() == since


# --- refusals: nothing changes ------------------------------------------------------------


def _refused(call, error, code=None):
    rows, since = row_counts(), last_audit_id()
    with pytest.raises(error) as refused:
        call()
    if code:
        assert refused.value.code == code
    assert str(refused.value.message)  # a sentence for people, in Swedish
    assert row_counts() == rows
    assert last_audit_id() == since


def test_another_districts_worker_is_refused(intake_a, supervisor_a, investigator_b):
    investigation = unassigned_investigation(intake_a)
    stored = fields_of(investigation)
    _refused(
        lambda: assign_investigation(
            supervisor_a,
            investigation.pk,
            version=investigation.version,
            assignee_id=investigator_b.pk,
        ),
        InvalidInput,
        "other_district",
    )
    assert fields_of(investigation) == stored


def test_an_inactive_account_is_refused(intake_a, supervisor_a, investigator_a):
    investigator_a.is_active = False
    investigator_a.save(update_fields=["is_active"])
    investigation = unassigned_investigation(intake_a)
    _refused(
        lambda: assign_investigation(
            supervisor_a,
            investigation.pk,
            version=investigation.version,
            assignee_id=investigator_a.pk,
        ),
        InvalidInput,
        "inactive_assignee",
    )


@pytest.mark.parametrize("case", ["report", "investigation"])
def test_a_role_that_does_not_handle_the_kind_of_case_is_refused(
    case, intake_a, supervisor_a, investigator_a
):
    if case == "report":
        obj, call, wrong = factories.report(intake_a), assign_report, investigator_a
    else:
        obj, call, wrong = unassigned_investigation(intake_a), assign_investigation, intake_a
    _refused(
        lambda: call(supervisor_a, obj.pk, version=obj.version, assignee_id=wrong.pk),
        InvalidInput,
        "unsuitable_role",
    )


def test_an_unknown_worker_is_refused(intake_a, supervisor_a):
    report = factories.report(intake_a)
    _refused(
        lambda: assign_report(supervisor_a, report.pk, version=report.version, assignee_id=10**9),
        InvalidInput,
        "unknown_assignee",
    )


def test_an_archived_report_is_refused(intake_a, supervisor_a):
    report = heard(intake_a, factories.assessed_report(intake_a))
    services.decide(
        intake_a,
        report.pk,
        services.DecisionInput(
            kind=Decision.Kind.NOT_OPEN, motivation="Ingen grund.", answers=EARLIER
        ),
        version=report.version,
    )
    report.refresh_from_db()
    report = services.archive_report(
        intake_a, report.pk, version=report.version, reason_no_feedback="Ej nåbar."
    )
    _refused(
        lambda: assign_report(supervisor_a, report.pk, version=report.version, assignee_id=None),
        TransitionNotAllowed,
        "case_closed",
    )


def test_a_completed_investigation_is_refused(intake_a, supervisor_a, investigator_a):
    investigation = unassigned_investigation(intake_a)
    investigation = services.complete_investigation(
        intake_a,
        investigation.pk,
        version=investigation.version,
        completed_on=local_today(),
        outcome=Investigation.Outcome.NO_INTERVENTION,
    )
    _refused(
        lambda: assign_investigation(
            supervisor_a,
            investigation.pk,
            version=investigation.version,
            assignee_id=investigator_a.pk,
        ),
        TransitionNotAllowed,
        "case_closed",
    )


def test_a_stale_version_is_refused(intake_a, supervisor_a, investigator_a):
    investigation = unassigned_investigation(intake_a)
    seen = investigation.version
    assign_investigation(
        supervisor_a, investigation.pk, version=seen, assignee_id=investigator_a.pk
    )
    _refused(
        lambda: assign_investigation(
            supervisor_a, investigation.pk, version=seen, assignee_id=None
        ),
        ConcurrentChange,
        "concurrent_change",
    )
    assert Investigation.objects.get(pk=investigation.pk).assigned_to_id == investigator_a.pk


def test_another_districts_case_is_not_found_for_its_supervisor(
    intake_a, supervisor_b, investigator_b
):
    investigation = unassigned_investigation(intake_a)
    _refused(
        lambda: assign_investigation(
            supervisor_b,
            investigation.pk,
            version=investigation.version,
            assignee_id=investigator_b.pk,
        ),
        NotFound,
    )


def test_an_inspector_cannot_assign(intake_a, inspector):
    report = factories.report(intake_a)
    _refused(
        lambda: assign_report(inspector, report.pk, version=report.version, assignee_id=None),
        NotFound,
    )


# --- who may assign -----------------------------------------------------------------------


def test_a_worker_may_take_an_unassigned_case_for_themselves(intake_a, investigator_a):
    investigation = unassigned_investigation(intake_a)
    assign_investigation(
        investigator_a,
        investigation.pk,
        version=investigation.version,
        assignee_id=investigator_a.pk,
    )
    assert Investigation.objects.get(pk=investigation.pk).assigned_to_id == investigator_a.pk


def test_a_worker_may_not_take_a_case_someone_else_has(intake_a, district_a):
    report = factories.report(intake_a)
    colleague = worker(Role.INTAKE_WORKER, district_a)
    _refused(
        lambda: assign_report(
            colleague, report.pk, version=report.version, assignee_id=colleague.pk
        ),
        PermissionDenied,
        "may_not_assign",
    )


def test_a_worker_may_not_give_a_case_to_someone_else(intake_a, investigator_a, district_a):
    investigation = unassigned_investigation(intake_a)
    other = worker(Role.INVESTIGATOR, district_a, "Utredning 2", Unit.Kind.INVESTIGATION)
    _refused(
        lambda: assign_investigation(
            investigator_a, investigation.pk, version=investigation.version, assignee_id=other.pk
        ),
        PermissionDenied,
        "may_not_assign",
    )


def test_an_intake_worker_may_not_take_an_investigation(intake_a):
    investigation = unassigned_investigation(intake_a)
    _refused(
        lambda: assign_investigation(
            intake_a, investigation.pk, version=investigation.version, assignee_id=intake_a.pk
        ),
        InvalidInput,
        "unsuitable_role",
    )


def test_who_may_assign_is_the_roles_permission_not_its_name(
    intake_a, supervisor_a, investigator_a
):
    group = Group.objects.get(name=Role.SUPERVISOR)
    group.permissions.remove(Permission.objects.get(codename="assign_cases"))
    supervisor_a = User.objects.get(pk=supervisor_a.pk)  # drop the cached permissions
    investigation = unassigned_investigation(intake_a)
    _refused(
        lambda: assign_investigation(
            supervisor_a,
            investigation.pk,
            version=investigation.version,
            assignee_id=investigator_a.pk,
        ),
        PermissionDenied,
    )


# --- the decision that opens an investigation --------------------------------------------


def _open(actor, **kwargs):
    report = heard(actor, factories.assessed_report(actor))
    return report, lambda: services.decide(
        actor,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION, **kwargs),
        version=report.version,
    )


def test_an_opened_investigation_without_a_named_investigator_waits_in_the_districts_list(
    intake_a, supervisor_a
):
    _report, decide = _open(intake_a)
    investigation = Investigation.objects.get(opening_decision=decide())
    assert investigation.assigned_to_id is None
    listed = distribution(supervisor_a, local_today()).unassigned
    assert ("investigation", investigation.pk) in [(i.kind, i.obj.pk) for i in listed]


def test_a_supervisor_names_the_investigator_at_the_decision(supervisor_a, investigator_a):
    _report, decide = _open(supervisor_a, investigator=investigator_a.pk)
    investigation = Investigation.objects.get(opening_decision=decide())
    assert (investigation.assigned_to_id, investigation.unit_id) == (
        investigator_a.pk,
        investigator_a.unit_id,
    )
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.CREATE, object_type="casework.investigation"
    )
    assert entry.after["assigned_to"] == investigator_a.pk
    assert entry.after["unit"] == investigator_a.unit_id


def test_an_intake_worker_cannot_name_someone_elses_investigator(intake_a, investigator_a):
    report, decide = _open(intake_a, investigator=investigator_a.pk)
    stored = fields_of(report)
    _refused(decide, PermissionDenied, "may_not_assign")
    assert fields_of(report) == stored


def test_an_investigator_of_another_district_is_refused_at_the_decision(
    supervisor_a, investigator_b
):
    report, decide = _open(supervisor_a, investigator=investigator_b.pk)
    _refused(decide, InvalidInput, "other_district")
    assert Report.objects.get(pk=report.pk).state == "pre_assessment"


def test_an_investigator_is_named_only_when_an_investigation_opens(supervisor_a, investigator_a):
    report = heard(supervisor_a, factories.assessed_report(supervisor_a))
    _refused(
        lambda: services.decide(
            supervisor_a,
            report.pk,
            services.DecisionInput(
                kind=Decision.Kind.NOT_OPEN, investigator=investigator_a.pk, answers=EARLIER
            ),
            version=report.version,
        ),
        InvalidInput,
        "investigator_without_investigation",
    )


# --- the supervisor's overview ------------------------------------------------------------


def test_the_overview_counts_each_workers_open_cases_in_the_own_district_only(
    intake_a, supervisor_a, investigator_a, intake_b
):
    factories.report(intake_a)
    factories.report(intake_a)
    investigation = unassigned_investigation(intake_a)  # its report is decided: not open
    assign_investigation(
        supervisor_a,
        investigation.pk,
        version=investigation.version,
        assignee_id=investigator_a.pk,
    )
    factories.report(intake_b)

    loads = {load.worker.pk: load for load in distribution(supervisor_a, local_today()).workloads}

    assert intake_b.pk not in loads
    assert (loads[intake_a.pk].reports, loads[intake_a.pk].investigations) == (2, 0)
    assert (loads[investigator_a.pk].reports, loads[investigator_a.pk].investigations) == (0, 1)
    assert loads[supervisor_a.pk].total == 0
