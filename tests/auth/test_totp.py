"""The optional second factor: enrolment, sign-in with a code, refusals and lockout."""

import time

import pytest
from rest_framework.test import APIClient

from likvard.access.auth.views import PENDING
from likvard.access.models import AuditEntry, TOTPDevice

from .conftest import basic_auth, code, sign_in, signed_in, wrong_code

pytestmark = pytest.mark.django_db

ENROL = "/konto/tvastegsverifiering/"
CODE = "/logga-in/kod/"


def test_enrolment_shows_the_secret_and_a_code_turns_it_on(client, worker):
    client.force_login(worker)
    page = client.get(ENROL)
    device = TOTPDevice.objects.get(user=worker)
    assert not device.confirmed
    text = page.content.decode()
    assert page.context["secret"].replace(" ", "") == device.secret
    assert "otpauth://totp/Likv%C3%A4rd:anna.mottagning?secret=" + device.secret in text

    response = client.post(ENROL, {"password": "pw", "code": code(device.secret)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(verb="two_factor_enabled", actor_id=worker.pk).exists()
    assert "Tvåstegsverifiering är påslagen sedan" in client.get(ENROL).content.decode()


def test_enrolment_keeps_the_secret_until_confirmed(client, worker):
    client.force_login(worker)
    first = client.get(ENROL).context["secret"]
    assert client.get(ENROL).context["secret"] == first


def test_enrolment_refuses_a_wrong_code_or_password(client, worker):
    client.force_login(worker)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=worker)

    response = client.post(ENROL, {"password": "pw", "code": wrong_code(device.secret)})
    assert "Fel kod" in response.content.decode()
    response = client.post(ENROL, {"password": "fel", "code": code(device.secret)})
    assert "Fel lösenord." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_enrolment_needs_a_signed_in_user(client):
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_the_password_alone_does_not_sign_in(client, worker_with_code):
    response = sign_in(client, worker_with_code.username)
    assert response.status_code == 302
    assert response["Location"] == CODE
    assert not signed_in(client)
    assert client.get("/arenden/").status_code == 302  # still signed out


def test_the_right_code_signs_in_and_keeps_the_next_page(client, worker_with_code):
    sign_in(client, worker_with_code.username, next="/anmalan/ny/")
    page = client.get(CODE)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(CODE, {"code": code(worker_with_code.secret)})
    assert response.status_code == 302
    assert response["Location"] == "/anmalan/ny/"
    assert signed_in(client)
    assert PENDING not in client.session


def test_a_wrong_code_is_refused(client, worker_with_code):
    sign_in(client, worker_with_code.username)
    response = client.post(CODE, {"code": wrong_code(worker_with_code.secret)})
    assert response.status_code == 200
    assert "Fel kod" in response.content.decode()
    assert not signed_in(client)
    entry = AuditEntry.objects.get(verb="sign_in_failed")
    assert entry.after["factor"] == "code"
    assert entry.actor_id == worker_with_code.pk


def test_a_code_is_not_accepted_twice(client, worker_with_code):
    used = code(worker_with_code.secret)
    sign_in(client, worker_with_code.username)
    assert client.post(CODE, {"code": used}).status_code == 302
    client.logout()

    sign_in(client, worker_with_code.username)
    response = client.post(CODE, {"code": used})
    assert "Fel kod" in response.content.decode()
    assert not signed_in(client)


def test_a_code_one_step_off_is_accepted(client, worker_with_code):
    sign_in(client, worker_with_code.username)
    assert client.post(CODE, {"code": code(worker_with_code.secret, 1)}).status_code == 302


def test_repeated_wrong_codes_lock_the_username(client, worker_with_code):
    secret = worker_with_code.secret
    sign_in(client, worker_with_code.username)
    for _ in range(4):
        assert "Fel kod" in client.post(CODE, {"code": wrong_code(secret)}).content.decode()
    response = client.post(CODE, {"code": wrong_code(secret)})
    assert response.status_code == 403
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert PENDING not in client.session

    # Neither the password nor a right code gets in now.
    response = sign_in(client, worker_with_code.username)
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert client.post(CODE, {"code": code(secret)}).status_code == 302  # no pending sign-in
    assert not signed_in(client)


def test_a_right_password_does_not_reset_the_code_failures(client, worker_with_code):
    secret = worker_with_code.secret
    sign_in(client, worker_with_code.username)
    for _ in range(4):
        client.post(CODE, {"code": wrong_code(secret)})
    sign_in(client, worker_with_code.username)  # the password again: not a completed sign-in
    response = client.post(CODE, {"code": wrong_code(secret)})
    assert response.status_code == 403


def test_the_code_page_needs_a_pending_sign_in(client):
    assert client.get(CODE)["Location"] == "/logga-in/"


def test_a_pending_sign_in_expires(client, worker_with_code):
    sign_in(client, worker_with_code.username)
    session = client.session
    session[PENDING] = {**session[PENDING], "since": int(time.time()) - 301}
    session.save()
    response = client.post(CODE, {"code": code(worker_with_code.secret)})
    assert response["Location"] == "/logga-in/"
    assert not signed_in(client)


def test_basic_authentication_is_refused_for_a_user_with_a_second_factor(worker_with_code):
    api = APIClient()
    response = api.get("/api/reports/", HTTP_AUTHORIZATION=basic_auth(worker_with_code.username))
    assert response.status_code in (401, 403)
    entry = AuditEntry.objects.get(verb="sign_in_failed")
    assert entry.after["reason"] == "second_factor_required"


def test_turning_it_off_needs_the_password_and_a_code(client, worker_with_code):
    client.force_login(worker_with_code)
    response = client.post(ENROL, {"password": "pw", "code": wrong_code(worker_with_code.secret)})
    assert "Fel kod" in response.content.decode()
    assert TOTPDevice.objects.filter(user=worker_with_code).exists()

    response = client.post(ENROL, {"password": "pw", "code": code(worker_with_code.secret)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=worker_with_code).exists()
    assert AuditEntry.objects.filter(verb="two_factor_disabled").exists()
    client.logout()
    assert sign_in(client, worker_with_code.username)["Location"] == "/"
