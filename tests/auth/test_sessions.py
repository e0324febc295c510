"""Sessions end after 30 idle minutes, when the browser closes, and 10 hours after sign-in."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from likvard.access.auth.sessions import RENEWED_AT, SIGNED_IN_AT

from .conftest import settings_values, sign_in, signed_in

pytestmark = pytest.mark.django_db


def test_the_idle_timeout_is_the_session_age():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.LIKVARD_SESSION_MAX_HOURS == 10


def test_the_limits_come_from_the_environment():
    values = settings_values(
        {"LIKVARD_IDLE_MINUTES": "15", "LIKVARD_SESSION_MAX_HOURS": "8"},
        "SESSION_COOKIE_AGE",
        "LIKVARD_SESSION_MAX_HOURS",
    )
    assert values == {"SESSION_COOKIE_AGE": "900", "LIKVARD_SESSION_MAX_HOURS": "8"}


def _stored(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _idle_for(client, minutes: int) -> None:
    """Make the stored session look as if its last request was `minutes` ago."""
    session = client.session
    session[RENEWED_AT] = int(time.time()) - minutes * 60
    session.save()
    stored = _stored(client)
    stored.expire_date = timezone.now() + datetime.timedelta(minutes=30 - minutes)
    stored.save()


def test_a_request_pushes_the_end_of_the_session_forward(client, worker):
    sign_in(client, worker.username)
    _idle_for(client, 29)

    assert client.get("/arenden/").status_code == 200
    left = _stored(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_requests_within_a_minute_do_not_write_the_session_again(client, worker):
    sign_in(client, worker.username)
    _idle_for(client, 0)
    before = _stored(client).expire_date

    assert client.get("/arenden/").status_code == 200
    assert client.get("/arenden/").status_code == 200
    assert _stored(client).expire_date == before  # no write: the page cost no session save

    _idle_for(client, 1)
    idle_end = _stored(client).expire_date
    assert client.get("/arenden/").status_code == 200
    assert _stored(client).expire_date - idle_end > datetime.timedelta(seconds=55)


def test_a_session_idle_longer_than_the_timeout_is_signed_out(client, worker):
    sign_in(client, worker.username)
    session = _stored(client)
    session.expire_date = timezone.now() - datetime.timedelta(seconds=1)
    session.save()

    response = client.get("/arenden/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_the_session_cookie_ends_with_the_browser(client, worker):
    response = sign_in(client, worker.username)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]


def test_a_busy_session_still_ends_ten_hours_after_sign_in(client, worker):
    sign_in(client, worker.username)
    assert client.get("/arenden/").status_code == 200
    session = client.session
    assert abs(session[SIGNED_IN_AT] - time.time()) < 60
    session[SIGNED_IN_AT] = int(time.time()) - 10 * 3600 - 1
    session.save()

    response = client.get("/arenden/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")
    assert not signed_in(client)
