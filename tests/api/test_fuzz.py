"""Schemathesis against /api/schema/: generated requests never give a 5xx or break the schema.

For each role that reaches the API differently (an intake worker and a supervisor
who write in district A, an inspector who reads everything, an analyst who reads
no case), every operation of the schema gets generated requests through the WSGI
application, signed in by session (with a CSRF token, as a browser sends it), over
cases in the caller's district and in another. Each answer must be no server error,
have a status code, content type, headers and body the schema describes.

Deterministic (Hypothesis derandomized, no example database) and bounded:
LIKVARD_FUZZ_EXAMPLES examples per operation and role (default 12; raise it locally
to dig deeper).
"""

import os

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from likvard.organisation.models import Role
from tests import factories

from .helpers import build_case

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("LIKVARD_FUZZ_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
#: A CSRF secret for the session's browser: the cookie and the header must agree.
CSRF_TOKEN = "fuzz" * 8
SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app():
    """The Django application as a server runs it, inside the test's transaction.

    A request's start and end close "old" database connections; inside the test's
    transaction that would close the connection the data lives on (PostgreSQL). So
    each request runs with those handlers disconnected, as in Django's test client,
    which connects them again after each of its own requests.
    """
    django_app = WSGIHandler()
    handlers = (signals.request_started, signals.request_finished)

    def app(environ, start_response):
        for signal in handlers:
            signal.disconnect(close_old_connections)
        try:
            response = django_app(environ, start_response)
            try:
                return list(response)
            finally:
                response.close()  # sends request_finished
        finally:
            for signal in handlers:
                signal.connect(close_old_connections)

    return app


@pytest.fixture
def cases(intake_a, intake_b):
    """Cases at every stage in the caller's district (A) and in another (B)."""
    return (
        build_case(intake_a, factories.CHILD_NUMBERS[0]),
        build_case(intake_b, factories.CHILD_NUMBERS[1]),
    )


def _signed_in(user, wsgi_app):
    """The schema as `user` reads it, and the session cookies to send with each request."""
    client = Client()
    client.force_login(user)
    raw = client.get("/api/schema/", {"format": "json"}).json()
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = wsgi_app
    cookies = {
        django_settings.SESSION_COOKIE_NAME: client.cookies[
            django_settings.SESSION_COOKIE_NAME
        ].value,
        django_settings.CSRF_COOKIE_NAME: CSRF_TOKEN,
    }
    return schema, cookies


def _failures(schema, cookies, ids) -> list[str]:
    """Run every operation; collect what failed rather than stop at the first.

    A generated path id almost never names a row: most requests take the id of a
    real case object instead (any kind, in or out of the caller's scope).
    """
    headers = {"X-CSRFToken": CSRF_TOKEN}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @SETTINGS
        @given(case=operation.as_strategy(), real_id=st.none() | st.sampled_from(ids))
        def check(case, real_id):
            if real_id is not None and "id" in (case.path_parameters or {}):
                case.path_parameters["id"] = real_id
            response = case.call(cookies=cookies, headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            check()
        # Reported below, so that every operation runs. Schemathesis raises its check
        # failures as a BaseExceptionGroup.
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.label}: {exc}")
    return failures


@pytest.mark.parametrize(
    "role", [Role.INTAKE_WORKER, Role.SUPERVISOR, Role.INSPECTOR, Role.ANALYST]
)
def test_generated_requests_get_answers_the_schema_describes(wsgi_app, cases, district_a, role):
    central = role in (Role.INSPECTOR, Role.ANALYST)
    user = factories.user(role, None if central else district_a)
    schema, cookies = _signed_in(user, wsgi_app)
    ids = sorted({row.pk for case in cases for row in vars(case).values()})
    failures = _failures(schema, cookies, ids)
    assert not failures, "\n\n".join(failures)
