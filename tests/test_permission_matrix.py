"""Every view and endpoint × every role × own district / other district / protected identity.

The list of views comes from the URL configuration and the list of endpoints from
the OpenAPI schema, so a new view or endpoint that is not in the registries below
fails the suite until someone says what it exposes, and is then checked for leaks.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from likvard.organisation.models import Role
from likvard.people.models import Guardian
from tests import factories
from tests.api.helpers import build_case, snapshot

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "Lönnvägen 13, 111 22 Stockholm"

#: Caseworker URL names whose `pk` names a case object, by kind.
UI_CASE_VIEWS = {
    **dict.fromkeys(
        (
            "casework:report",
            "casework:protection_assessment",
            "casework:child_conversation",
            "casework:police_consideration",
            "casework:decision",
            "casework:cosign",
            "casework:archive",
            "casework:feedback",
        ),
        "report",
    ),
    **dict.fromkeys(
        ("casework:child", "casework:reveal_contact", "access:request_access"), "child"
    ),
    **dict.fromkeys(
        (
            "casework:investigation",
            "casework:extend_investigation",
            "casework:complete_investigation",
        ),
        "investigation",
    ),
}
#: Views without a case id that still show case data: checked for leaks too.
UI_LIST_VIEWS = {
    "casework:queue",
    "casework:register_report",
    "casework:distribute",
    "access:log",
    "access:log_csv",
    "access:requests",
    "quality:dashboard",
    "quality:export_csv",
}
#: Views that show no case data (sign-in, the API's own description, the admin).
#: A POST-only answer to a request: its id names a request, not a case; the tests of
#: access grants check it.
UI_NO_CASE_DATA = {
    "access:decide_request",
    "login",
    "login_code",
    "logout",
    "two_factor",
    "api-schema",
    "api-docs",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
}
#: API path prefixes whose {id} names a case object, by kind.
API_KINDS = {
    "/api/reports/": "report",
    "/api/children/": "child",
    "/api/pre-assessments/": "pre_assessment",
    "/api/decisions/": "decision",
    "/api/investigations/": "investigation",
    "/api/cosignature-requests/": "cosignature_request",
}

READERS_OF_OWN = {
    Role.INTAKE_WORKER,
    Role.INVESTIGATOR,
    Role.INTERVENTION_WORKER,
    Role.SUPERVISOR,
    Role.ADMIN_STAFF,
    Role.INSPECTOR,
}
READERS_OF_ALL = {Role.INSPECTOR}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin" or str(entry.pattern).startswith("api/"):
                continue  # the admin has no case models; the API is checked by its schema
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


UI_VIEWS = sorted(set(_walk(get_resolver().url_patterns)))


def _api_operations():
    client = APIClient()
    client.force_authenticate(factories.user(Role.INSPECTOR))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    return sorted(
        (path, method.upper())
        for path, ops in schema["paths"].items()
        for method in ops
        if method in {"get", "post", "put", "patch", "delete"}
    )


@pytest.fixture
def world(district_a, district_b, intake_a, intake_b):
    own = build_case(intake_a, factories.CHILD_NUMBERS[0])
    other = build_case(intake_b, factories.CHILD_NUMBERS[1])
    for case, name in ((own, "Egensson"), (other, "Annansson")):
        case.child.last_name = name
        case.child.save(update_fields=["last_name"])
    protected = build_case(intake_a, factories.CHILD_NUMBERS[2])
    child = protected.child
    child.protected_identity, child.address = True, SECRET_ADDRESS
    child.save(update_fields=["protected_identity", "address"])
    Guardian.objects.create(
        first_name="Gun", last_name="Vakt", address=SECRET_ADDRESS, protected_identity=True
    ).children.add(child)
    return {"own": own, "other": other, "protected": protected}


def _user(role, district):
    central = role in (Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN)
    return factories.user(role, None if central else district)


def _secrets(case):
    child = case.child
    return [child.last_name, child.personal_number]


def _object(case, kind):
    return {
        "report": case.report,
        "child": case.child,
        "pre_assessment": case.pre_assessment,
        "decision": case.decision,
        "investigation": case.investigation,
        "cosignature_request": case.cosignature_request,
    }[kind]


#: Views whose id names a district (the cases behind a quality indicator there).
UI_DISTRICT_VIEWS = {"quality:cases": "/kvalitet/protection_same_day/{district}/"}


def test_every_view_is_in_a_registry():
    names = {name for name, _ in UI_VIEWS}
    unknown = names - set(UI_CASE_VIEWS) - UI_LIST_VIEWS - UI_NO_CASE_DATA - set(UI_DISTRICT_VIEWS)
    assert not unknown, f"views with no entry in the permission matrix: {unknown}"
    with_ids = {name for name, route in UI_VIEWS if "<" in route}
    registered = set(UI_CASE_VIEWS) | UI_NO_CASE_DATA | set(UI_DISTRICT_VIEWS)
    assert with_ids <= registered, with_ids - registered


@pytest.mark.parametrize("role", list(Role))
def test_district_views_list_cases_only_where_the_role_reads_them(
    world, district_a, district_b, role
):
    web = Client()
    web.force_login(_user(role, district_a))
    for name, template in UI_DISTRICT_VIEWS.items():
        for target, district in (("own", district_a), ("other", district_b)):
            response = web.get(template.format(district=district.pk))
            body = response.content.decode()
            may_list = role in READERS_OF_ALL or (role == Role.SUPERVISOR and target == "own")
            if may_list:
                assert response.status_code == 200, (name, role, target)
            else:
                assert response.status_code in (403, 404), (name, role, target)
            case = world["own"] if target == "own" else world["other"]
            if not may_list:
                for secret in _secrets(case):
                    assert secret not in body, (name, role, target)
            assert SECRET_ADDRESS not in body


def test_every_api_endpoint_is_in_a_registry(db):
    for path, _method in _api_operations():
        if path in ("/api/schema/", "/api/docs/"):
            continue
        assert any(path.startswith(prefix) for prefix in API_KINDS), path


@pytest.mark.parametrize("role", list(Role))
def test_caseworker_views_leak_nothing(world, district_a, role):
    user = _user(role, district_a)
    web = Client()
    web.force_login(user)
    for name, route in UI_VIEWS:
        if name in UI_CASE_VIEWS:
            kind = UI_CASE_VIEWS[name]
            for target, case in world.items():
                url = "/" + route.replace("<int:pk>", str(_object(case, kind).pk))
                before = snapshot()
                got = web.get(url)
                posted = web.post(url, {})
                body = got.content.decode() + posted.content.decode()
                assert snapshot() == before, (name, target)  # an empty POST changes nothing
                may_read = role in READERS_OF_ALL or (role in READERS_OF_OWN and target != "other")
                if may_read:
                    assert got.status_code in (200, 405), (name, role, target, got.status_code)
                else:
                    # A POST-only view answers GET with 405 whatever the id: no leak.
                    status = posted.status_code if got.status_code == 405 else got.status_code
                    assert status in (403, 404), (name, role, target, status)
                    for secret in _secrets(case):
                        assert secret not in body, (name, role, target)
                assert SECRET_ADDRESS not in body, (name, role, target)
        elif name in UI_LIST_VIEWS:
            body = web.get("/" + route).content.decode()
            assert SECRET_ADDRESS not in body, (name, role)
            if role not in READERS_OF_ALL:
                for secret in _secrets(world["other"]):
                    assert secret not in body, (name, role)


@pytest.mark.parametrize("role", list(Role))
def test_api_endpoints_leak_nothing(world, district_a, role):
    user = _user(role, district_a)
    api = APIClient()
    api.force_authenticate(user)
    for path, method in _api_operations():
        if path in ("/api/schema/", "/api/docs/"):
            continue
        kind = next(k for prefix, k in API_KINDS.items() if path.startswith(prefix))
        targets = world.items() if "{id}" in path else [("list", None)]
        for target, case in targets:
            url = path.replace("{id}", str(_object(case, kind).pk)) if case else path
            before = snapshot()
            response = api.generic(method, url, "{}", content_type="application/json")
            body = response.content.decode()
            assert snapshot() == before or (method == "POST" and response.status_code < 300), (
                path,
                role,
                target,
            )
            assert SECRET_ADDRESS not in body or path.endswith("protected-contact/"), (path, role)
            if target == "list":
                if role not in READERS_OF_ALL:
                    for secret in _secrets(world["other"]):
                        assert secret not in body, (path, role)
                continue
            may_read = role in READERS_OF_ALL or (role in READERS_OF_OWN and target != "other")
            if not may_read:
                assert response.status_code in (403, 404), (path, method, role, target)
                for secret in _secrets(case):
                    assert secret not in body, (path, role, target)
            elif method == "GET":
                assert response.status_code == 200, (path, role, target, body[:200])
