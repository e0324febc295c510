"""Who sees and changes which cases; the audit log is append-only."""

import dataclasses
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, transaction

from likvard.access.models import AuditEntry
from likvard.access.scoping import readable_district_id, writable_district_id
from likvard.casework import services
from likvard.casework.models import (
    ChildConversation,
    Decision,
    Investigation,
    PoliceReportConsideration,
    PreAssessment,
    ProtectionAssessment,
)
from likvard.casework.selectors import ElsewhereSummary, child_history
from likvard.core.calendar import local_date
from likvard.core.errors import NotFound
from likvard.organisation.models import Role
from likvard.people.models import Child
from likvard.people.selectors import visible_child
from likvard.reports.models import Feedback, Report
from likvard.reports.services import record_feedback
from likvard.reports.workflow import ReportState

from .. import factories
from ..casework.helpers import local_today

#: Every scoped model of case data.
SCOPED_MODELS = [
    Report,
    ProtectionAssessment,
    PreAssessment,
    ChildConversation,
    PoliceReportConsideration,
    Decision,
    Investigation,
    Feedback,
]


def full_case(actor, personal_number):
    """A report carried to an opened investigation, with every kind of row around it."""
    report = factories.assessed_report(actor, personal_number=personal_number)
    services.record_child_conversation(actor, report.pk, held=True, held_on=local_today())
    services.record_police_consideration(
        actor,
        report.pk,
        considered_on=local_today(),
        outcome=PoliceReportConsideration.Outcome.REPORTED,
        motivation="Misstanke om våld.",
    )
    services.decide(
        actor,
        report.pk,
        services.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    record_feedback(actor, report.pk, given_on=local_today(), method=Feedback.Method.PHONE)
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def cases(intake_a, intake_b):
    """Two children: one with a case in A only; one with cases in both A and B."""
    only_a = full_case(intake_a, factories.CHILD_NUMBERS[0])
    both_a = full_case(intake_a, factories.CHILD_NUMBERS[1])
    both_b = full_case(intake_b, factories.CHILD_NUMBERS[1])
    return SimpleNamespace(only_a=only_a, both_a=both_a, both_b=both_b)


def rows_in(model, district):
    """Every row of `model` that belongs to a case of `district` (ground truth, unscoped)."""
    path = model.objects.all().district_field
    return set(model.objects.filter(**{f"{path}_id": district.pk}).values_list("pk", flat=True))


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def inactive(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


# --- the scoped querysets ----------------------------------------------------------------


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_an_intake_worker_sees_and_edits_their_own_district_only(
    cases, model, intake_a, intake_b, district_a, district_b
):
    own_a, own_b = rows_in(model, district_a), rows_in(model, district_b)
    assert own_a
    assert own_b
    assert not own_a & own_b
    assert pks(model.objects.visible_to(intake_a)) == own_a
    assert pks(model.objects.editable_by(intake_a)) == own_a
    assert pks(model.objects.visible_to(intake_b)) == own_b
    assert pks(model.objects.editable_by(intake_b)) == own_b


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_an_inspector_reads_every_district_and_edits_none(cases, model, inspector):
    assert pks(model.objects.visible_to(inspector)) == pks(model.objects.all())
    assert not model.objects.editable_by(inspector).exists()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_an_analyst_sees_and_edits_no_case_rows(cases, model, analyst):
    assert model.objects.exists()
    assert not model.objects.visible_to(analyst).exists()
    assert not model.objects.editable_by(analyst).exists()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("who", ["intake_a", "inspector"])
def test_an_inactive_user_sees_and_edits_nothing(request, cases, model, who):
    user = inactive(request.getfixturevalue(who))
    assert not model.objects.visible_to(user).exists()
    assert not model.objects.editable_by(user).exists()


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_an_anonymous_user_sees_and_edits_nothing(cases, model):
    assert not model.objects.visible_to(AnonymousUser()).exists()
    assert not model.objects.editable_by(AnonymousUser()).exists()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.INTAKE_WORKER])
def test_a_user_without_a_unit_sees_and_edits_nothing(cases, role):
    user = factories.user(Role.SYSTEM_ADMIN)
    user.role = role  # an intake worker not yet placed in a unit
    assert not Report.objects.visible_to(user).exists()
    assert not Report.objects.editable_by(user).exists()
    assert readable_district_id(user) is False
    assert writable_district_id(user) is None


@pytest.mark.parametrize(
    "role",
    [
        Role.INTAKE_WORKER,
        Role.INVESTIGATOR,
        Role.INTERVENTION_WORKER,
        Role.SUPERVISOR,
        Role.ADMIN_STAFF,
    ],
)
def test_every_casework_role_reads_and_writes_its_own_district(cases, district_a, role):
    user = factories.user(role, district_a)
    assert pks(Report.objects.visible_to(user)) == rows_in(Report, district_a)
    assert pks(Report.objects.editable_by(user)) == rows_in(Report, district_a)


# --- children ----------------------------------------------------------------------------


def test_an_intake_worker_sees_children_with_a_report_in_their_district(cases, intake_a, intake_b):
    assert pks(Child.objects.visible_to(intake_a)) == {
        cases.only_a.child_id,
        cases.both_a.child_id,
    }
    assert pks(Child.objects.visible_to(intake_b)) == {cases.both_b.child_id}


def test_a_child_with_reports_in_two_districts_is_listed_once(cases, intake_a):
    assert Child.objects.visible_to(intake_a).filter(pk=cases.both_a.child_id).count() == 1


def test_a_worker_of_a_district_without_reports_sees_no_child(cases):
    stranger = factories.user(Role.INTAKE_WORKER, factories.district("Farsta"))
    assert not Child.objects.visible_to(stranger).exists()
    with pytest.raises(NotFound):
        visible_child(stranger, cases.only_a.child_id)


def test_an_inspector_sees_every_child_and_an_analyst_none(cases, inspector, analyst):
    assert pks(Child.objects.visible_to(inspector)) == pks(Child.objects.all())
    assert not Child.objects.visible_to(analyst).exists()
    with pytest.raises(NotFound):
        visible_child(analyst, cases.only_a.child_id)


def test_an_inactive_worker_sees_no_child(cases, intake_a):
    assert not Child.objects.visible_to(inactive(intake_a)).exists()


# --- child history -----------------------------------------------------------------------


def test_child_history_gives_own_reports_in_full_and_others_as_summaries(cases, intake_a):
    child = visible_child(intake_a, cases.both_a.child_id)
    own, elsewhere, investigations = child_history(intake_a, child)

    assert [r.pk for r in own] == [cases.both_a.pk]
    assert own[0].description  # the full report, with its text
    assert own[0].pre_assessment.decision.kind == Decision.Kind.OPEN_INVESTIGATION

    assert elsewhere == [
        ElsewhereSummary(
            district_id=cases.both_b.district_id,
            district_name="Södermalm",
            received_on=local_date(cases.both_b.received_at),
            outcome=ReportState(cases.both_b.state).label,
        )
    ]
    assert {f.name for f in dataclasses.fields(ElsewhereSummary)} == {
        "district_id",
        "district_name",
        "received_on",
        "outcome",
    }

    assert [i.district_id for i in investigations] == [cases.both_a.district_id]


def test_child_history_of_a_child_known_only_here_has_no_summaries(cases, intake_a):
    own, elsewhere, _ = child_history(intake_a, visible_child(intake_a, cases.only_a.child_id))
    assert [r.pk for r in own] == [cases.only_a.pk]
    assert elsewhere == []


def test_child_history_for_the_other_district_mirrors_it(cases, intake_b):
    own, elsewhere, investigations = child_history(
        intake_b, visible_child(intake_b, cases.both_b.child_id)
    )
    assert [r.pk for r in own] == [cases.both_b.pk]
    assert [s.district_name for s in elsewhere] == ["Järva"]
    assert [i.district_id for i in investigations] == [cases.both_b.district_id]


def test_child_history_for_an_inspector_is_all_in_full(cases, inspector):
    own, elsewhere, investigations = child_history(
        inspector, visible_child(inspector, cases.both_a.child_id)
    )
    assert {r.pk for r in own} == {cases.both_a.pk, cases.both_b.pk}
    assert elsewhere == []
    assert len(investigations) == 2


def test_another_district_cannot_open_a_child_known_only_in_district_a(cases, intake_b):
    with pytest.raises(NotFound):
        visible_child(intake_b, cases.only_a.child_id)


# --- the audit log is append-only --------------------------------------------------------


@pytest.fixture
def entry(intake_a):
    factories.report(intake_a)
    return AuditEntry.objects.order_by("id").first()


def test_an_audit_entry_cannot_be_changed_through_save(entry):
    entry.verb = "forged"
    with pytest.raises(RuntimeError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).verb == "register_report"


def test_an_audit_entry_cannot_be_deleted_through_the_instance(entry):
    with pytest.raises(RuntimeError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_audit_entries_cannot_be_updated_through_a_queryset(entry):
    with pytest.raises((RuntimeError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(verb="forged")
    assert AuditEntry.objects.get(pk=entry.pk).verb == "register_report"


def test_audit_entries_cannot_be_bulk_updated(entry):
    entry.verb = "forged"
    with pytest.raises((RuntimeError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["verb"])
    assert AuditEntry.objects.get(pk=entry.pk).verb == "register_report"


def test_audit_entries_cannot_be_deleted_through_a_queryset(entry):
    with pytest.raises((RuntimeError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
