"""The public settings' URL set serves the e-service and nothing of the case system."""

import re
import uuid

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from likvard.settings import public

from .conftest import answers

PUBLIC = {
    "ROOT_URLCONF": public.ROOT_URLCONF,
    "MIDDLEWARE": public.MIDDLEWARE,
    "CSRF_FAILURE_VIEW": public.CSRF_FAILURE_VIEW,
}
SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


def staff_paths(patterns=None, prefix=""):
    """A concrete path for every named route of the main URL set (its parameters
    filled with sample values), and the route's name."""
    if patterns is None:
        patterns = get_resolver("likvard.urls").url_patterns
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # a regular expression (the API's catch-all): no path to fill
        route = re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], str(entry.pattern)
        )
        if isinstance(entry, URLResolver):
            yield from staff_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, "/" + prefix + route


STAFF = [
    (name, path)
    for name, path in staff_paths()
    if not path.startswith(("/e-tjanst/", "/sprak/")) and path != "/"
]


def test_the_walk_covers_the_case_system():
    names = {name for name, _ in STAFF}
    assert {"login", "queue", "report", "child", "api-docs", "central_queue"} <= names
    assert len(STAFF) > 100
    assert any(path.startswith("/admin/") for _, path in STAFF)
    assert "/api/intake/reports/" in {path for _, path in STAFF}


@pytest.mark.django_db
@override_settings(**PUBLIC)
@pytest.mark.parametrize(("name", "path"), STAFF, ids=[name for name, _ in STAFF])
def test_no_staff_url_is_served_by_the_public_url_set(name, path):
    client = Client()
    assert client.get(path).status_code == 404
    assert client.post(path, {}).status_code in {403, 404}  # 403: CSRF before routing


@pytest.mark.django_db
@override_settings(**PUBLIC)
def test_the_public_url_set_serves_the_form_and_receipt_without_sessions(postal_codes):
    client = Client()
    page = client.get("/")
    assert page.status_code == 200
    assert "sessionid" not in page.cookies
    assert not hasattr(page.wsgi_request, "user")  # no authentication middleware
    answer = client.post("/", answers())
    assert answer.status_code == 302 and answer["Location"].startswith("/kvitto/?k=")
    assert client.get(answer["Location"]).status_code == 200


def test_the_public_settings_name_no_case_database():
    assert "likvard.sqlite3" not in str(public.DATABASES["default"]["NAME"])
    assert "django.contrib.auth.middleware.AuthenticationMiddleware" not in public.MIDDLEWARE
    assert "django.contrib.sessions.middleware.SessionMiddleware" not in public.MIDDLEWARE


@pytest.mark.django_db
def test_the_sign_in_page_links_to_the_e_service():
    page = Client().get("/logga-in/")
    assert page.status_code == 200
    assert 'href="/e-tjanst/"' in page.content.decode()
