"""The register's rows of the permission matrix: every page and endpoint whose id names
a matter or a measure × every role × own and other district.

tests/test_permission_matrix.py lists these views and endpoints (UI_OVERSIGHT_VIEWS,
API_OVERSIGHT) and leaves them to this table; a test below fails when a route exists
that the table lacks. Reading: a keeper of the register (supervisor, administrator)
reads the own district, an inspector every district, everyone else nothing. Writing:
a keeper, in the own district only; a valid body for another district's matter is
404 and changes nothing.
"""

import json

import pytest
from django.test import Client
from django.urls import get_resolver
from rest_framework.test import APIClient

from likvard.api.urls import register_router
from likvard.organisation.models import Role
from likvard.oversight.models import Measure
from tests import factories
from tests.snapshots import Unchanged

from .builders import today

pytestmark = pytest.mark.django_db

KEEPERS = {Role.SUPERVISOR, Role.ADMIN_STAFF}
READERS_OF_ALL = {Role.INSPECTOR}

#: Pages: path with {matter} or {measure}, whether it writes, a valid body.
UI = {
    "oversight:matter": ("/tillsyn/{matter}/", None),
    "oversight:edit": (
        "/tillsyn/{matter}/andra/",
        lambda: {"received_on": str(today()), "subject": "Ändrad rubrik"},
    ),
    "oversight:step": (
        "/tillsyn/{matter}/steg/send_oversight_statement/",
        lambda: {"day": str(today())},
    ),
    "oversight:add_measure": (
        "/tillsyn/{matter}/atgard/",
        lambda: {"description": "Rutin", "responsible": "Chef", "due_on": str(today())},
    ),
    "oversight:complete_measure": (
        "/tillsyn/atgard/{measure}/genomford/",
        lambda: {"done_on": str(today())},
    ),
}
#: Endpoints: (method, path, valid body or None).
API = [
    ("GET", "/api/oversight-matters/{matter}/", None),
    (
        "POST",
        "/api/oversight-matters/{matter}/steps/",
        lambda: {"step": "send_oversight_statement", "day": str(today())},
    ),
    (
        "POST",
        "/api/oversight-matters/{matter}/measures/",
        lambda: {"description": "Rutin", "responsible": "Chef", "due_on": str(today())},
    ),
    ("GET", "/api/oversight-measures/{measure}/", None),
    ("POST", "/api/oversight-measures/{measure}/complete/", lambda: {"done_on": str(today())}),
]
API_LISTS = ["/api/oversight-matters/", "/api/oversight-measures/"]


def test_the_tables_cover_every_route():
    names = {
        f"oversight:{name}"
        for name in get_resolver().namespace_dict["oversight"][1].reverse_dict
        if isinstance(name, str)
    }
    with_ids = {
        name
        for name in names
        if name
        not in {
            "oversight:matters",
            "oversight:register",
            "oversight:committee",
            "oversight:committee_csv",
        }
    }
    assert with_ids == set(UI)
    routed = {"/api/" + str(url.pattern).replace("<int:pk>", "{}") for url in register_router.urls}
    tabled = {path.replace("{matter}", "{}").replace("{measure}", "{}") for _m, path, _b in API}
    assert routed == tabled | set(API_LISTS)


def _user(role, district):
    central = role in (Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN)
    return factories.user(role, None if central else district)


def _targets(matter_a, matter_b):
    return {
        "own": {"matter": matter_a.pk, "measure": Measure.objects.get(matter=matter_a).pk},
        "other": {"matter": matter_b.pk, "measure": Measure.objects.get(matter=matter_b).pk},
    }


def _may_read(role, target):
    return role in READERS_OF_ALL or (role in KEEPERS and target == "own")


@pytest.mark.parametrize("role", list(Role))
def test_pages_by_role_and_district(district_a, matter_a, matter_b, role):
    web = Client()
    web.force_login(_user(role, district_a))
    for target, ids in _targets(matter_a, matter_b).items():
        for name, (path, body) in UI.items():
            url = path.format(**ids)
            if body is None:
                status = web.get(url).status_code
                assert status == (
                    200 if _may_read(role, target) else 403 if role not in KEEPERS else 404
                ), (name, role, target, status)
                continue
            with Unchanged() if not (role in KEEPERS and target == "own") else _Nothing():
                status = web.post(url, body()).status_code
            if role in KEEPERS:
                assert status == (302 if target == "own" else 404), (name, role, target, status)
            else:
                assert status == 403, (name, role, target, status)
    for url in ("/tillsyn/", "/tillsyn/nytt/"):
        status = web.get(url).status_code
        reads = role in KEEPERS or (role in READERS_OF_ALL and url == "/tillsyn/")
        assert status == (200 if reads else 403), (url, role, status)


@pytest.mark.parametrize("role", list(Role))
def test_endpoints_by_role_and_district(district_a, matter_a, matter_b, role):
    api = APIClient()
    api.force_authenticate(_user(role, district_a))
    for target, ids in _targets(matter_a, matter_b).items():
        for method, path, body in API:
            url = path.format(**ids)
            writes = body is not None
            own_write = writes and role in KEEPERS and target == "own"
            with _Nothing() if own_write else Unchanged():
                response = api.generic(
                    method,
                    url,
                    None if body is None else json.dumps(body()),
                    content_type="application/json",
                )
            status = response.status_code
            if not writes:
                expected = (
                    200
                    if _may_read(role, target)
                    else 403
                    if role not in KEEPERS and role not in READERS_OF_ALL
                    else 404
                )
            elif role in KEEPERS:
                expected = (200, 201) if target == "own" else 404
            else:
                expected = 403
            assert status in (expected if isinstance(expected, tuple) else (expected,)), (
                method,
                path,
                role,
                target,
                status,
            )
    for url in API_LISTS:
        response = api.get(url)
        readers = KEEPERS | READERS_OF_ALL
        assert response.status_code == (200 if role in readers else 403), (url, role)
        if role in KEEPERS:
            assert "9999-2025" not in response.content.decode()  # the other district's


class _Nothing:
    """No check: a keeper's write in the own district is meant to succeed."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
