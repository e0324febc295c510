"""Every refusal, whoever makes it, has the same machine-readable body."""

import pytest

from .helpers import error_code, report_payload

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404(client_for, intake_a):
    for api in (client_for(None), client_for(intake_a)):
        response = api.get("/api/nothing-here/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert error_code(response) == "not_found"


def test_a_non_numeric_id_is_a_json_404(client_for, intake_a):
    response = client_for(intake_a).get("/api/reports/abc/")
    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_malformed_json_is_a_400_with_a_code(client_for, intake_a):
    response = client_for(intake_a).post(
        "/api/reports/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("parse_error", None)


def test_a_body_that_is_not_an_object_is_a_400(client_for, intake_a):
    response = client_for(intake_a).post("/api/reports/", [report_payload()], format="json")
    assert response.status_code == 400
    assert error_code(response) == "invalid"


def test_only_json_is_accepted(client_for, intake_a):
    response = client_for(intake_a).post("/api/reports/", {"channel": "phone"}, format="multipart")
    assert response.status_code == 415
    assert error_code(response) == "unsupported_media_type"


def test_a_method_the_endpoint_lacks_is_a_405(client_for, intake_a, case_a):
    response = client_for(intake_a).delete(f"/api/reports/{case_a.report.pk}/")
    assert response.status_code == 405
    assert error_code(response) == "method_not_allowed"
