"""Five failed sign-ins for a username within 15 minutes lock it for 15 minutes."""

import datetime
import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from likvard.access.auth import lockout
from likvard.access.models import AuditEntry, LoginAttempt

from .conftest import basic_auth, sign_in, signed_in

pytestmark = pytest.mark.django_db

LOCKED = "För många misslyckade inloggningar. Försök igen om 15 minuter."


def fail(client, username, times, password="fel-lösenord-hemligt"):
    for _ in range(times):
        response = sign_in(client, username, password)
        assert response.status_code == 200
        assert not signed_in(client)
    return response


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, worker):
    fail(client, worker.username, 4)
    response = fail(client, worker.username, 1)
    assert LOCKED in response.content.decode()  # the fifth failure already says so

    response = sign_in(client, worker.username, "pw")
    assert response.status_code == 200
    assert not signed_in(client)
    assert LOCKED in response.content.decode()


def test_the_lock_ends_when_the_period_has_passed(client, worker):
    fail(client, worker.username, 5)
    assert lockout.locked_until(worker.username) is not None

    for attempt in LoginAttempt.objects.all():
        attempt.at -= datetime.timedelta(minutes=15, seconds=1)
        attempt.save()

    assert lockout.locked_until(worker.username) is None
    response = sign_in(client, worker.username, "pw")
    assert response.status_code == 302
    assert signed_in(client)


def test_the_message_counts_down_the_minutes_left(client, worker):
    fail(client, worker.username, 5)
    for attempt in LoginAttempt.objects.all():
        attempt.at -= datetime.timedelta(minutes=14)
        attempt.save()
    response = sign_in(client, worker.username, "pw")
    assert "Försök igen om 1 minut." in response.content.decode()


def test_a_success_resets_the_count(client, worker):
    fail(client, worker.username, 4)
    assert sign_in(client, worker.username, "pw").status_code == 302
    client.logout()
    fail(client, worker.username, 4)
    assert sign_in(client, worker.username, "pw").status_code == 302


def test_failures_spread_over_more_than_the_window_do_not_lock(client, worker):
    fail(client, worker.username, 4)
    for attempt in LoginAttempt.objects.all():
        attempt.at -= datetime.timedelta(minutes=16)
        attempt.save()
    fail(client, worker.username, 1)
    assert sign_in(client, worker.username, "pw").status_code == 302


def test_the_username_is_counted_whatever_its_case(client, worker):
    fail(client, worker.username.upper(), 5)
    assert LOCKED in sign_in(client, worker.username, "pw").content.decode()


def test_other_usernames_are_not_locked(client, worker, intake_b):
    fail(client, worker.username, 5)
    assert sign_in(client, intake_b.username, "pw").status_code == 302


@override_settings(LIKVARD_LOCKOUT_ATTEMPTS=2, LIKVARD_LOCKOUT_MINUTES=60)
def test_the_number_and_the_minutes_are_settings(client, worker):
    fail(client, worker.username, 2)
    response = sign_in(client, worker.username, "pw")
    assert "Försök igen om 60 minuter." in response.content.decode()


def test_failures_and_the_lock_are_in_the_audit_log_without_the_password(client, worker):
    secret = "Sommar2026!hemligt"
    fail(client, worker.username, 5, password=secret)
    sign_in(client, worker.username, "pw")

    entries = list(AuditEntry.objects.filter(action=AuditEntry.Action.DENIED).order_by("id"))
    assert [e.verb for e in entries] == ["sign_in_failed"] * 5 + ["sign_in_locked"]
    for entry in entries:
        assert entry.actor_id == worker.pk
        assert entry.actor_username == worker.username
        assert entry.channel == "ui"
        assert entry.after["factor"] == "password"
        assert entry.after["ip"] == "127.0.0.1"
        text = json.dumps([entry.before, entry.after, entry.reason], ensure_ascii=False)
        assert secret not in text
    assert "locked_until" in entries[-1].after


def test_an_unknown_username_is_logged_as_a_hash(client, worker):
    typed = "Sommar2026!"  # somebody's password typed in the username field
    sign_in(client, typed, "x")
    entry = AuditEntry.objects.get(verb="sign_in_failed")
    assert entry.actor_id is None
    assert entry.actor_username.startswith("okänt:")
    assert typed.lower() not in entry.actor_username.lower()
    assert LoginAttempt.objects.get().username == typed.casefold()


def test_the_api_basic_authentication_counts_and_obeys_the_lock(worker):
    api = APIClient()
    for _ in range(5):
        response = api.get("/api/reports/", HTTP_AUTHORIZATION=basic_auth(worker.username, "x"))
        assert response.status_code in (401, 403)
    assert lockout.locked_until(worker.username) is not None

    response = api.get("/api/reports/", HTTP_AUTHORIZATION=basic_auth(worker.username, "pw"))
    assert response.status_code in (401, 403)
    locked = AuditEntry.objects.filter(verb="sign_in_locked").get()
    assert locked.channel == "api"


def test_the_api_basic_authentication_works_when_not_locked(worker):
    api = APIClient()
    response = api.get("/api/reports/", HTTP_AUTHORIZATION=basic_auth(worker.username))
    assert response.status_code == 200


def test_the_admin_signs_in_through_the_same_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/admin/"


def test_old_attempts_are_pruned(client, worker):
    fail(client, worker.username, 1)
    LoginAttempt.objects.update(at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    fail(client, "någon.annan", 1)
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == ["någon.annan"]
