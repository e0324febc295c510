"""The register's API: the same services and scope, machine-readable refusals."""

import pytest
from rest_framework.test import APIClient

from likvard.oversight.models import Matter, Measure
from tests.api.helpers import error_code
from tests.snapshots import Unchanged

from .builders import DAY, today

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(**overrides):
    body = {
        "kind": "ivo_complaint",
        "reference": "IVO 3.1.1-1234/2025",
        "received_on": str(today() - 2 * DAY),
        "subject": "Klagomål på handläggningstid",
        "statement_due_on": str(today() + 10 * DAY),
        "cases": [],
    }
    return {**body, **overrides}


def test_create_read_step_and_measure(keeper_a, report_a):
    api = _api(keeper_a)
    created = api.post(
        "/api/oversight-matters/",
        _body(cases=[{"kind": "report", "id": report_a.pk}]),
        format="json",
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["cases"] == [{"kind": "report", "id": report_a.pk}]
    assert data["state"] == "received"
    pk = data["id"]
    step = api.post(
        f"/api/oversight-matters/{pk}/steps/",
        {"step": "decide_oversight_matter", "day": str(today()), "outcome": "no_criticism"},
        format="json",
    )
    assert step.status_code == 200 and step.json()["outcome"] == "no_criticism"
    measure = api.post(
        f"/api/oversight-matters/{pk}/measures/",
        {"description": "Ny rutin", "responsible": "Enhetschef", "due_on": str(today())},
        format="json",
    )
    assert measure.status_code == 201
    done = api.post(
        f"/api/oversight-measures/{measure.json()['id']}/complete/",
        {"done_on": str(today())},
        format="json",
    )
    assert done.status_code == 200 and done.json()["done_on"] == str(today())
    listing = api.get("/api/oversight-matters/", {"kind": "ivo_complaint"}).json()
    assert [row["id"] for row in listing["results"]] == [pk]


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"subject": "Gäller 20150916-0014"}, "personal_number_in_text", "subject"),
        ({"received_on": "2999-01-01"}, "date_in_future", "received_on"),
        ({"received_on": "31/12"}, "invalid", "received_on"),
        ({"kind": "press"}, "invalid_choice", "kind"),
        ({"district": 1}, "district_not_allowed", "district"),
        ({"cases": [{"kind": "report", "id": 987654}]}, "case_not_found", "cases"),
        ({"cases": [{"kind": "report", "id": 2**70}]}, "max_value", "cases.0.id"),
        ({"subject": ["inte", "text"]}, "invalid", "subject"),
    ],
)
def test_bad_input_is_a_machine_readable_400_and_writes_nothing(keeper_a, body, code, field):
    with Unchanged():
        response = _api(keeper_a).post("/api/oversight-matters/", _body(**body), format="json")
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)


def test_missing_fields_and_a_step_out_of_order(keeper_a, matter_a):
    api = _api(keeper_a)
    missing = api.post("/api/oversight-matters/", {}, format="json")
    assert missing.status_code == 400 and error_code(missing) == "required"
    wrong = api.post(
        f"/api/oversight-matters/{matter_a.pk}/steps/",
        {"step": "report_lex_sarah_to_ivo", "day": str(today())},
        format="json",
    )
    assert wrong.status_code == 409 and error_code(wrong) == "invalid_transition"
    before = api.post(
        f"/api/oversight-matters/{matter_a.pk}/steps/",
        {"step": "send_oversight_statement", "day": str(matter_a.received_on - DAY)},
        format="json",
    )
    assert before.status_code == 400 and error_code(before) == "before_earlier_event"
    assert before.json()["error"]["field"] == "day"


def test_another_district_is_404_and_unchanged_an_inspector_writing_is_403(
    keeper_a, inspector, intake_a, matter_b
):
    api = _api(keeper_a)
    measure = Measure.objects.get(matter=matter_b)
    with Unchanged():
        assert api.get(f"/api/oversight-matters/{matter_b.pk}/").status_code == 404
        step = api.post(
            f"/api/oversight-matters/{matter_b.pk}/steps/",
            {"step": "send_oversight_statement", "day": str(today())},
            format="json",
        )
        assert step.status_code == 404 and error_code(step) == "not_found"
        done = api.post(
            f"/api/oversight-measures/{measure.pk}/complete/",
            {"done_on": str(today())},
            format="json",
        )
        assert done.status_code == 404
        refused = _api(inspector).post(
            f"/api/oversight-matters/{matter_b.pk}/steps/",
            {"step": "send_oversight_statement", "day": str(today())},
            format="json",
        )
        assert refused.status_code == 403 and error_code(refused) == "forbidden"
        assert _api(intake_a).get("/api/oversight-matters/").status_code == 403
    assert _api(inspector).get(f"/api/oversight-matters/{matter_b.pk}/").status_code == 200
    assert Matter.objects.get(pk=matter_b.pk).state == "received"


def test_huge_ids_options_and_unknown_paths(keeper_a, matter_a):
    api = _api(keeper_a)
    assert api.get(f"/api/oversight-matters/{2**70}/").status_code == 404
    assert api.options("/api/oversight-matters/").status_code == 200
    assert api.get("/api/oversight-matters/", {"state": "lost"}).status_code == 400
    assert api.get("/api/oversight-matters/", {"cursor": "zz"}).status_code == 400
