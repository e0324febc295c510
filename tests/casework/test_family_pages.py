"""The family on the registration form and the child page: Swedish refusals, nothing half-saved."""

import pytest
from django.utils import timezone

from likvard.people.models import Child, Relation, SiblingLink
from likvard.people.register import SyntheticRegister
from likvard.reports.models import Report
from tests import factories
from tests.casework.helpers import row_counts

pytestmark = pytest.mark.django_db

ELDER, YOUNGER = "20150916-0014", "20180316-0017"


def registration(**fields):
    return {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "reporter_type": "school",
        "concerns": ["neglect"],
        "description": "Syntetisk oro.",
        "person_role": "guardian",
        **fields,
    }


def test_the_form_registers_two_siblings_with_the_registers_guardians(intake_a):
    web = factories.web_client(intake_a)
    response = web.post(
        "/anmalan/ny/",
        registration(
            personal_number=ELDER,
            more_children=YOUNGER,
            children_are_siblings="on",
            fetch_guardians="on",
        ),
    )
    assert response.status_code == 302
    assert Report.objects.count() == 2
    assert Relation.objects.count() == 4 and SiblingLink.objects.count() == 1


def test_a_guardian_typed_as_well_as_fetched_is_refused_in_swedish(intake_a):
    guardian = SyntheticRegister().lookup("201509160014").guardians[0]
    before = row_counts()
    response = factories.web_client(intake_a).post(
        "/anmalan/ny/",
        registration(
            personal_number=ELDER,
            fetch_guardians="on",
            person_personal_number=guardian.personal_number,
        ),
    )
    assert response.status_code == 400
    assert "Samma person är angiven två gånger." in response.content.decode()
    assert row_counts() == before


def test_a_wrong_check_digit_for_another_child_is_refused(intake_a):
    before = row_counts()
    response = factories.web_client(intake_a).post(
        "/anmalan/ny/", registration(personal_number=ELDER, more_children="20180316-0016")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["more_children"] == [
        "Personnumret är inte giltigt. Kontrollera siffrorna och kontrollsiffran."
    ]
    assert row_counts() == before


def test_an_unidentified_child_is_registered_and_identified_later(intake_a):
    web = factories.web_client(intake_a)
    response = web.post(
        "/anmalan/ny/", registration(approximate_age="8", school="Husbyskolan", first_name="Sami")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    child = Child.objects.get()
    page = web.get(f"/barn/{child.pk}/").content.decode()
    assert "Husbyskolan" in page and "uppskattat" in page and "Identifiera barnet" in page
    response = web.post(f"/barn/{child.pk}/identifiera/", {"personal_number": YOUNGER})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.personal_number == "201803160017"


def test_a_sibling_link_to_oneself_is_refused_on_the_child_page(intake_a):
    child = factories.report(intake_a).child
    response = factories.web_client(intake_a).post(
        f"/barn/{child.pk}/syskon/", {"sibling_personal_number": child.personal_number}
    )
    assert response.status_code == 400
    assert "Ett barn kan inte vara syskon med sig självt." in response.content.decode()
    assert not SiblingLink.objects.exists()


def test_ending_a_guardian_keeps_the_row_and_shows_it_as_history(intake_a):
    child = factories.report(intake_a).child
    factories.guardian(child, first_name="Eva", last_name="Ek")
    relation = Relation.objects.get()
    web = factories.web_client(intake_a)
    assert (
        web.post(f"/barn/{child.pk}/familj/avsluta/", {"relation": relation.pk}).status_code == 302
    )
    page = web.get(f"/barn/{child.pk}/").content.decode()
    assert "Tidigare relationer" in page and "Eva Ek" in page
    assert "Inga vårdnadshavare registrerade." not in page
    refused = web.post(f"/barn/{child.pk}/familj/avsluta/", {"relation": relation.pk})
    assert refused.status_code == 400
    assert "Relationen finns inte eller är redan avslutad." in refused.content.decode()


def test_every_problem_of_a_registration_shows_in_one_round(intake_a):
    """The form's own checks and the child's identity together: no second round."""
    before = row_counts()
    response = factories.web_client(intake_a).post(
        "/anmalan/ny/",
        registration(personal_number="20150916-0015", concerns=[], description=""),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"concerns", "description", "personal_number"} <= errors.keys(), errors
    assert "kontrollsiffran" in errors["personal_number"][0]
    unknown = factories.web_client(intake_a).post("/anmalan/ny/", registration(description=""))
    assert {"description", "birth_date"} <= unknown.context["form"].errors.keys()
    assert row_counts() == before
