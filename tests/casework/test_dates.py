"""Dates that cannot rewrite history (issue 10, point 6).

An extension of an investigation is a decision under delegation (supervisor by
default, as data), for a set time bounded by the municipality's setting, with a reason
of some substance; one decided after the due date is stored as late and stays counted
as late. Closing and event dates are not before what the case records, not further back
than the municipality allows, and a date before today needs a reason that is logged.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission

from likvard.access.models import AuditEntry
from likvard.casework import services
from likvard.casework.models import ChildConversation, Investigation, InvestigationExtension
from likvard.core.calendar import add_months
from likvard.core.errors import InvalidInput, PermissionDenied
from likvard.organisation.models import MunicipalitySettings, Role
from likvard.quality.selectors import Period, compute
from likvard.reports.models import Feedback
from likvard.reports.services import record_feedback
from tests import factories
from tests.snapshots import Unchanged

from .conftest import open_investigation
from .helpers import last_audit_id, local_noon, local_today

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REASON = "Utlåtande från barn- och ungdomspsykiatrin dröjer."
BACKDATED = "Samtalet dokumenteras i efterhand efter sjukfrånvaro."


def _extend(actor, investigation, *, new_due=None, reason=REASON, at=None):
    return services.extend_investigation(
        actor,
        investigation.pk,
        version=investigation.version,
        new_due=new_due or investigation.due_date + 30 * DAY,
        reason=reason,
        at=at,
    )


def _overdue(investigation, days: int) -> Investigation:
    """The investigation as if opened so long ago that its due date passed `days` ago."""
    due = local_today() - days * DAY
    opened = add_months(due, -4)
    Investigation.objects.filter(pk=investigation.pk).update(
        opened_on=opened, statutory_due_date=due, due_date=due
    )
    investigation.refresh_from_db()
    return investigation


# --- delegation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.INTERVENTION_WORKER, Role.ADMIN_STAFF]
)
def test_an_extension_without_the_delegation_is_refused_and_nothing_is_written(
    intake_a, district_a, role
):
    investigation = open_investigation(intake_a)
    actor = factories.user(role, district_a)
    unchanged = Unchanged()
    with pytest.raises(PermissionDenied) as refused:
        _extend(actor, investigation)
    assert refused.value.code == "no_delegation"
    assert "delegation" in str(refused.value.message)
    unchanged.check("refused")


def test_the_supervisor_holds_the_delegation_by_default(intake_a, supervisor_a):
    investigation = open_investigation(intake_a)
    _extend(supervisor_a, investigation)
    extension = InvestigationExtension.objects.get(investigation=investigation)
    assert extension.decided_by == supervisor_a


def test_the_delegation_is_data_a_municipality_moves_in_the_admin(
    intake_a, supervisor_a, district_a
):
    """Granting `extend_investigations` to investigators and taking it from supervisors
    (the role groups) moves who may decide, with no code changed."""
    permission = Permission.objects.get(codename="extend_investigations")
    Group.objects.get(name=Role.INVESTIGATOR).permissions.add(permission)
    Group.objects.get(name=Role.SUPERVISOR).permissions.remove(permission)
    investigator = factories.user(Role.INVESTIGATOR, district_a)
    investigation = open_investigation(intake_a)

    with pytest.raises(PermissionDenied):
        _extend(factories.user(Role.SUPERVISOR, district_a), investigation)
    _extend(investigator, investigation)
    assert InvestigationExtension.objects.get(investigation=investigation).decided_by == (
        investigator
    )


# --- bounds and reasons ----------------------------------------------------------------------


def test_an_extension_longer_than_the_municipality_allows_is_refused(intake_a, supervisor_a):
    investigation = open_investigation(intake_a)
    limit = add_months(investigation.due_date, MunicipalitySettings.DEFAULT_MAX_EXTENSION_MONTHS)
    unchanged = Unchanged()
    with pytest.raises(InvalidInput) as refused:
        _extend(supervisor_a, investigation, new_due=limit + DAY)
    assert (refused.value.code, refused.value.field) == ("extension_too_long", "new_due")
    assert "högst 2 månader" in str(refused.value.message)
    unchanged.check("refused")
    _extend(supervisor_a, investigation, new_due=limit)  # the bound itself is allowed


def test_the_bound_is_the_municipalitys_setting(intake_a, supervisor_a):
    MunicipalitySettings.objects.create(
        municipality=supervisor_a.unit.district.municipality, max_extension_months=6
    )
    investigation = open_investigation(intake_a)
    _extend(supervisor_a, investigation, new_due=add_months(investigation.due_date, 6))
    with pytest.raises(InvalidInput) as refused:
        _extend(
            supervisor_a,
            Investigation.objects.get(pk=investigation.pk),
            new_due=add_months(investigation.due_date, 12) + DAY,
        )
    assert refused.value.code == "extension_too_long"


@pytest.mark.parametrize("reason", ["x", "Särskilda skäl", "aaaaaaaaaaaaaaaaaaaaaaaaa"])
def test_an_extension_needs_a_reason_of_some_substance(intake_a, supervisor_a, reason):
    investigation = open_investigation(intake_a)
    unchanged = Unchanged()
    with pytest.raises(InvalidInput) as refused:
        _extend(supervisor_a, investigation, reason=reason)
    assert (refused.value.code, refused.value.field) == ("reason_too_short", "reason")
    assert "minst 20 tecken" in str(refused.value.message)
    unchanged.check("refused")


def test_an_extension_that_would_end_before_today_is_refused(intake_a, supervisor_a):
    """69 days after the due date, two months more still ends in the past: no extension
    can cover that time afterwards."""
    investigation = _overdue(open_investigation(intake_a), 69)
    unchanged = Unchanged()
    with pytest.raises(InvalidInput) as refused:
        _extend(supervisor_a, investigation, new_due=investigation.due_date + 60 * DAY)
    assert refused.value.code == "extension_in_past"
    unchanged.check("refused")


# --- late extensions -------------------------------------------------------------------------


def test_an_extension_after_the_due_date_is_stored_as_late(intake_a, supervisor_a):
    investigation = _overdue(open_investigation(intake_a), 20)
    since = last_audit_id()
    _extend(supervisor_a, investigation, new_due=investigation.due_date + 50 * DAY)
    extension = InvestigationExtension.objects.get(investigation=investigation)
    assert extension.late
    investigation.refresh_from_db()
    assert investigation.extended_late
    entry = AuditEntry.objects.get(pk__gt=since, action=AuditEntry.Action.TRANSITION)
    assert entry.after["late"] is True


def test_an_extension_on_the_due_date_itself_is_in_time(intake_a, supervisor_a):
    investigation = _overdue(open_investigation(intake_a), 0)
    _extend(supervisor_a, investigation)
    assert not InvestigationExtension.objects.get(investigation=investigation).late


def test_a_later_timely_extension_does_not_clear_the_late_mark(intake_a, supervisor_a):
    investigation = _overdue(open_investigation(intake_a), 10)
    investigation = _extend(supervisor_a, investigation, new_due=local_today() + 5 * DAY)
    investigation = _extend(supervisor_a, investigation, new_due=local_today() + 30 * DAY)
    investigation.refresh_from_db()
    assert investigation.extended_late
    assert list(investigation.extensions.order_by("decided_at").values_list("late", flat=True)) == [
        True,
        False,
    ]


def test_a_late_extension_stays_counted_in_the_investigation_time_indicators(
    intake_a, supervisor_a
):
    """The due date moves into the future, but the investigation was overdue when the
    extension was decided: it stays in "past their due date" and, once closed, is not
    "done within four months"."""
    district = intake_a.unit.district
    open_investigation(intake_a)  # in time: the other one of the denominator
    late = _overdue(open_investigation(intake_a), 20)
    today = local_today()
    late = _extend(supervisor_a, late, new_due=today + 20 * DAY)
    assert late.due_date > today

    month = today.replace(day=1)
    now = compute(Period(month, month), today, stored=False).indicators
    past_due = now["investigations_past_due"].district(district.pk)
    assert (past_due.numerator, past_due.denominator) == (1, 2)

    services.complete_investigation(
        intake_a,
        late.pk,
        version=late.version,
        completed_on=today,
        outcome=Investigation.Outcome.NO_INTERVENTION,
    )
    period = Period(late.opened_on.replace(day=1), month)
    in_time = compute(period, today, stored=False).indicators["investigation_in_time"]
    counted = in_time.district(district.pk)
    assert (counted.numerator, counted.denominator) == (0, 1)


# --- closing and event dates -----------------------------------------------------------------


def _complete(actor, investigation, completed_on, **kwargs):
    return services.complete_investigation(
        actor,
        investigation.pk,
        version=investigation.version,
        completed_on=completed_on,
        outcome=Investigation.Outcome.NO_INTERVENTION,
        **kwargs,
    )


def test_a_backdated_closing_without_a_reason_is_refused(intake_a):
    investigation = _overdue(open_investigation(intake_a), -100)  # opened weeks ago
    unchanged = Unchanged()
    with pytest.raises(InvalidInput) as refused:
        _complete(intake_a, investigation, local_today() - DAY)
    assert (refused.value.code, refused.value.field) == (
        "backdating_reason_required",
        "backdating_reason",
    )
    unchanged.check("refused")


def test_a_backdated_closing_keeps_its_reason_in_the_case_and_the_log(intake_a):
    investigation = _overdue(open_investigation(intake_a), -100)
    since = last_audit_id()
    _complete(intake_a, investigation, local_today() - 3 * DAY, backdating_reason=BACKDATED)
    investigation.refresh_from_db()
    assert investigation.completed_on == local_today() - 3 * DAY
    assert investigation.completion_backdating_reason == BACKDATED
    entry = AuditEntry.objects.get(pk__gt=since, action=AuditEntry.Action.TRANSITION)
    assert entry.reason == BACKDATED
    page = factories.web_client(intake_a).get(f"/utredning/{investigation.pk}/")
    assert BACKDATED in page.content.decode()


def test_a_closing_today_needs_no_reason(intake_a):
    investigation = open_investigation(intake_a)
    _complete(intake_a, investigation, local_today(), backdating_reason="ignoreras")
    investigation.refresh_from_db()
    assert investigation.completion_backdating_reason == ""


def test_a_closing_further_back_than_the_municipality_allows_is_refused(intake_a):
    investigation = _overdue(open_investigation(intake_a), 0)  # opened four months ago
    limit = MunicipalitySettings.DEFAULT_MAX_BACKDATING_DAYS
    with pytest.raises(InvalidInput) as refused:
        _complete(
            intake_a, investigation, local_today() - (limit + 1) * DAY, backdating_reason=BACKDATED
        )
    assert (refused.value.code, refused.value.field) == ("backdated_too_far", "completed_on")
    MunicipalitySettings.objects.create(
        municipality=intake_a.unit.district.municipality, max_backdating_days=limit + 10
    )
    _complete(
        intake_a, investigation, local_today() - (limit + 1) * DAY, backdating_reason=BACKDATED
    )


def test_a_closing_before_the_last_extension_is_refused(intake_a, supervisor_a):
    """What the issue saw: a closing dated before the case's last recorded event, so that
    it counted as done in time. The extension decided today is that event."""
    investigation = _overdue(open_investigation(intake_a), 5)
    investigation = _extend(supervisor_a, investigation, new_due=local_today() + 30 * DAY)
    unchanged = Unchanged()
    with pytest.raises(InvalidInput) as refused:
        _complete(
            intake_a, investigation, investigation.statutory_due_date, backdating_reason=BACKDATED
        )
    assert (refused.value.code, refused.value.field) == ("before_earlier_event", "completed_on")
    assert "förlängning" in str(refused.value.message)
    unchanged.check("refused")


def test_a_backdated_conversation_needs_a_reason_which_is_logged_and_shown(intake_a):
    report = factories.assessed_report(intake_a, received_at=local_noon(local_today() - 5 * DAY))
    with pytest.raises(InvalidInput) as refused:
        services.record_child_conversation(
            intake_a, report.pk, held=True, held_on=local_today() - 2 * DAY
        )
    assert refused.value.code == "backdating_reason_required"
    assert not report.child_conversations.exists()

    since = last_audit_id()
    conversation = services.record_child_conversation(
        intake_a,
        report.pk,
        held=True,
        held_on=local_today() - 2 * DAY,
        backdating_reason=BACKDATED,
    )
    assert ChildConversation.objects.get(pk=conversation.pk).backdating_reason == BACKDATED
    entry = AuditEntry.objects.get(pk__gt=since, verb="backdate_event")
    assert (entry.reason, entry.after, entry.child_id) == (
        BACKDATED,
        {"held_on": str(local_today() - 2 * DAY)},
        report.child_id,
    )
    page = factories.web_client(intake_a).get(f"/anmalan/{report.pk}/")
    assert BACKDATED in page.content.decode()


def test_a_backdated_police_consideration_needs_a_reason(intake_a):
    report = factories.assessed_report(intake_a, received_at=local_noon(local_today() - 5 * DAY))
    unchanged = Unchanged()
    with pytest.raises(InvalidInput) as refused:
        services.record_police_consideration(
            intake_a,
            report.pk,
            considered_on=local_today() - DAY,
            outcome="reported",
            motivation="Misstanke om barnfridsbrott.",
        )
    assert refused.value.code == "backdating_reason_required"
    unchanged.check("refused")


def test_backdated_feedback_needs_a_reason(intake_a, supervisor_a):
    investigation = open_investigation(intake_a)
    report = investigation.opening_decision.pre_assessment.report
    with pytest.raises(InvalidInput) as refused:
        record_feedback(
            intake_a,
            report.pk,
            given_on=local_today(),
            method=Feedback.Method.PHONE,
            at=local_noon(local_today() + DAY),
        )
    assert refused.value.code == "backdating_reason_required"


# --- the pages -------------------------------------------------------------------------------


def test_the_investigation_page_offers_the_extension_only_to_the_delegation(
    intake_a, supervisor_a, district_a
):
    investigation = open_investigation(intake_a)
    investigator = factories.user(Role.INVESTIGATOR, district_a)
    page = factories.web_client(investigator).get(f"/utredning/{investigation.pk}/").content
    assert b'id="extend-form"' not in page
    assert b'id="extension-by-delegation"' in page
    page = factories.web_client(supervisor_a).get(f"/utredning/{investigation.pk}/").content
    assert b'id="extend-form"' in page
    assert "högst 2 månader".encode() in page


def test_the_page_says_in_swedish_what_is_wrong_and_writes_nothing(intake_a, supervisor_a):
    investigation = open_investigation(intake_a)
    supervisor, investigator = factories.web_client(supervisor_a), factories.web_client(intake_a)
    unchanged = Unchanged()
    response = supervisor.post(
        f"/utredning/{investigation.pk}/forlang/",
        {
            "version": investigation.version,
            "new_due": str(investigation.due_date + 30 * DAY),
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert "Skälet är för kort" in response.content.decode()
    assert unchanged.changed() == []  # the page shown again logs its read, nothing else
    response = investigator.post(
        f"/utredning/{investigation.pk}/avsluta/",
        {
            "version": investigation.version,
            "completed_on": str(local_today() + DAY),
            "outcome": "no_intervention",
        },
    )
    assert response.status_code == 400
    assert "Datumet kan inte ligga i framtiden" in response.content.decode()
    assert unchanged.changed() == []  # the page shown again logs its read, nothing else


def test_a_late_extension_is_marked_on_the_investigation_page(intake_a, supervisor_a):
    investigation = _overdue(open_investigation(intake_a), 20)
    _extend(supervisor_a, investigation, new_due=local_today() + 20 * DAY)
    page = factories.web_client(intake_a).get(f"/utredning/{investigation.pk}/").content.decode()
    assert 'id="extended-late"' in page
    assert "beslutad efter slutdatum (för sent)" in page
