"""The child's family: guardians, household, siblings, the register, identification."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from likvard.access.models import AuditEntry
from likvard.casework.models import PreAssessment
from likvard.core.errors import InvalidInput, NotFound
from likvard.people import services
from likvard.people.identity import parse
from likvard.people.models import Custody, Person, Relation, SiblingLink
from likvard.people.register import SyntheticRegister
from likvard.people.selectors import letter_recipients, siblings
from likvard.people.services import ChildInput, PersonInput
from likvard.reports.models import Report
from tests import factories
from tests.casework.helpers import row_counts

pytestmark = pytest.mark.django_db

#: Two children of one synthetic family: the same birth number (the three digits
#: after the date), so the register gives them the same guardians.
ELDER, YOUNGER = "20150916-0014", "20180316-0017"


def two_siblings(actor, **overrides):
    values = {
        "child": ChildInput(personal_number=ELDER),
        "more_children": [ChildInput(personal_number=YOUNGER)],
        "fetch_guardians": True,
        **overrides,
    }
    return factories.report(actor, **values)


# --- the synthetic population register ------------------------------------------------


def test_the_synthetic_register_gives_one_family_to_children_with_the_same_birth_number():
    register = SyntheticRegister()
    elder, younger = register.lookup("201509160014"), register.lookup("201803160017")
    assert elder.last_name == younger.last_name and elder.address == younger.address
    assert [g.personal_number for g in elder.guardians] == [
        g.personal_number for g in younger.guardians
    ]
    assert len(elder.guardians) == 2
    assert register.lookup("201509160014") == elder  # deterministic


def test_the_synthetic_register_gives_valid_fictitious_numbers():
    for guardian in SyntheticRegister().lookup("201509160014").guardians:
        assert parse(guardian.personal_number).long_form == guardian.personal_number
        assert parse(guardian.personal_number).is_male == (guardian.sex == "M")


# --- one report about several children -------------------------------------------------


def test_one_report_about_two_siblings_is_one_report_each_with_the_guardians(intake_a):
    first = two_siblings(intake_a)
    reports = list(Report.objects.filter(pk=first.pk) | first.registered_together.all())
    assert len(reports) == 2
    assert {r.registration_id for r in reports} == {first.pk}
    children = [r.child for r in reports]
    assert {c.personal_number for c in children} == {"201509160014", "201803160017"}
    for child in children:
        guardians = child.relations.current().filter(role="guardian")
        assert guardians.count() == 2
        assert set(guardians.values_list("custody", flat=True)) == {Custody.JOINT}
    assert Person.objects.count() == 2  # the same two people for both children
    assert SiblingLink.objects.current().count() == 1
    assert [s.child for s in siblings(intake_a, children[0])] == [children[1]]
    assert [s.child for s in siblings(intake_a, children[1])] == [children[0]]


def test_each_child_of_the_report_gets_a_pre_assessment(intake_a):
    first = two_siblings(intake_a)
    for report in [first, *first.registered_together.all()]:
        factories.casework.assess_protection(
            intake_a,
            report.pk,
            version=report.version,
            immediate_protection_needed=False,
            assessment="Inget akut skyddsbehov.",
        )
    assert PreAssessment.objects.count() == 2


def test_the_name_comes_from_the_register_when_none_is_typed(intake_a):
    child = factories.report(intake_a, child=ChildInput(personal_number=ELDER)).child
    found = SyntheticRegister().lookup("201509160014")
    assert (child.first_name, child.last_name, child.address) == (
        found.first_name,
        found.last_name,
        found.address,
    )


# --- bad input: nothing half-saved ----------------------------------------------------


def refused(call, code):
    before = row_counts()
    with pytest.raises(InvalidInput) as exc:
        call()
    assert exc.value.code == code
    assert row_counts() == before
    return exc.value


def test_a_guardian_given_twice_at_registration_is_refused(intake_a):
    guardian = SyntheticRegister().lookup("201509160014").guardians[0]
    error = refused(
        lambda: two_siblings(
            intake_a, family=[PersonInput(personal_number=guardian.personal_number)]
        ),
        "already_recorded",
    )
    assert "två gånger" in str(error.message)


def test_a_guardian_recorded_twice_on_the_child_page_is_refused(intake_a):
    child = factories.report(intake_a).child
    number = SyntheticRegister().lookup("201509160014").guardians[0].personal_number
    guardian = PersonInput(personal_number=number, first_name="Eva", last_name="Ek")
    services.record_relation(intake_a, child.pk, guardian)
    error = refused(
        lambda: services.record_relation(intake_a, child.pk, guardian), "already_recorded"
    )
    assert str(error.message) == "Personen är redan registrerad med den rollen för barnet."


def test_the_database_refuses_a_second_current_relation_too(intake_a):
    child = factories.report(intake_a).child
    person = factories.guardian(child, first_name="Eva", last_name="Ek")
    with pytest.raises(IntegrityError), transaction.atomic():
        Relation.objects.create(
            child=child,
            person=person,
            role="guardian",
            custody="sole",
            district_id=intake_a.district_id,
            valid_from=timezone.now(),
        )


def test_a_sibling_link_to_oneself_is_refused(intake_a):
    child = factories.report(intake_a).child
    error = refused(
        lambda: services.link_sibling(intake_a, child.pk, personal_number=child.personal_number),
        "self_sibling",
    )
    assert str(error.message) == "Ett barn kan inte vara syskon med sig självt."
    with pytest.raises(IntegrityError), transaction.atomic():
        SiblingLink.objects.create(
            child=child, sibling=child, district_id=intake_a.district_id, valid_from=timezone.now()
        )


def test_a_wrong_check_digit_is_refused_with_the_reason(intake_a):
    child = factories.report(intake_a).child
    error = refused(
        lambda: services.record_relation(
            intake_a, child.pk, PersonInput(personal_number="19800101-1237")
        ),
        "invalid_personal_number",
    )
    assert "kontrollsiffran" in str(error.message)
    refused(
        lambda: two_siblings(intake_a, more_children=[ChildInput("20180316-0016")]),
        "invalid_personal_number",
    )


def test_another_districts_child_cannot_be_changed(intake_a, intake_b):
    child = factories.report(intake_b).child
    with pytest.raises(NotFound):
        services.record_relation(intake_a, child.pk, PersonInput(first_name="E", last_name="K"))


# --- history ----------------------------------------------------------------------------


def test_an_ended_relation_stays_as_history_and_both_steps_are_audited(intake_a):
    child = factories.report(intake_a).child
    relation = services.record_relation(
        intake_a, child.pk, PersonInput(first_name="Eva", last_name="Ek", custody=Custody.SOLE)
    )
    services.end_relation(intake_a, child.pk, relation.pk)
    relation.refresh_from_db()
    assert relation.valid_until is not None and relation.ended_by == intake_a
    assert not child.relations.current().exists()
    verbs = list(
        AuditEntry.objects.filter(child_id=child.pk, verb__in=["record_relation", "end_relation"])
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["record_relation", "end_relation"]
    # The same person may be recorded again later: a new row, the old one kept.
    services.record_relation(intake_a, child.pk, PersonInput(first_name="Eva", last_name="Ek"))
    assert child.relations.count() == 2


def test_an_alleged_perpetrator_is_left_out_of_letters(intake_a):
    child = factories.report(intake_a).child
    for name, perpetrator in (("Mamma", False), ("Pappa", True)):
        services.record_relation(
            intake_a,
            child.pk,
            PersonInput(first_name=name, last_name="Ek", alleged_perpetrator=perpetrator),
        )
    assert [r.person.first_name for r in letter_recipients(child, intake_a.district_id)] == [
        "Mamma"
    ]


# --- an unidentified child -------------------------------------------------------------


def test_an_unidentified_child_is_registered_with_what_is_known(intake_a):
    child = factories.report(
        intake_a, child=ChildInput(approximate_age=7, school="Rinkebyskolan")
    ).child
    assert child.personal_number is None and child.reserve_number
    assert child.birth_date_estimated and child.school == "Rinkebyskolan"
    assert "Okänt barn" in str(child)


def test_identifying_attaches_the_number(intake_a):
    child = factories.report(intake_a, child=ChildInput(approximate_age=7)).child
    identified = services.identify_child(intake_a, child.pk, YOUNGER)
    assert identified.pk == child.pk
    assert identified.personal_number == "201803160017"
    assert (
        identified.birth_date == datetime.date(2018, 3, 16) and not identified.birth_date_estimated
    )
    assert identified.first_name  # from the register


def test_identifying_a_known_child_merges_the_reports_and_family(intake_a):
    known = factories.report(intake_a, personal_number=ELDER).child
    unknown_report = factories.report(intake_a, child=ChildInput(approximate_age=9))
    unknown = unknown_report.child
    services.record_relation(intake_a, unknown.pk, PersonInput(first_name="Eva", last_name="Ek"))
    merged = services.identify_child(intake_a, unknown.pk, ELDER)
    assert merged == known
    unknown_report.refresh_from_db()
    assert unknown_report.child == known
    assert known.relations.current().count() == 1
    unknown.refresh_from_db()
    assert unknown.merged_into == known  # kept: old audit entries still name a row
    entry = AuditEntry.objects.get(verb="identify_child")
    assert entry.after == {"child": known.pk, "merged": True}


def test_merging_keeps_one_current_relation_per_person(intake_a):
    known = factories.report(intake_a, personal_number=ELDER).child
    unknown = factories.report(intake_a, child=ChildInput(approximate_age=9)).child
    number = SyntheticRegister().lookup("201509160014").guardians[0].personal_number
    for child in (known, unknown):
        services.record_relation(intake_a, child.pk, PersonInput(personal_number=number))
    services.identify_child(intake_a, unknown.pk, ELDER)
    assert known.relations.current().count() == 1
    assert Relation.objects.filter(child=unknown, valid_until__isnull=False).count() == 1


def test_a_guardian_by_personnummer_alone_is_named_by_the_register(intake_a):
    child = factories.report(intake_a).child
    guardian = SyntheticRegister().lookup("201509160014").guardians[1]
    relation = services.record_relation(
        intake_a, child.pk, PersonInput(personal_number=guardian.personal_number)
    )
    assert str(relation.person) == f"{guardian.first_name} {guardian.last_name}"
    assert relation.person.address == guardian.address


def test_a_second_report_about_the_same_siblings_records_nothing_twice(intake_a):
    two_siblings(intake_a)
    counts = (Relation.objects.count(), SiblingLink.objects.count(), Person.objects.count())
    second = two_siblings(intake_a)
    assert Report.objects.count() == 4 and second.registered_together.count() == 1
    assert (Relation.objects.count(), SiblingLink.objects.count(), Person.objects.count()) == (
        counts
    )
