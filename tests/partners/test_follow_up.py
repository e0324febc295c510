"""The committee's follow-up per district: schools, contacts, meetings this term, reports
from each school and the feedback given to it, counted in the district's own records."""

import datetime

import pytest
from django.utils import timezone

from likvard.casework import services as casework
from likvard.casework.models import Decision
from likvard.core.calendar import local_date
from likvard.organisation.models import Role
from likvard.partners import selectors, services
from likvard.partners.models import Kind, Meeting, Partner
from likvard.partners.terms import term_of
from likvard.reports import services as reports
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return local_date(timezone.now())


def _decided(actor, school):
    report = factories.assessed_report(actor)
    services.link_report_source(report, school.pk, actor=actor)
    casework.decide(
        actor,
        report.pk,
        casework.DecisionInput(kind=Decision.Kind.OPEN_INVESTIGATION),
        version=report.version,
    )
    return report


def test_the_follow_up_counts_per_district_and_school(
    supervisor_a, supervisor_b, intake_a, intake_b, school_a, school_b, district_a, today
):
    term = term_of(today)
    elsewhere = Partner.objects.create(
        name="Skola utan samverkan", kind=Kind.SCHOOL_MUNICIPAL, district=district_a
    )
    Partner.objects.create(name="Förskolan", kind=Kind.PRESCHOOL, district=district_a)
    # District A follows up its own school and an independent school in district B.
    own = services.open_collaboration(supervisor_a, school_a.pk)
    across = services.open_collaboration(supervisor_a, school_b.pk)
    contact = services.save_contact(supervisor_a, school_a.pk, {"name": "Rut", "role": "Kurator"})
    services.set_contacts(
        supervisor_a,
        own.pk,
        {"school_contact": contact, "district_contact": supervisor_a, "student_health_team": True},
    )
    services.record_meeting(supervisor_a, own.pk, {"held_on": term.start, "kind": "management"})
    services.record_meeting(
        supervisor_a,
        across.pk,
        {"held_on": term.start - datetime.timedelta(days=1), "kind": "consultation"},
    )
    services.record_referral(supervisor_a, own.pk, {"referred_on": term.start})
    services.record_referral(supervisor_a, own.pk, {"referred_on": today})
    services.record_referral(
        supervisor_a, own.pk, {"referred_on": term.start - datetime.timedelta(days=1)}
    )
    services.record_joint_case(supervisor_a, own.pk, {"started_on": term.start})
    services.record_agreement(
        supervisor_a,
        own.pk,
        {"signed_on": term.start, "valid_from": term.start, "valid_until": term.end},
    )
    # District B follows up the same independent school: its records are not A's.
    theirs = services.open_collaboration(supervisor_b, school_b.pk)
    services.record_meeting(supervisor_b, theirs.pk, {"held_on": today, "kind": "consultation"})
    # Reports from the schools: one with feedback, one without; one in district B.
    with_feedback = _decided(intake_a, school_a)
    reports.record_feedback(intake_a, with_feedback.pk, given_on=today, method="letter")
    _decided(intake_a, school_a)
    services.link_report_source(factories.report(intake_b), school_b.pk, actor=intake_b)

    lines = {line.school: line for line in selectors.follow_up(district_a.pk, today)}
    assert set(lines) == {school_a.name, school_b.name, elsewhere.name}
    a, b, none = lines[school_a.name], lines[school_b.name], lines[elsewhere.name]
    in_term = today in term  # in July no term is running: no report falls in one
    assert (a.named_contacts, a.student_health_team, a.agreement_in_force) == (
        True,
        True,
        in_term,
    )
    assert (a.meetings_this_term, a.referrals_this_term, a.joint_cases_open) == (1, 1 + in_term, 1)
    assert (a.reports_this_term, a.reports_with_feedback) == (2 * in_term, 1 * in_term)
    assert (b.followed, b.named_contacts, b.meetings_this_term, b.reports_this_term) == (
        True,
        False,
        0,
        0,
    )
    assert (none.followed, none.named_contacts, none.meetings_this_term) == (False, False, 0)
    other = {line.school: line for line in selectors.follow_up(school_b.district_id, today)}
    assert set(other) == {school_b.name}
    assert other[school_b.name].meetings_this_term == 1
    assert other[school_b.name].reports_this_term == 1 * in_term
    assert Meeting.objects.count() == 3


def test_another_district_s_staff_cannot_write_a_district_s_collaboration(
    supervisor_a, supervisor_b, school_a, today
):
    from likvard.core.errors import NotFound

    own = services.open_collaboration(supervisor_a, school_a.pk)
    with pytest.raises(NotFound):
        services.record_meeting(supervisor_b, own.pk, {"held_on": today, "kind": "management"})
    assert Meeting.objects.count() == 0


def test_a_referral_links_only_a_report_of_the_own_district(
    supervisor_a, intake_b, school_a, today
):
    from likvard.core.errors import InvalidInput

    own = services.open_collaboration(supervisor_a, school_a.pk)
    foreign = factories.report(intake_b)
    with pytest.raises(InvalidInput):
        services.record_referral(supervisor_a, own.pk, {"referred_on": today, "report": foreign.pk})
    with pytest.raises(InvalidInput):
        services.record_meeting(
            supervisor_a,
            own.pk,
            {"held_on": today + datetime.timedelta(days=1), "kind": "management"},
        )


def test_an_admin_staff_member_of_the_district_keeps_it_a_worker_does_not(
    district_a, intake_a, school_a
):
    from likvard.core.errors import PermissionDenied

    admin = factories.user(Role.ADMIN_STAFF, district_a)
    services.open_collaboration(admin, school_a.pk)
    with pytest.raises(PermissionDenied):
        services.open_collaboration(intake_a, school_a.pk)
