"""The family over the API: one report about siblings, and refusals as machine-readable 4xx."""

import pytest

from likvard.people.models import Person, Relation, SiblingLink
from likvard.people.register import SyntheticRegister
from likvard.reports.models import Report
from tests import factories
from tests.casework.helpers import row_counts

from .helpers import report_payload

pytestmark = pytest.mark.django_db

ELDER, YOUNGER = "20150916-0014", "20180316-0017"


def siblings_payload(**overrides):
    values = {
        "child": {"personal_number": ELDER},
        "more_children": [{"personal_number": YOUNGER}],
        "fetch_guardians": True,
        **overrides,
    }
    return report_payload(**values)


def refused(response, status, code, field=None):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    if field:
        assert error["field"] == field
    return error


def test_one_report_about_two_siblings_over_the_api(client_for, intake_a):
    response = client_for(intake_a).post("/api/reports/", siblings_payload(), format="json")
    assert response.status_code == 201, response.content
    assert Report.objects.count() == 2
    assert Relation.objects.count() == 4 and Person.objects.count() == 2
    first = Report.objects.get(pk=response.json()["id"])
    family = client_for(intake_a).get(f"/api/children/{first.child_id}/family/").json()
    assert [r["custody"] for r in family["relations"]] == ["joint", "joint"]
    assert [s["id"] for s in family["siblings"]] == [
        Report.objects.exclude(pk=first.pk).get().child_id
    ]


def test_a_guardian_twice_in_the_registration_writes_nothing(client_for, intake_a):
    guardian = SyntheticRegister().lookup("201509160014").guardians[0]
    before = row_counts()
    response = client_for(intake_a).post(
        "/api/reports/",
        siblings_payload(family=[{"personal_number": guardian.personal_number}]),
        format="json",
    )
    error = refused(response, 400, "already_recorded")
    assert "två gånger" in error["message"]
    assert row_counts() == before


def test_a_wrong_check_digit_for_a_second_child_writes_nothing(client_for, intake_a):
    before = row_counts()
    response = client_for(intake_a).post(
        "/api/reports/",
        siblings_payload(more_children=[{"personal_number": "20180316-0016"}]),
        format="json",
    )
    error = refused(response, 400, "invalid_personal_number")
    assert "kontrollsiffran" in error["message"]
    assert row_counts() == before


def test_the_family_endpoints_refuse_bad_input(client_for, intake_a):
    child = factories.report(intake_a).child
    api = client_for(intake_a)
    url = f"/api/children/{child.pk}"
    guardian = {"personal_number": "19800114-1236", "first_name": "Eva", "last_name": "Ek"}
    assert api.post(f"{url}/relations/", guardian, format="json").status_code == 200
    refused(api.post(f"{url}/relations/", guardian, format="json"), 400, "already_recorded")
    refused(
        api.post(
            f"{url}/relations/", {**guardian, "personal_number": "19800114-1237"}, format="json"
        ),
        400,
        "invalid_personal_number",
    )
    refused(api.post(f"{url}/siblings/", {"sibling": child.pk}, format="json"), 400, "self_sibling")
    refused(
        api.post(f"{url}/relations/", {"first_name": "E", "nickname": "x"}, format="json"),
        400,
        "unknown_field",
    )
    assert SiblingLink.objects.count() == 0 and Relation.objects.count() == 1


def test_an_alleged_perpetrator_is_marked_in_the_family(client_for, intake_a):
    child = factories.report(intake_a).child
    api = client_for(intake_a)
    api.post(
        f"/api/children/{child.pk}/relations/",
        {"first_name": "Kim", "last_name": "Ek", "role": "household", "alleged_perpetrator": True},
        format="json",
    )
    family = api.get(f"/api/children/{child.pk}/family/").json()
    assert [(r["role"], r["custody"], r["alleged_perpetrator"]) for r in family["relations"]] == [
        ("household", "", True)
    ]
