"""The OpenAPI description: served, valid, complete, and generated without warnings."""

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/reports/": {"get", "post"},
    "/api/reports/{id}/": {"get"},
    "/api/reports/{id}/protection-assessment/": {"post"},
    "/api/reports/{id}/child-conversations/": {"post"},
    "/api/reports/{id}/police-report-considerations/": {"post"},
    "/api/reports/{id}/feedback/": {"post"},
    "/api/reports/{id}/archive/": {"post"},
    "/api/reports/{id}/cosign/": {"post"},
    "/api/reports/{id}/return-decision/": {"post"},
    "/api/reports/{id}/rule-evaluations/": {"get"},
    "/api/reports/{id}/assign/": {"post"},
    "/api/children/": {"get"},
    "/api/children/{id}/": {"get"},
    "/api/children/{id}/protected-contact/": {"post"},
    "/api/children/{id}/family/": {"get"},
    "/api/children/{id}/relations/": {"post"},
    "/api/children/{id}/end-relation/": {"post"},
    "/api/children/{id}/siblings/": {"post"},
    "/api/children/{id}/end-sibling/": {"post"},
    "/api/children/{id}/identify/": {"post"},
    "/api/pre-assessments/{id}/": {"get"},
    "/api/pre-assessments/{id}/decision/": {"post"},
    "/api/pre-assessments/{id}/cosignature-request/": {"post"},
    "/api/cosignature-requests/": {"get"},
    "/api/journal-entries/": {"get", "post"},
    "/api/journal-entries/{id}/": {"get"},
    "/api/journal-entries/{id}/correct/": {"post"},
    "/api/documents/": {"get", "post"},
    "/api/documents/{id}/": {"get"},
    "/api/documents/{id}/content/": {"get"},
    "/api/decisions/": {"get"},
    "/api/decisions/{id}/": {"get"},
    "/api/investigations/": {"get"},
    "/api/investigations/{id}/": {"get"},
    "/api/investigations/{id}/extend/": {"post"},
    "/api/investigations/{id}/complete/": {"post"},
    "/api/investigations/{id}/assign/": {"post"},
    "/api/investigations/{id}/rule-evaluations/": {"get"},
    # The BBIC investigation (bbic/api/).
    "/api/investigations/{id}/plan/": {"get", "post"},
    "/api/investigations/{id}/bbic-areas/": {"get", "post"},
    "/api/investigations/{id}/meetings/": {"get", "post"},
    "/api/investigations/{id}/interpreter-needs/": {"get", "post"},
    "/api/investigations/{id}/network-contacts/": {"get", "post"},
    "/api/investigations/{id}/communications/": {"get", "post"},
    "/api/investigations/{id}/communication-responses/": {"post"},
    "/api/investigations/{id}/conclusion/": {"get", "post"},
    "/api/investigations/{id}/decision-letter/": {"post"},
    "/api/search/": {"get"},
    "/api/intervention-proposals/": {"get", "post"},
    "/api/intervention-proposals/{id}/": {"get"},
    "/api/intervention-proposals/{id}/consents/": {"post"},
    "/api/intervention-proposals/{id}/decide/": {"post"},
    "/api/intervention-consents/": {"get"},
    "/api/intervention-consents/{id}/": {"get"},
    "/api/interventions/": {"get"},
    "/api/interventions/{id}/": {"get"},
    "/api/interventions/{id}/follow-ups/": {"post"},
    "/api/intervention-follow-ups/": {"get"},
    "/api/intervention-follow-ups/{id}/": {"get"},
    "/api/intervention-follow-ups/{id}/record/": {"post"},
    "/api/motivation-work/": {"get", "post"},
    "/api/motivation-work/{id}/": {"get"},
    "/api/lvu-considerations/": {"get", "post"},
    "/api/lvu-considerations/{id}/": {"get"},
    "/api/lvu-care/": {"get", "post"},
    "/api/lvu-care/{id}/": {"get"},
    "/api/lvu-care/{id}/reconsider/": {"post"},
    "/api/lvu-care/{id}/end/": {"post"},
    # The oversight register (tests/oversight: its own matrix; no child in a matter).
    "/api/oversight-matters/": {"get", "post"},
    "/api/oversight-matters/{id}/": {"get"},
    "/api/oversight-matters/{id}/measures/": {"post"},
    "/api/oversight-matters/{id}/steps/": {"post"},
    "/api/oversight-measures/": {"get"},
    "/api/oversight-measures/{id}/": {"get"},
    "/api/oversight-measures/{id}/complete/": {"post"},
}


def test_the_schema_is_valid_openapi_with_every_path(client_for, analyst):
    response = client_for(analyst).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert {path: set(ops) - {"parameters"} for path, ops in schema["paths"].items()} == (
        EXPECTED_PATHS
    )
    id_parameter = schema["paths"]["/api/reports/{id}/"]["get"]["parameters"][0]
    assert id_parameter["schema"]["type"] == "integer"
    register = schema["paths"]["/api/reports/"]["post"]
    assert {"201", "400", "403"} <= set(register["responses"])
    assert "district" not in schema["components"]["schemas"]["ReportCreateRequest"]["properties"]
    evaluations = schema["paths"]["/api/reports/{id}/rule-evaluations/"]["get"]["responses"]
    assert evaluations["200"]["content"]["application/json"]["schema"]["type"] == "array"
    error = schema["components"]["schemas"]["ErrorBody"]["properties"]
    assert "rules" in error  # why the guideline rules stopped a step


def test_the_schema_generates_without_warnings(tmp_path):
    GENERATOR_STATS.reset()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")


def test_the_docs_page_is_served_to_any_signed_in_user(client, analyst):
    client.force_login(analyst)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response.content.decode().startswith("<!DOCTYPE html>\n")
    assert '<html lang="sv">' in response.content.decode()


def test_the_docs_send_an_anonymous_visitor_to_sign_in(client):
    for path in ("/api/docs/", "/api/docs/?script="):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/logga-in/?next=/api/docs/")


def test_the_schema_is_refused_without_signing_in(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_authenticated"
