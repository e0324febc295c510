"""Consent per person, the decision on a proposal, follow-ups: the services' rules."""

import datetime

import pytest

from likvard.core.errors import (
    InvalidInput,
    PermissionDenied,
    TransitionNotAllowed,
)
from likvard.documents.models import Document
from likvard.interventions import effects, letters, selectors, services
from likvard.interventions.models import Consent, FollowUp, Intervention, LvuCare
from likvard.organisation.models import Role
from tests import factories
from tests.casework.helpers import row_counts

from .builders import (
    DAY,
    consent,
    considered_for_court,
    grant,
    guardian,
    investigation_for,
    propose,
    today,
)

pytestmark = pytest.mark.django_db


def set_birth(child, born: datetime.date):
    child.birth_date = born
    child.save(update_fields=["birth_date"])


def years_ago(years: int, plus_days: int = 0) -> datetime.date:
    day = today()
    try:
        born = day.replace(year=day.year - years)
    except ValueError:
        born = day.replace(year=day.year - years, day=28)
    return born + plus_days * DAY


# --- consent per guardian -------------------------------------------------------------


def test_joint_custody_needs_both_guardians_before_granting(inv, intake_a, supervisor_a):
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    assert selectors.need(proposal, today()).missing == ("Bo Ek",)
    before = row_counts()
    with pytest.raises(InvalidInput) as refused:
        grant(supervisor_a, proposal)
    assert refused.value.code == "consent_missing"
    assert "Bo Ek" in str(refused.value.message)
    assert row_counts() == before  # nothing half-saved
    consent(intake_a, proposal, inv.bo)
    decision = grant(supervisor_a, proposal)
    assert decision.granted and not decision.child_consented_alone


def test_a_declined_answer_replaces_the_given_one_and_the_history_stays(
    inv, intake_a, supervisor_a
):
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    consent(intake_a, proposal, inv.bo)
    consent(intake_a, proposal, inv.bo, status="declined", how="phone")
    assert Consent.objects.filter(proposal=proposal).count() == 3
    assert selectors.answers(proposal) == {inv.anna.pk: "given", inv.bo.pk: "declined"}
    with pytest.raises(InvalidInput, match="Bo Ek"):
        grant(supervisor_a, proposal)


def test_sole_custody_needs_only_that_guardian(intake_a, district_a, supervisor_a):
    from .builders import investigation_for

    investigation = investigation_for(intake_a)
    sole = guardian(investigation.child, district_a, "Siv", custody="sole")
    proposal = propose(intake_a, investigation, kind="family_treatment")
    consent(intake_a, proposal, sole)
    assert grant(supervisor_a, proposal).granted


def test_an_appointed_custodian_consents_in_place_of_the_parents(
    inv, intake_a, district_a, supervisor_a
):
    appointed = guardian(inv.child, district_a, "Dan", custody="appointed")
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, appointed)
    assert grant(supervisor_a, proposal).granted


def test_a_lone_joint_custody_guardian_does_not_consent_for_both(intake_a, supervisor_a):
    investigation = investigation_for(intake_a)
    anna = guardian(investigation.child, investigation.district, "Anna")  # joint, alone
    proposal = propose(intake_a, investigation)
    consent(intake_a, proposal, anna)
    with pytest.raises(InvalidInput) as refused:
        grant(supervisor_a, proposal)
    assert refused.value.code == "consent_missing"
    assert "Den andra vårdnadshavaren med gemensam vårdnad" in str(refused.value.message)
    assert not Intervention.objects.exists()
    assert selectors.consent_missing_proposals(today()).filter(pk=proposal.pk).exists()


def test_no_guardian_recorded_is_consent_missing(intake_a, supervisor_a):
    from .builders import investigation_for

    investigation = investigation_for(intake_a)
    proposal = propose(intake_a, investigation)
    with pytest.raises(InvalidInput, match="Ingen vårdnadshavare är registrerad"):
        grant(supervisor_a, proposal)


def test_consent_of_someone_not_a_guardian_is_refused(inv, intake_a, district_a, district_b):
    proposal = propose(intake_a, inv.investigation)
    lodger = guardian(inv.child, district_a, "Lars", role="household")
    elsewhere = guardian(inv.child, district_b, "Eva")  # a guardian in another district's record
    before = row_counts()
    with pytest.raises(InvalidInput) as refused:
        consent(intake_a, proposal, lodger)
    assert refused.value.code == "not_guardian"
    assert str(refused.value.message) == "Lars Ek är inte vårdnadshavare för barnet."
    with pytest.raises(InvalidInput) as refused:
        consent(intake_a, proposal, elsewhere)
    assert str(refused.value.message) == "Personen är inte vårdnadshavare för barnet."
    assert row_counts() == before


# --- the child's own consent ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["contact_person", "qualified_contact_person", "youth_programme"])
def test_a_child_of_12_consents_alone_where_the_law_allows(inv, intake_a, supervisor_a, kind):
    set_birth(inv.child, years_ago(12))
    proposal = propose(intake_a, inv.investigation, kind=kind)
    consent(intake_a, proposal, inv.anna, status="declined")
    consent(intake_a, proposal, None)
    decision = grant(supervisor_a, proposal)
    assert decision.granted and decision.child_consented_alone


@pytest.mark.parametrize("kind", ["contact_family", "family_treatment", "parenting_programme"])
def test_a_child_of_12_does_not_consent_alone_elsewhere(inv, intake_a, supervisor_a, kind):
    set_birth(inv.child, years_ago(14))
    proposal = propose(intake_a, inv.investigation, kind=kind)
    consent(intake_a, proposal, None)
    with pytest.raises(InvalidInput) as refused:
        grant(supervisor_a, proposal)
    assert refused.value.code == "consent_missing"
    assert "Anna Ek, Bo Ek" in str(refused.value.message)


def test_a_child_turning_12_the_day_after_the_decision_cannot_consent_alone(
    inv, intake_a, supervisor_a
):
    set_birth(inv.child, years_ago(12, plus_days=1))
    proposal = propose(intake_a, inv.investigation, kind="contact_person")
    with pytest.raises(InvalidInput) as refused:
        consent(intake_a, proposal, None)
    assert refused.value.code == "child_too_young"
    consent(intake_a, proposal, inv.anna)
    with pytest.raises(InvalidInput, match="Bo Ek"):
        grant(supervisor_a, proposal)


def test_consent_of_a_child_under_12_is_refused(inv, intake_a):
    proposal = propose(intake_a, inv.investigation)
    with pytest.raises(InvalidInput, match="under 12 år"):
        consent(intake_a, proposal, None)


# --- the decision ------------------------------------------------------------------------


@pytest.fixture
def consented(inv, intake_a):
    proposal = propose(intake_a, inv.investigation)
    consent(intake_a, proposal, inv.anna)
    consent(intake_a, proposal, inv.bo)
    return proposal


def test_only_the_delegation_decides(consented, district_a):
    investigator = factories.user(Role.INVESTIGATOR, district_a)
    with pytest.raises(PermissionDenied) as refused:
        grant(investigator, consented)
    assert refused.value.code == "no_delegation"
    assert not Intervention.objects.exists()


def test_a_second_decision_is_refused(consented, supervisor_a):
    grant(supervisor_a, consented)
    with pytest.raises(TransitionNotAllowed) as refused:
        grant(supervisor_a, consented, granted=False)
    assert refused.value.code == "already_decided"
    assert Intervention.objects.count() == 1


def test_a_start_before_the_decision_is_refused(consented, supervisor_a):
    with pytest.raises(InvalidInput) as refused:
        grant(supervisor_a, consented, start_on=today() - DAY)
    assert refused.value.code == "start_before_decision"
    with pytest.raises(InvalidInput) as refused:
        grant(supervisor_a, consented, planned_end=today())
    assert refused.value.code == "end_before_start"
    assert not Intervention.objects.exists()


def test_a_placement_is_proposed_but_not_granted_here(inv, intake_a, supervisor_a):
    proposal = propose(intake_a, inv.investigation, kind="family_home")
    assert proposal.is_placement
    with pytest.raises(InvalidInput) as refused:
        grant(supervisor_a, proposal)
    assert refused.value.code == "placement_not_decided_here"


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"motivation": ""}, "required", "motivation"),
        ({"motivation": "Nej."}, "reason_too_short", "motivation"),
        ({"start_on": today()}, "only_when_granted", "start_on"),
        ({"planned_end": today() + DAY}, "only_when_granted", "planned_end"),
        ({"provider": "Öppenvården Söder"}, "only_when_granted", "provider"),
    ],
)
def test_a_refusal_states_its_reasons_and_nothing_only_a_grant_has(
    consented, supervisor_a, extra, code, field
):
    """FL 32 §: a decision going the family against gives its reasons; fields of a
    granted intervention are refused, not silently dropped."""
    with pytest.raises(InvalidInput) as refused:
        grant(supervisor_a, consented, granted=False, **extra)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert not Intervention.objects.exists()
    decision = grant(supervisor_a, consented, granted=False)
    assert decision.motivation.startswith("Familjen tar emot stöd")


def test_care_under_lvu_is_not_granted_through_the_voluntary_decision(inv, intake_a, supervisor_a):
    """Compulsory care is applied for at the administrative court and recorded as LVU
    care; granting it here would also print a letter saying it cannot be appealed."""
    proposal = propose(intake_a, inv.investigation, kind="contact_person", basis="compulsory")
    with pytest.raises(InvalidInput) as refused:
        grant(supervisor_a, proposal)
    assert refused.value.code == "compulsory_by_court"
    assert "LVU" in str(refused.value.message)
    assert not Intervention.objects.exists()


def test_lvu_care_follows_a_consideration_that_led_to_the_court(inv, intake_a):
    """Care under LVU has its ground in the case: an LVU consideration whose outcome was
    an application to the court or immediate custody, not "inte aktuellt"."""

    def start():
        return services.start_lvu_care(
            intake_a, inv.investigation.pk, ground="home_environment", started_on=today()
        )

    with pytest.raises(TransitionNotAllowed) as refused:
        start()
    assert refused.value.code == "lvu_not_considered"
    services.record_lvu_consideration(
        intake_a,
        inv.investigation.pk,
        home_environment=True,
        own_behaviour=False,
        outcome="not_applicable",
        reason="Föräldrarna tar emot stöd i hemmet.",
        considered_on=today(),
    )
    with pytest.raises(TransitionNotAllowed):
        start()
    assert not LvuCare.objects.exists()
    considered_for_court(intake_a, inv.investigation)
    assert start().next_reconsideration_due > today()


def test_the_decision_is_filed_as_a_pdf_in_the_childs_file(
    consented, supervisor_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = grant(supervisor_a, consented, granted=False)
    document = Document.objects.get()
    assert document.title == "Beslut om insats: Kontaktfamilj"
    text = letters.decision_document(decision.pk)[1].decode("cp1252")
    for words in (
        "Insatsen beviljas inte",
        "Anna Ek: Samtycker",
        "förvaltningsbesvär",
        "tre veckor",
        "Motivationsarbete i utredningen: 0 tillfällen",
    ):
        assert words in text, words
    assert document.report_id == consented.investigation.opening_decision.pre_assessment.report_id
    assert not decision.granted


# --- follow-ups ----------------------------------------------------------------------------


def test_a_follow_up_before_the_start_is_refused_and_one_is_recorded_once(
    consented, supervisor_a, intake_a
):
    decision = grant(supervisor_a, consented, start_on=today() + 10 * DAY)
    with pytest.raises(InvalidInput) as refused:
        services.plan_follow_up(intake_a, decision.pk, due_on=today() + 9 * DAY)
    assert refused.value.code == "follow_up_before_start"
    planned = services.plan_follow_up(intake_a, decision.pk, due_on=today() + 10 * DAY)
    assert FollowUp.objects.count() == 1
    with pytest.raises(InvalidInput) as refused:  # not before the intervention started
        services.record_follow_up(intake_a, planned.pk, done_on=today(), text="Bra.")
    assert refused.value.code == "before_earlier_event"


def test_a_follow_up_is_planned_within_a_year_of_the_planned_end_and_five_of_the_start(
    consented, supervisor_a, intake_a
):
    from likvard.core.calendar import add_months

    end = today() + 180 * DAY
    decision = grant(supervisor_a, consented, planned_end=end)
    for too_late in (add_months(end, 12) + DAY, datetime.date(9999, 12, 31)):
        with pytest.raises(InvalidInput) as refused:
            services.plan_follow_up(intake_a, decision.pk, due_on=too_late)
        assert (refused.value.code, refused.value.field) == ("due_too_late", "due_on")
    assert not FollowUp.objects.exists()
    assert services.plan_follow_up(intake_a, decision.pk, due_on=add_months(end, 12))
    long_one = effects.follow_up_latest(datetime.date(2026, 1, 1), datetime.date(2040, 1, 1))
    assert long_one == datetime.date(2031, 1, 1)  # five years after the start at most
    assert effects.follow_up_latest(datetime.date(2026, 1, 1), datetime.date.max)


def test_two_current_answers_of_one_person_are_refused_by_the_database(consented, inv):
    """What makes a double submit safe: the second insert of a current answer fails
    (the service turns it into 409 concurrent_change)."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            proposal=consented,
            person=inv.anna,
            status="given",
            answered_on=today(),
            how="phone",
            recorded_by_id=consented.proposed_by_id,
        )
    assert selectors.answers(consented) == {inv.anna.pk: "given", inv.bo.pk: "given"}


def test_a_granted_decision_says_it_cannot_be_appealed(consented, supervisor_a):
    decision = grant(supervisor_a, consented)
    text = letters.decision_document(decision.pk)[1].decode("cp1252")
    assert "Ett sådant beslut kan" in text
    assert "förvaltningsbesvär" not in text
    assert "Samtycke saknas: inga" in text


def test_a_second_open_proposal_of_the_same_kind_is_refused(inv, intake_a, supervisor_a):
    """Also what stops a double submit of a proposal from writing twice."""
    first = propose(intake_a, inv.investigation)
    with pytest.raises(TransitionNotAllowed) as refused:
        propose(intake_a, inv.investigation)
    assert (refused.value.code, refused.value.status) == ("already_proposed", 409)
    assert propose(intake_a, inv.investigation, kind="family_treatment")
    grant(supervisor_a, first, granted=False)
    assert propose(intake_a, inv.investigation)  # once decided, a new proposal may follow
