"""The intake API: new reports only, its own credential, the form's checks."""

import json

import pytest
from django.test import Client

from likvard.intake.models import Submission

from .. import factories
from .conftest import answers

URL = "/api/intake/reports/"
TOKEN = "test-intake-credential-0123456789"


@pytest.fixture(autouse=True)
def token(settings):
    settings.LIKVARD_INTAKE_API_TOKEN = TOKEN


def body(**overrides):
    data = answers(**overrides)
    data["wants_feedback"] = True
    return data


def call(data, authorization=None):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    return Client().post(URL, json.dumps(data), content_type="application/json", **headers)


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Token {TOKEN}", "Bearer "])
def test_refused_without_the_right_credential(postal_codes, authorization):
    answer = call(body(), authorization)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] in {"not_authenticated", "authentication_failed"}
    assert not Submission.objects.exists()


def test_refused_when_no_credential_is_configured(postal_codes, settings):
    settings.LIKVARD_INTAKE_API_TOKEN = ""
    assert call(body(), "Bearer ").status_code == 401
    assert not Submission.objects.exists()


def test_a_staff_session_does_not_open_it(postal_codes, intake_a):
    client = factories.web_client(intake_a)
    answer = client.post(URL, json.dumps(body()), content_type="application/json")
    assert answer.status_code == 401


def test_accepted_with_the_credential_once_per_key(postal_codes, district_a):
    data = body()
    first = call(data, f"Bearer {TOKEN}")
    assert first.status_code == 201
    second = call(data, f"Bearer {TOKEN}")
    assert second.status_code == 200
    assert first.json()["reference"] == second.json()["reference"]
    submission = Submission.objects.get()
    assert submission.report.district == district_a


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"concerns": []}, "required"),
        ({"child_personal_number": "20150916-0015"}, "invalid"),
        ({"child_age": "many"}, "invalid"),
        ({"idempotency_key": "not-a-key"}, "invalid"),
    ],
)
def test_bad_answers_get_a_machine_readable_code(postal_codes, data, code):
    answer = call(body(**data), f"Bearer {TOKEN}")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == code
    assert not Submission.objects.exists()


@pytest.mark.parametrize("payload", ["[]", '"text"', "{not json"])
def test_a_body_that_is_not_an_object_is_refused(postal_codes, payload):
    answer = Client().post(
        URL, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    assert answer.status_code == 400


def test_only_post(postal_codes):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    assert Client().get(URL, **auth).status_code == 405
    assert Client().delete(URL, **auth).status_code == 405
