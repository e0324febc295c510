"""A child's family is recorded per district: each district board is its own authority.

The child row is city-wide (so that earlier reports can be found), but what a district
recorded of the child's family (guardians, household, an alleged perpetrator, their
addresses and phones, siblings) is read in that district only: by a reader of every
district, and under a grant to that district's case, too; never because another
district has a case about the same child. Found by an attack: identifying an
unidentified child as a child known elsewhere, or registering a report about one,
showed the other district's family.
"""

import pytest
from rest_framework.test import APIClient

from likvard.access import grants
from likvard.core.errors import InvalidInput
from likvard.organisation.models import Role
from likvard.people import selectors, services
from likvard.people.models import Relation, RelationRole, SiblingLink
from likvard.people.register import SyntheticRegister
from likvard.people.services import ChildInput, PersonInput
from tests import factories

pytestmark = pytest.mark.django_db

ELDER, YOUNGER = "20150916-0014", "20180316-0017"
OTHER_NAME, OTHER_ADDRESS, OTHER_PHONE = "Bo Annansson", "Annanvägen 7", "070-999 99 99"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def register_guardian_names(number: str) -> list[str]:
    found = SyntheticRegister().lookup(number.replace("-", ""))
    return [f"{g.first_name} {g.last_name}" for g in found.guardians]


@pytest.fixture
def known_in_b(intake_b):
    """District B's report about two siblings: the register's guardians, a household
    member said to have harmed them (with an address and a phone), a sibling link."""
    report = factories.report(
        intake_b,
        child=ChildInput(personal_number=ELDER),
        more_children=[ChildInput(personal_number=YOUNGER)],
        fetch_guardians=True,
        family=[
            PersonInput(
                first_name="Bo",
                last_name="Annansson",
                address=OTHER_ADDRESS,
                phone=OTHER_PHONE,
                role=RelationRole.HOUSEHOLD,
                alleged_perpetrator=True,
            )
        ],
    )
    child = report.child
    assert len(selectors.current_relations(intake_b, child)) == 3
    return child


def secrets_of_b() -> list[str]:
    younger = SyntheticRegister().lookup(YOUNGER.replace("-", ""))
    return [
        OTHER_NAME,
        OTHER_ADDRESS,
        OTHER_PHONE,
        f"{younger.first_name} {younger.last_name}",  # the sibling B linked
        *register_guardian_names(ELDER),
    ]


def assert_nothing_of_b(user, child_id: int, body=None) -> None:
    """Neither the family API nor the child page shows anything district B recorded."""
    family = api(user).get(f"/api/children/{child_id}/family/")
    assert family.status_code == 200, family.content
    for shown in (family.json(), body) if body is not None else (family.json(),):
        assert shown["relations"] == [] and shown["past_relations"] == []
        assert shown["siblings"] == []
    page = factories.web_client(user).get(f"/barn/{child_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    for secret in secrets_of_b():
        assert secret not in html
    text = family.content.decode() + ("" if body is None else str(body))
    for secret in secrets_of_b():
        assert secret not in text


def test_identifying_a_child_known_in_another_district_shows_nothing_of_its_family(
    known_in_b, intake_a
):
    unknown = factories.report(intake_a, child=ChildInput(approximate_age=11)).child
    response = api(intake_a).post(
        f"/api/children/{unknown.pk}/identify/", {"personal_number": ELDER}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["child"] == known_in_b.pk
    assert_nothing_of_b(intake_a, known_in_b.pk, response.json())


def test_identifying_on_the_child_page_shows_nothing_of_the_other_districts_family(
    known_in_b, intake_a
):
    unknown = factories.report(intake_a, child=ChildInput(approximate_age=11)).child
    web = factories.web_client(intake_a)
    response = web.post(f"/barn/{unknown.pk}/identifiera/", {"personal_number": ELDER})
    assert response.status_code == 302
    assert_nothing_of_b(intake_a, known_in_b.pk)


def test_registering_a_report_about_a_child_known_elsewhere_shows_nothing_of_its_family(
    known_in_b, intake_a
):
    report = factories.report(intake_a, child=ChildInput(personal_number=ELDER))
    assert report.child_id == known_in_b.pk
    assert_nothing_of_b(intake_a, known_in_b.pk)


def test_each_district_sees_its_own_record_of_the_family(known_in_b, intake_a, intake_b):
    factories.report(intake_a, child=ChildInput(personal_number=ELDER), fetch_guardians=True)
    services.record_relation(
        intake_a, known_in_b.pk, PersonInput(first_name="Ada", last_name="Egen", phone="08-1")
    )
    in_a = selectors.current_relations(intake_a, known_in_b)
    in_b = selectors.current_relations(intake_b, known_in_b)
    # The register's guardians are recorded again in district A (its own rows), the
    # household member stays district B's, and Ada is district A's only.
    guardians = sorted(register_guardian_names(ELDER))
    assert sorted(str(r.person) for r in in_a) == sorted([*guardians, "Ada Egen"])
    assert sorted(str(r.person) for r in in_b) == sorted([*guardians, OTHER_NAME])
    assert {r.district_id for r in in_a} == {intake_a.district_id}
    assert {r.district_id for r in in_b} == {intake_b.district_id}
    assert not {r.pk for r in in_a} & {r.pk for r in in_b}
    page_b = factories.web_client(intake_b).get(f"/barn/{known_in_b.pk}/").content.decode()
    assert OTHER_ADDRESS in page_b and "Ada Egen" not in page_b
    family_b = api(intake_b).get(f"/api/children/{known_in_b.pk}/family/").json()
    assert len(family_b["siblings"]) == 1 and len(family_b["relations"]) == 3


def test_a_reader_of_every_district_sees_every_districts_record(known_in_b, intake_a, inspector):
    factories.report(intake_a, child=ChildInput(personal_number=ELDER))
    services.record_relation(
        intake_a, known_in_b.pk, PersonInput(first_name="Ada", last_name="Egen")
    )
    names = {
        r["person"]["name"]
        for r in api(inspector).get(f"/api/children/{known_in_b.pk}/family/").json()["relations"]
    }
    assert {"Ada Egen", OTHER_NAME} <= names


def test_a_grant_to_the_other_districts_case_shows_its_record(known_in_b, intake_a, intake_b):
    factories.report(intake_a, child=ChildInput(personal_number=ELDER))
    request = grants.request_access(
        intake_a, known_in_b, intake_b.district_id, "Barnet har flyttat hit."
    )
    grants.decide_access(
        factories.user(Role.SUPERVISOR, intake_b.unit.district), request.pk, grant=True, days=7
    )
    reader = type(intake_a).objects.get(pk=intake_a.pk)  # a new request: grants re-read
    names = [str(r.person) for r in selectors.current_relations(reader, known_in_b)]
    assert OTHER_NAME in names


def test_another_districts_relation_and_sibling_link_cannot_be_ended(known_in_b, intake_a):
    factories.report(intake_a, child=ChildInput(personal_number=ELDER))
    theirs = Relation.objects.get(child=known_in_b, person__last_name="Annansson")
    with pytest.raises(InvalidInput) as error:
        services.end_relation(intake_a, known_in_b.pk, theirs.pk)
    assert error.value.code == "not_current"
    link = SiblingLink.objects.get()
    other = link.sibling_id if link.child_id == known_in_b.pk else link.child_id
    with pytest.raises(InvalidInput) as error:
        services.end_sibling_link(intake_a, known_in_b.pk, other)
    assert error.value.code == "not_current"
    theirs.refresh_from_db()
    link.refresh_from_db()
    assert theirs.valid_until is None and link.valid_until is None


def test_the_same_guardian_is_refused_twice_in_a_district_but_recorded_in_each(
    known_in_b, intake_a, intake_b
):
    factories.report(intake_a, child=ChildInput(personal_number=ELDER))
    person = PersonInput(first_name="Bo", last_name="Annansson", role=RelationRole.HOUSEHOLD)
    number = Relation.objects.get(
        child=known_in_b, person__last_name="Annansson"
    ).person.personal_number
    assert number == ""  # typed without a number: a new person in each record
    services.record_relation(intake_a, known_in_b.pk, person)
    guardian = SyntheticRegister().lookup(ELDER.replace("-", "")).guardians[0]
    again = PersonInput(personal_number=guardian.personal_number)
    services.record_relation(intake_a, known_in_b.pk, again)  # B has them; A does not yet
    for actor in (intake_a, intake_b):
        with pytest.raises(InvalidInput) as error:
            services.record_relation(actor, known_in_b.pk, again)
        assert error.value.code == "already_recorded"


def test_merging_keeps_each_relations_district(known_in_b, intake_a, intake_b):
    unknown = factories.report(intake_a, child=ChildInput(approximate_age=11)).child
    guardian = SyntheticRegister().lookup(ELDER.replace("-", "")).guardians[0]
    ours = services.record_relation(
        intake_a, unknown.pk, PersonInput(personal_number=guardian.personal_number)
    )
    services.identify_child(intake_a, unknown.pk, ELDER)
    ours.refresh_from_db()
    # B has the same guardian, but in its own record: A's relation moves, not ended.
    assert ours.child_id == known_in_b.pk and ours.valid_until is None
    assert ours.district_id == intake_a.district_id
    assert [r.pk for r in selectors.current_relations(intake_a, known_in_b)] == [ours.pk]
    assert ours.pk not in [r.pk for r in selectors.current_relations(intake_b, known_in_b)]


def test_merging_moves_sibling_links_in_their_district(known_in_b, intake_a):
    unknown = factories.report(
        intake_a,
        child=ChildInput(approximate_age=11),
        more_children=[ChildInput(approximate_age=4)],
    ).child
    services.identify_child(intake_a, unknown.pk, ELDER)
    links = SiblingLink.objects.current().of(known_in_b.pk)
    assert sorted(link.district_id for link in links) == sorted(
        [intake_a.district_id, known_in_b.reports.order_by("pk").first().district_id]
    )
    assert len(selectors.siblings(intake_a, known_in_b)) == 1


def test_letters_go_to_the_guardians_the_sending_district_recorded(known_in_b, intake_a, intake_b):
    factories.report(intake_a, child=ChildInput(personal_number=ELDER))
    assert selectors.letter_recipients(known_in_b, intake_a.district_id) == []
    names = [str(r.person) for r in selectors.letter_recipients(known_in_b, intake_b.district_id)]
    assert sorted(names) == sorted(register_guardian_names(ELDER))  # never the perpetrator
