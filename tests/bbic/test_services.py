"""Each write of the BBIC investigation and its refusals: nothing half-saved, the log
without the texts about the child."""

import datetime

import pytest

from likvard.access.models import AuditEntry
from likvard.bbic import selectors
from likvard.bbic import services as bbic
from likvard.bbic.models import (
    AreaRevision,
    Communication,
    CommunicationResponse,
    ConclusionRevision,
    InterpreterNeed,
    Meeting,
    NetworkContact,
    PlanRevision,
)
from likvard.core.errors import ConcurrentChange, InvalidInput, NotFound, TransitionNotAllowed
from likvard.organisation.models import Role
from likvard.people.models import Person, Relation
from tests import factories

from .helpers import (
    child_conversation,
    complete,
    conclude,
    open_investigation,
    personal_number,
    today,
)

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.timedelta(days=1)


def _code(excinfo) -> str:
    return excinfo.value.code


def _plan(actor, investigation, based_on=0, **overrides):
    values = {
        "questions": "Hur fungerar skolgången?",
        "informants": "Barnet, båda vårdnadshavarna och skolan.",
        "timetable": "Samtal med barnet vecka 2.",
    }
    values.update(overrides)
    return bbic.revise_plan(actor, investigation.pk, based_on=based_on, **values)


def _meeting(actor, investigation, **overrides):
    values = {"kind": "guardians", "held_on": today()}
    values.update(overrides)
    return bbic.record_meeting(actor, investigation.pk, bbic.MeetingInput(**values))


def _communication(actor, investigation, **overrides):
    values = {
        "shared_on": today(),
        "material": "Utredningen i sin helhet.",
        "recipients": [],
        "with_child": False,
        "method": "letter",
        "comment_deadline": today() + datetime.timedelta(days=14),
    }
    values.update(overrides)
    return bbic.record_communication(actor, investigation.pk, **values)


# ------------------------------------------------------------------ the plan


def test_a_revised_plan_keeps_the_earlier_one(intake_a, investigation):
    first = _plan(intake_a, investigation)
    second = _plan(intake_a, investigation, based_on=1, timetable="Hembesök vecka 3.")
    assert (first.revision, second.revision) == (1, 2)
    assert selectors.plan(investigation).timetable == "Hembesök vecka 3."
    assert [p.revision for p in selectors.plan_history(investigation)] == [2, 1]
    entry = AuditEntry.objects.filter(verb="revise_bbic_plan").order_by("pk").last()
    assert (entry.before, entry.after) == ({"revision": 1}, {"revision": 2})
    assert (entry.child_id, entry.district_id) == (
        investigation.child_id,
        investigation.district_id,
    )
    assert "Hembesök" not in str(entry.before) + str(entry.after) + entry.reason


def test_a_plan_based_on_an_old_revision_is_refused(intake_a, investigation):
    _plan(intake_a, investigation)
    with pytest.raises(ConcurrentChange):
        _plan(intake_a, investigation, based_on=0)  # the page was read before the first save
    assert PlanRevision.objects.count() == 1


def test_a_plan_needs_all_three_parts(intake_a, investigation):
    with pytest.raises(InvalidInput) as refused:
        _plan(intake_a, investigation, informants="  ")
    assert (refused.value.code, refused.value.field) == ("required", "informants")
    assert not PlanRevision.objects.exists()


# ------------------------------------------------------------------ the triangle


def test_an_area_is_revised_and_its_history_kept(intake_a, investigation):
    bbic.revise_area(intake_a, investigation.pk, "health", based_on=0, needs="Tandvård.")
    bbic.revise_area(
        intake_a, investigation.pk, "health", based_on=1, needs="Tandvård.", risk_factors="Karies."
    )
    bbic.revise_area(
        intake_a, investigation.pk, "housing", based_on=0, protective_factors="Trångt."
    )
    latest = selectors.areas(investigation)
    assert (latest["health"].revision, latest["health"].risk_factors) == (2, "Karies.")
    assert len(selectors.area_history(investigation, "health")) == 2
    sides = selectors.triangle(investigation)
    assert [side.filled for side in sides] == [1, 0, 1]
    assert sum(len(side.areas) for side in sides) == 20


@pytest.mark.parametrize(
    ("area", "texts", "code"),
    [
        ("teeth", {"needs": "x"}, "invalid_choice"),
        ("health", {}, "required"),
    ],
)
def test_an_area_refused(intake_a, investigation, area, texts, code):
    with pytest.raises(InvalidInput) as refused:
        bbic.revise_area(intake_a, investigation.pk, area, based_on=0, **texts)
    assert _code(refused) == code
    assert not AreaRevision.objects.exists()


# ------------------------------------------------------------------ meetings


def test_a_conversation_with_the_child_hears_the_child(intake_a, investigation):
    assert selectors.closing_facts(investigation)["child_heard"] is False
    meeting = child_conversation(intake_a, investigation)
    assert meeting.child_took_part
    assert selectors.child_heard(investigation)
    _meeting(intake_a, investigation, kind="home_visit", child_took_part=True)
    assert selectors.closing_facts(investigation)["child_heard"] is True


def test_a_meeting_names_the_guardians_of_the_district(intake_a, investigation, guardians):
    meeting = _meeting(
        intake_a,
        investigation,
        participants=[g.pk for g in guardians],
        other_participants="Mentor på skolan",
        interpreter_needed="interpreter",
        interpreter_used="cultural_interpreter",
        language="arabiska",
    )
    assert set(meeting.participants.values_list("pk", flat=True)) == {g.pk for g in guardians}
    entry = AuditEntry.objects.get(verb="record_bbic_meeting")
    assert entry.after["participants"] == 2
    assert "arabiska" not in str(entry.after) and "Mentor" not in str(entry.after)


def test_a_meeting_in_the_future_is_refused(intake_a, investigation):
    with pytest.raises(InvalidInput) as refused:
        _meeting(intake_a, investigation, held_on=today() + YESTERDAY)
    assert (refused.value.code, refused.value.field) == ("date_in_future", "held_on")
    assert not Meeting.objects.exists()


def test_a_meeting_before_the_investigation_is_refused(intake_a, investigation):
    with pytest.raises(InvalidInput) as refused:
        _meeting(
            intake_a,
            investigation,
            held_on=investigation.opened_on - YESTERDAY,
            backdating_reason="Glömde registrera mötet.",
        )
    assert _code(refused) == "before_earlier_event"


def test_a_participant_outside_the_family_of_this_district_is_refused(
    intake_a, district_b, investigation
):
    stranger = Person.objects.create(first_name="Okänd", last_name="Person")
    elsewhere = factories.guardian(investigation.child, district=district_b, first_name="Bo")
    ended = factories.guardian(investigation.child, first_name="Ex")
    Relation.objects.filter(person=ended).update(valid_until=factories.an_hour_ago_today())
    for person in (stranger, elsewhere, ended):
        with pytest.raises(InvalidInput) as refused:
            _meeting(intake_a, investigation, participants=[person.pk])
        assert (refused.value.code, refused.value.field) == ("not_in_family", "participants")
    assert not Meeting.objects.exists()


def test_an_interpreter_needs_its_language(intake_a, investigation):
    with pytest.raises(InvalidInput) as refused:
        _meeting(intake_a, investigation, interpreter_needed="interpreter")
    assert (refused.value.code, refused.value.field) == ("required", "language")


def test_a_backdated_meeting_keeps_and_logs_its_reason(intake_a):
    investigation = open_investigation(intake_a)
    # Opened today: backdate the opening so yesterday is after it.
    type(investigation).objects.filter(pk=investigation.pk).update(
        opened_on=today() - datetime.timedelta(days=5)
    )
    investigation.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        _meeting(intake_a, investigation, held_on=today() - YESTERDAY)
    assert _code(refused) == "backdating_reason_required"
    meeting = _meeting(
        intake_a,
        investigation,
        held_on=today() - YESTERDAY,
        backdating_reason="Mötet hölls i går kväll.",
    )
    assert meeting.backdating_reason == "Mötet hölls i går kväll."
    assert AuditEntry.objects.filter(verb="backdate_event", object_id=meeting.pk).exists()


# ------------------------------------------------------------------ interpreter needs


def test_an_interpreter_need_per_person_changes_in_place(intake_a, investigation, guardians):
    bbic.record_interpreter_need(
        intake_a, investigation.pk, person=None, language="somaliska", kind="interpreter"
    )
    bbic.record_interpreter_need(
        intake_a, investigation.pk, person=guardians[0].pk, language="arabiska", kind="interpreter"
    )
    bbic.record_interpreter_need(
        intake_a,
        investigation.pk,
        person=guardians[0].pk,
        language="arabiska",
        kind="cultural_interpreter",
    )
    needs = selectors.interpreter_needs(investigation)
    assert [(n.person_id, n.kind) for n in needs] == [
        (None, "interpreter"),
        (guardians[0].pk, "cultural_interpreter"),
    ]
    change = AuditEntry.objects.get(verb="change_interpreter_need")
    assert (change.before["kind"], change.after["kind"]) == ("interpreter", "cultural_interpreter")


def test_the_interpreter_summary_counts_needed_and_used(intake_a, investigation):
    for needed, used in [
        ("interpreter", "interpreter"),
        ("interpreter", "none"),
        ("cultural_interpreter", "interpreter"),
        ("none", "none"),
    ]:
        _meeting(
            intake_a,
            investigation,
            interpreter_needed=needed,
            interpreter_used=used,
            language="dari",
        )
    summary = selectors.interpreter_summary(investigation)
    assert (summary.needed, summary.used_as_needed, summary.other_kind_used, summary.not_used) == (
        3,
        1,
        1,
        1,
    )


def test_an_interpreter_need_of_a_stranger_is_refused(intake_a, investigation):
    stranger = Person.objects.create(first_name="Okänd", last_name="Person")
    with pytest.raises(InvalidInput) as refused:
        bbic.record_interpreter_need(
            intake_a, investigation.pk, person=stranger.pk, language="tigrinja", kind="interpreter"
        )
    assert _code(refused) == "not_in_family"
    with pytest.raises(InvalidInput) as refused:
        bbic.record_interpreter_need(
            intake_a, investigation.pk, person=None, language="tigrinja", kind="none"
        )
    assert _code(refused) == "invalid_choice"
    assert not InterpreterNeed.objects.exists()


# ------------------------------------------------------------------ network


def test_a_network_contact_without_consent_needed_states_why(intake_a, investigation):
    values = {
        "kind": "bvc",
        "organisation": "BVC Rinkeby",
        "contacted_on": today(),
        "consent": "not_needed",
        "summary": "BVC har inte träffat barnet sedan 18-månadersbesöket.",
    }
    with pytest.raises(InvalidInput) as refused:
        bbic.record_network_contact(intake_a, investigation.pk, **values)
    assert (refused.value.code, refused.value.field) == ("required", "consent_note")
    contact = bbic.record_network_contact(
        intake_a,
        investigation.pk,
        consent_note="Uppgifter om misstänkt våld (OSL 10:21).",
        **values,
    )
    assert list(selectors.network_contacts(investigation)) == [contact]
    assert NetworkContact.objects.count() == 1


# ------------------------------------------------------------------ kommunicering


def test_kommunicering_with_the_guardians_and_their_comments(intake_a, investigation, guardians):
    shared = _communication(intake_a, investigation, recipients=[g.pk for g in guardians])
    response = bbic.record_communication_response(
        intake_a,
        investigation.pk,
        communication=shared.pk,
        received=True,
        received_on=today(),
        comments="Pappa anser att skolan överdriver frånvaron.",
    )
    assert response.received and response.received_on == today()
    with pytest.raises(TransitionNotAllowed) as refused:
        bbic.record_communication_response(
            intake_a, investigation.pk, communication=shared.pk, received=False
        )
    assert _code(refused) == "already_answered"
    assert CommunicationResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"comment_deadline": today() - YESTERDAY}, "deadline_before_shared", "comment_deadline"),
        ({}, "no_recipient", "recipients"),
        ({"with_child": True}, "child_under_15", "with_child"),
        (
            {"shared_on": today() + YESTERDAY, "comment_deadline": today() + YESTERDAY},
            "date_in_future",
            "shared_on",
        ),
    ],
)
def test_kommunicering_refused(intake_a, investigation, guardians, overrides, code, field):
    if code != "no_recipient":
        overrides = {"recipients": [guardians[0].pk], **overrides}
    with pytest.raises(InvalidInput) as refused:
        _communication(intake_a, investigation, **overrides)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert not Communication.objects.exists()


def test_kommunicering_only_with_guardians(intake_a, investigation):
    lodger = Person.objects.create(first_name="Inneboende", last_name="Testsson")
    Relation.objects.create(
        child=investigation.child,
        person=lodger,
        role="household",
        district=investigation.district,
        valid_from=factories.an_hour_ago_today(),
    )
    with pytest.raises(InvalidInput) as refused:
        _communication(intake_a, investigation, recipients=[lodger.pk])
    assert _code(refused) == "not_a_guardian"


def test_a_child_of_15_is_a_party_of_their_own(intake_a):
    born = today().replace(year=today().year - 15) - datetime.timedelta(days=3)
    investigation = open_investigation(intake_a, personal_number_=personal_number(born))
    shared = _communication(intake_a, investigation, with_child=True)
    assert shared.with_child


def test_a_response_to_another_investigations_kommunicering_is_not_found(
    intake_a, investigation, guardians
):
    other = open_investigation(intake_a, personal_number_=factories.CHILD_NUMBERS[1])
    shared = _communication(intake_a, investigation, recipients=[guardians[0].pk])
    with pytest.raises(NotFound):
        bbic.record_communication_response(
            intake_a, other.pk, communication=shared.pk, received=False
        )


def test_comments_need_their_text(intake_a, investigation, guardians):
    shared = _communication(intake_a, investigation, recipients=[guardians[0].pk])
    with pytest.raises(InvalidInput) as refused:
        bbic.record_communication_response(
            intake_a, investigation.pk, communication=shared.pk, received=True, received_on=today()
        )
    assert (refused.value.code, refused.value.field) == ("required", "comments")


# ------------------------------------------------------------------ conclusion


def test_needs_with_neither_proposal_nor_reason_are_allowed_here(intake_a, investigation):
    """The guideline rule at closing judges it, not the conclusion."""
    conclusion = conclude(intake_a, investigation, needs_identified=True, serious_need=True)
    assert (conclusion.needs_identified, conclusion.serious_need) == (True, True)
    assert conclusion.no_intervention_reason == conclusion.proposed_interventions == ""


def test_a_serious_need_is_a_need(intake_a, investigation):
    with pytest.raises(InvalidInput) as refused:
        conclude(intake_a, investigation, needs_identified=False, serious_need=True)
    assert (refused.value.code, refused.value.field) == ("serious_without_needs", "serious_need")
    assert not ConclusionRevision.objects.exists()


def test_a_revised_conclusion_is_a_new_revision(intake_a, investigation):
    conclude(intake_a, investigation)
    conclude(
        intake_a, investigation, needs_identified=True, proposed_interventions="Kontaktfamilj."
    )
    assert [c.revision for c in ConclusionRevision.objects.order_by("revision")] == [1, 2]
    assert selectors.conclusion(investigation).proposed_interventions == "Kontaktfamilj."


# ------------------------------------------------------------------ scope and state


def test_nothing_is_written_once_the_investigation_is_completed(intake_a, investigation):
    complete(intake_a, investigation)  # with the conversation the closing rules ask for
    meetings = Meeting.objects.count()
    with pytest.raises(TransitionNotAllowed) as refused:
        _plan(intake_a, investigation)
    assert _code(refused) == "investigation_completed"
    with pytest.raises(TransitionNotAllowed):
        child_conversation(intake_a, investigation)
    assert not PlanRevision.objects.exists() and Meeting.objects.count() == meetings


def test_another_district_and_the_inspector_write_nothing(intake_b, inspector, investigation):
    for actor in (intake_b, inspector):
        with pytest.raises(NotFound):
            _plan(actor, investigation)
        with pytest.raises(NotFound):
            child_conversation(actor, investigation)
    assert not PlanRevision.objects.exists() and not Meeting.objects.exists()


def test_an_investigator_of_the_district_writes(district_a, investigation):
    investigator = factories.user(Role.INVESTIGATOR, district_a)
    assert child_conversation(investigator, investigation).recorded_by == investigator
