"""A web request's statement is cancelled after LIKVARD_STATEMENT_TIMEOUT_MS (PostgreSQL),
and the user gets a clear answer, not a hanging request or a bare 500."""

import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from likvard.database import apply_statement_timeout
from likvard.organisation.models import Role
from likvard.urls import urlpatterns as real_urlpatterns
from tests import factories

SLEEP_SECONDS = 5


def _sleep():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [SLEEP_SECONDS])


def slow_page(request):
    _sleep()
    return HttpResponse("klar")


class SlowEndpoint(APIView):
    def get(self, request):
        _sleep()
        return Response({"done": True})


#: This module is the URL configuration of its tests: the real one and two slow views.
urlpatterns = [
    path("langsam/", slow_page),
    path("api/langsam/", SlowEndpoint.as_view()),
    *real_urlpatterns,
]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.urls(__name__),
    # No test transaction around the request: a cancelled statement aborts the
    # transaction it runs in, as it would in production (autocommit).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _no_limit():
    with override_settings(LIKVARD_STATEMENT_TIMEOUT_MS=0):
        apply_statement_timeout()


@pytest.fixture(autouse=True)
def postgres_only():
    """PostgreSQL only; and no limit left on the shared connection afterwards, which
    the flush after the test (a long TRUNCATE) would inherit from the test's requests."""
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's; SQLite has no such limit")
    yield
    _no_limit()


@pytest.fixture
def short_timeout(settings):
    settings.LIKVARD_STATEMENT_TIMEOUT_MS = 300


@pytest.fixture
def worker(district_a):
    return factories.user(Role.INTAKE_WORKER, district_a)


def test_a_slow_api_request_is_cancelled_with_a_json_error(client, worker, short_timeout):
    client.force_login(worker)
    started = time.monotonic()
    response = client.get("/api/langsam/")
    assert time.monotonic() - started < SLEEP_SECONDS - 1
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "timeout"
    assert response["Retry-After"] == "30"
    # The connection is usable again for the next request.
    assert client.get("/api/reports/").status_code == 200


def test_a_slow_page_is_cancelled_with_a_swedish_page(client, worker, short_timeout):
    client.force_login(worker)
    started = time.monotonic()
    response = client.get("/langsam/")
    assert time.monotonic() - started < SLEEP_SECONDS - 1
    assert response.status_code == 503
    assert "Frågan tog för lång tid och avbröts" in response.content.decode()


def test_zero_turns_the_limit_off(client, worker, settings):
    settings.LIKVARD_STATEMENT_TIMEOUT_MS = 0
    client.force_login(worker)
    _no_limit()
    client.get("/api/reports/")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_a_connection_outside_a_request_has_no_limit(client, worker):
    """Management commands (migrate, demo, quality_rollup --rebuild) run long statements:
    the limit comes with a web request, not with the connection."""
    client.force_login(worker)
    client.get("/api/reports/")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_the_limit_is_set_once_per_connection(client, worker):
    """A kept-alive connection keeps its limit: later requests do not set it again, and
    a new connection gets it with its first request."""
    from django.test.utils import CaptureQueriesContext

    client.force_login(worker)

    def settings_made() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/reports/").status_code == 200
        return sum("set_config('statement_timeout'" in q["sql"] for q in captured)

    settings_made()
    assert settings_made() == 0
    connection.close()
    assert settings_made() == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"
