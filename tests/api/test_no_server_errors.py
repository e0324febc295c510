"""No input makes a 500: OPTIONS on every endpoint, and ids no row can have.

The routes are read from the URL configuration, the caseworker pages' and the
API's alike (an id in a path reaches both the same way), so a new route is
covered without being listed here.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from likvard.access.models import AuditEntry
from likvard.access.scoping import readable_district_id
from likvard.core.validation import MAX_ID
from likvard.organisation.models import Role
from likvard.oversight.selectors import may_read_register
from tests import factories

from .helpers import build_case

pytestmark = pytest.mark.django_db

#: `<converter:name>` in a route.
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
#: A real value for each non-id parameter, so that only the id is wrong.
OTHER_PARAMETERS = {"indicator": "protection_same_day", "verb": "send_oversight_statement"}
#: A valid form for pages that check the form before the id (elsewhere an empty one).
VALID_FORMS = {"/atkomst/<int:pk>/": {"decision": "grant", "days": 7}}

#: Path ids no row can have, as a client may send them; none may give a 500.
OUT_OF_RANGE = [MAX_ID + 1, 2**64, 10**30]
UNROUTABLE = ["-1", "١٢", "１２", "1e3"]  # negative, Arabic-Indic and full-width digits


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":  # the admin's ids are its own (and staff-only)
                yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and not str(entry.pattern).startswith("^"):
            yield "/" + prefix + str(entry.pattern)


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))
ID_ROUTES = [route for route in ROUTES if "<int:" in route]
API_ROUTES = [route for route in ROUTES if route.startswith("/api/")]


def _path(route: str, id_value) -> str:
    def value(match):
        converter, name = match.groups()
        return str(id_value) if converter == "int" else OTHER_PARAMETERS[name]

    return PARAMETER.sub(value, route)


def _user(role, district):
    central = role in (Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN)
    return factories.user(role, None if central else district)


def test_the_routes_are_found():
    assert "/anmalan/<int:pk>/" in ID_ROUTES
    assert "/kvalitet/<slug:indicator>/<int:district_id>/" in ID_ROUTES
    assert "/api/reports/<int:pk>/protection-assessment/" in ID_ROUTES
    assert "/api/investigations/<int:pk>/complete/" in ID_ROUTES


@pytest.mark.parametrize("role", list(Role))
def test_options_answers_every_api_route_for_every_role(
    district_a, intake_a, intake_b, role, client_for
):
    """Own and other districts' ids alike: OPTIONS looks nothing up, so it tells nothing."""
    own, other = (
        build_case(intake_a, factories.CHILD_NUMBERS[0]),
        build_case(intake_b, factories.CHILD_NUMBERS[1]),
    )
    user = _user(role, district_a)
    api = client_for()
    api.force_login(user)  # the docs page is for signed-in users (a session), not the API's
    api.raise_request_exception = False
    reads_cases = readable_district_id(user) is not False
    for route in API_ROUTES:
        for case in (own, other):
            path = _path(route, case.report.pk)
            response = api.options(path)
            if route.endswith(("/cosign/", "/return-decision/")):
                expected = 200 if reads_cases and user.holds("cosign_decisions") else 403
            elif route == "/api/schema/":
                expected = 200  # for every signed-in user: see test_schema
            elif route == "/api/docs/":
                expected = 405  # an HTML page: no metadata to describe
            elif route == "/api/intake/reports/":
                expected = 401  # its own credential, never a staff session (tests/intake)
            elif route.startswith(("/api/oversight-matters/", "/api/oversight-measures/")):
                # Not case data: the register's readers (tests/oversight/test_matrix.py).
                expected = 200 if may_read_register(user) else 403
            else:
                expected = 200 if reads_cases else 403
            assert response.status_code == expected, (path, role, response.content[:200])
            if expected == 200 and route != "/api/schema/":
                assert response.json()["schema"] == "/api/schema/"
                assert "POST" in response["Allow"] or "GET" in response["Allow"]


@pytest.mark.parametrize("role", [Role.INTAKE_WORKER, Role.SUPERVISOR, Role.INSPECTOR])
def test_options_on_every_page_is_no_server_error(district_a, intake_a, role):
    case = build_case(intake_a, factories.CHILD_NUMBERS[0])
    web = Client(raise_request_exception=False)
    web.force_login(_user(role, district_a))
    for route in ROUTES:
        if route.startswith("/api/"):
            continue
        response = web.options(_path(route, case.report.pk))
        assert response.status_code < 500, (route, role)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.INSPECTOR, Role.ANALYST])
@pytest.mark.parametrize("route", ID_ROUTES)
def test_an_id_out_of_the_databases_range_is_not_found(district_a, role, route):
    web = Client(raise_request_exception=False)
    web.force_login(_user(role, district_a))
    form = VALID_FORMS.get(route, {})
    for id_value in [*OUT_OF_RANGE, f"00{MAX_ID + 1}", *UNROUTABLE]:
        path = _path(route, id_value)
        for method in (web.get, web.post):
            if route.startswith("/api/"):
                response = method(path, form, content_type="application/json")
            else:
                response = method(path, form)
            # Refused by role first (403), or by method (405): neither looked the id up.
            assert response.status_code in (403, 404, 405), (path, method, response.status_code)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/anmalan/{}/"),
        ("post", "/utredning/{}/avsluta/"),
        ("get", "/api/reports/{}/"),
        ("post", "/api/investigations/{}/complete/"),
    ],
)
def test_a_refused_id_out_of_range_is_logged_without_its_object_id(
    district_a, intake_a, method, path
):
    web = Client(raise_request_exception=False)
    web.force_login(intake_a)
    response = getattr(web, method)(path.format(2**64), {}, content_type="application/json")
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert entry.object_id is None
    assert entry.reason == f"id utanför databasens intervall: {2**64}"
    assert entry.actor_id == intake_a.pk


def test_a_very_long_id_is_logged_shortened(district_a, intake_a):
    web = Client(raise_request_exception=False)
    web.force_login(intake_a)
    assert web.get(f"/barn/{10**100}/").status_code == 404
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert (entry.object_type, entry.object_id) == ("people.child", None)
    assert entry.reason == "id utanför databasens intervall: 1" + "0" * 39 + "… (101 siffror)"


def test_the_largest_possible_id_is_looked_up_and_logged_as_usual(district_a, intake_a):
    assert Client().get(f"/api/reports/{MAX_ID}/").status_code == 403  # not signed in
    web = Client(raise_request_exception=False)
    web.force_login(intake_a)
    assert web.get(f"/api/reports/{MAX_ID}/").status_code == 404
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert (entry.object_id, entry.reason) == (MAX_ID, "")
