"""CSP and the other security headers on every page; CSRF on every form."""

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.views import APIView

import likvard
from likvard.access.auth.headers import forbid_storing
from likvard.organisation.models import Role
from tests import factories
from tests.api.helpers import build_case

from .conftest import basic_auth, sign_in

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def assert_security_headers(response):
    assert response["Content-Security-Policy"] == CSP
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_sign_in_page_has_the_security_headers(client):
    assert_security_headers(client.get("/logga-in/"))


def test_a_signed_in_page_has_the_security_headers(client, worker):
    sign_in(client, worker.username)
    response = client.get("/arenden/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_api_has_the_security_headers(client, worker):
    client.force_login(worker)
    assert_security_headers(client.get("/api/reports/"))


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline script"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]
#: Templates no browser is served: the decision letter, the inspectors' report and the
#: feedback letter to a reporter (notices) are HTML only for WeasyPrint, which makes the
#: PDF; their page rules (A4, the footers) need a style element, and the CSP of the pages
#: does not apply to them.
KNOWN: set = {
    ("decision_letter.html", "style element"),
    ("report_pdf.html", "style element"),
    ("letter.html", "style element"),
}


def test_no_template_needs_inline_script_or_style():
    source = Path(likvard.__file__).parent
    found = set()
    for template in source.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if pattern.search(text):
                found.add((template.name, what))
    assert found == KNOWN


def test_the_sign_in_form_needs_the_csrf_token(worker):
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post("/logga-in/", {"username": worker.username, "password": "pw"}).status_code
        == 403
    )

    page = client.get("/logga-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    response = client.post(
        "/logga-in/",
        {"username": worker.username, "password": "pw", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def _views(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_is_exempt_from_csrf():
    """DRF marks its views exempt and checks CSRF itself for session-authenticated
    requests (the next test); every other view must go through the middleware."""
    exempt = [
        route
        for route, view in _views(get_resolver())
        if getattr(view, "csrf_exempt", False)
        and not issubclass(getattr(view, "cls", object), APIView)
    ]
    assert exempt == []


def test_the_api_checks_csrf_for_a_signed_in_browser(worker):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(worker)
    response = api.post("/api/reports/", {}, format="json")
    assert response.status_code == 403


def test_the_api_docs_run_under_the_csp(client, worker):
    """Swagger UI comes from drf-spectacular-sidecar and its start script is a file."""
    client.force_login(worker)  # the docs are for signed-in users (tests/api/test_schema)
    page = client.get("/api/docs/")
    text = page.content.decode()
    assert page["Content-Security-Policy"] == CSP
    assert "cdn.jsdelivr.net" not in text
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in text
    assert not INLINE[0][0].search(text), "the docs page has an inline script"
    script = re.search(r'<script src="([^"]*script=[^"]*)"', text)[1].replace("&amp;", "&")
    response = client.get(script)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in response.content


#: Which case object a route's id names, by the route's beginning (UI) or path (API).
_ID_KINDS = {
    "anmalan/": "report",
    "barn/": "child",
    "utredning/": "investigation",
    "/api/reports/": "report",
    "/api/children/": "child",
    "/api/pre-assessments/": "pre_assessment",
    "/api/decisions/": "decision",
    "/api/investigations/": "investigation",
    "/api/cosignature-requests/": "cosignature_request",
}
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def _with_ids(route: str, case, district) -> str:
    """The route with its parameters filled from the supervisor's own case."""
    kind = next((k for prefix, k in _ID_KINDS.items() if route.startswith(prefix)), "report")

    def value(match):
        name = match[1] or match[2]
        if name == "district_id":
            return str(district.pk)
        if name == "indicator":
            return "protection_same_day"
        return str(getattr(case, kind).pk)

    return _PARAMETER.sub(value, route)


def test_every_signed_in_answer_forbids_storing(district_a):
    """Case pages, API answers and the CSV exports must not stay in a browser's cache or
    a proxy (a shared computer at the office): every page of the URL configuration and
    every GET of the API schema, as a supervisor of the district that owns the case."""
    case = build_case(factories.user(Role.INTAKE_WORKER, district_a), factories.CHILD_NUMBERS[0])
    supervisor = factories.user(Role.SUPERVISOR, district_a)
    web = Client()
    web.force_login(supervisor)
    answered = {}
    for route, _view in _views(get_resolver()):
        if route.startswith(("admin/", "api/", "oidc/")) or route == "":
            continue
        url = "/" + _with_ids(route, case, district_a)
        response = web.get(url)
        answered[route] = response.status_code
        assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)
        assert response["Pragma"] == "no-cache", url
    # The pages that hold case data did answer with it (not a refusal that happens to
    # carry the header).
    for route in (
        "arenden/",
        "anmalan/<int:pk>/",
        "barn/<int:pk>/",
        "utredning/<int:pk>/",
        "logg/",
        "logg/export.csv",
        "kvalitet/export.csv",
        "kvalitet/<slug:indicator>/<int:district_id>/",
    ):
        assert answered[route] == 200, (route, answered[route])

    api = APIClient()
    api.force_authenticate(supervisor)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        response = api.get(_with_ids(path, case, district_a))
        assert "no-store" in response.get("Cache-Control", ""), (path, response.status_code)


def test_the_api_forbids_storing_with_basic_authentication(worker):
    """Basic authentication signs in inside DRF, after the middleware has looked."""
    response = APIClient().get("/api/reports/", HTTP_AUTHORIZATION=basic_auth(worker.username))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, "no-store"),
        ("max-age=3600", "no-store"),
        ("max-age=0, no-cache, no-store, must-revalidate, private", None),
    ],
    ids=["none", "cacheable", "already stricter"],
)
def test_a_view_cannot_make_a_signed_in_answer_cacheable(before, after):
    """A view that sets its own caching loses it, unless it already forbids storing."""
    response = HttpResponse()
    if before:
        response["Cache-Control"] = before
    forbid_storing(response)
    assert response["Cache-Control"] == (after or before)
    assert response["Pragma"] == "no-cache"
