"""OpenID Connect: off unless configured; on, it signs in existing staff and creates no one."""

import importlib

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, clear_url_caches, reverse

import likvard.access.auth.urls
import likvard.urls
from likvard.access.auth.oidc import StaffOIDCBackend
from likvard.access.models import AuditEntry
from likvard.organisation.models import Role, User
from tests import factories

from .conftest import run_django, settings_values

pytestmark = pytest.mark.django_db

PROVIDER = "https://login.kommun.example/oauth2"
OIDC_ENV = {
    "LIKVARD_OIDC_RP_CLIENT_ID": "likvard",
    "LIKVARD_OIDC_RP_CLIENT_SECRET": "hemligt",
    "LIKVARD_OIDC_OP_AUTHORIZATION_ENDPOINT": f"{PROVIDER}/authorize",
    "LIKVARD_OIDC_OP_TOKEN_ENDPOINT": f"{PROVIDER}/token",
    "LIKVARD_OIDC_OP_USER_ENDPOINT": f"{PROVIDER}/userinfo",
    "LIKVARD_OIDC_OP_JWKS_ENDPOINT": f"{PROVIDER}/jwks",
}
OIDC_SETTINGS = {
    "LIKVARD_OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "likvard",
    "OIDC_RP_CLIENT_SECRET": "hemligt",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{PROVIDER}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{PROVIDER}/token",
    "OIDC_OP_USER_ENDPOINT": f"{PROVIDER}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{PROVIDER}/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USE_PKCE": True,
    "AUTHENTICATION_BACKENDS": [
        "likvard.access.auth.backends.LockoutModelBackend",
        "likvard.access.auth.oidc.StaffOIDCBackend",
    ],
}
NAMES = ("LIKVARD_OIDC_ENABLED", "AUTHENTICATION_BACKENDS", "INSTALLED_APPS")


def test_it_is_off_without_configuration(client):
    values = settings_values({}, *NAMES)
    assert values["LIKVARD_OIDC_ENABLED"] == "False"
    assert "StaffOIDCBackend" not in values["AUTHENTICATION_BACKENDS"]
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert "kommunens inloggning" not in client.get("/logga-in/").content.decode()


def test_it_is_on_with_the_provider_in_the_environment():
    values = settings_values(
        OIDC_ENV, *NAMES, "OIDC_RP_SIGN_ALGO", "OIDC_CREATE_USER", "OIDC_OP_TOKEN_ENDPOINT"
    )
    assert values["LIKVARD_OIDC_ENABLED"] == "True"
    assert "likvard.access.auth.oidc.StaffOIDCBackend" in values["AUTHENTICATION_BACKENDS"]
    assert "LockoutModelBackend" in values["AUTHENTICATION_BACKENDS"]  # local accounts remain
    assert "mozilla_django_oidc" in values["INSTALLED_APPS"]
    assert values["OIDC_RP_SIGN_ALGO"] == "'RS256'"
    assert values["OIDC_CREATE_USER"] == "False"
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == repr(f"{PROVIDER}/token")


def test_a_partial_configuration_refuses_to_start():
    partial = {k: v for k, v in OIDC_ENV.items() if "JWKS" not in k}
    result = run_django(
        {"DJANGO_SETTINGS_MODULE": "likvard.settings.base", **partial},
        "-c",
        "import django; django.setup()",
    )
    assert result.returncode != 0
    assert "LIKVARD_OIDC_OP_JWKS_ENDPOINT" in result.stderr


@pytest.fixture
def oidc_on(settings):
    """The URLs and the settings as with the provider configured."""
    for name, value in OIDC_SETTINGS.items():
        setattr(settings, name, value)

    def reload_urls():
        importlib.reload(likvard.access.auth.urls)
        importlib.reload(likvard.urls)
        clear_url_caches()

    reload_urls()
    yield
    settings.LIKVARD_OIDC_ENABLED = False
    reload_urls()


def test_the_sign_in_page_offers_the_municipal_sign_in(client, oidc_on):
    page = client.get("/logga-in/?next=/anmalan/ny/").content.decode()
    assert "Logga in med kommunens inloggning" in page
    assert 'href="/oidc/authenticate/?next=/anmalan/ny/"' in page

    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{PROVIDER}/authorize?")
    assert "code_challenge=" in response["Location"]


def test_a_failed_municipal_sign_in_is_explained(client, oidc_on):
    page = client.get("/logga-in/?oidc=fel").content.decode()
    assert "gick inte igenom" in page


@pytest.fixture
def backend():
    with override_settings(**OIDC_SETTINGS):
        backend = StaffOIDCBackend()
        backend.request = RequestFactory().get("/oidc/callback/")
        yield backend


@pytest.fixture
def anna(district_a):
    user = factories.user(Role.INVESTIGATOR, district_a, username="anna.utredare")
    user.email = "anna.utredare@kommun.example"
    user.save()
    return user


def test_an_existing_staff_member_is_matched_by_email(backend, anna):
    users = backend.filter_users_by_claims({"email": "Anna.Utredare@kommun.example"})
    assert list(users) == [anna]


def test_an_inactive_account_is_not_matched(backend, anna):
    anna.is_active = False
    anna.save()
    assert not backend.filter_users_by_claims({"email": anna.email}).exists()


def test_no_account_is_created_for_an_unknown_person(backend, anna, monkeypatch):
    claims = {"sub": "x1", "email": "okand@kommun.example", "email_verified": True}
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: claims)
    before = User.objects.count()

    assert backend.get_or_create_user("access", "id", {}) is None
    with pytest.raises(SuspiciousOperation):
        backend.create_user(claims)

    assert User.objects.count() == before
    entry = AuditEntry.objects.get(verb="sign_in_failed")
    assert entry.after["factor"] == "oidc" and entry.after["reason"] == "no_account"
    assert "okand@kommun.example" not in entry.actor_username


def test_a_known_person_signs_in(backend, anna, monkeypatch):
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: {"email": anna.email})
    assert backend.get_or_create_user("access", "id", {}) == anna


def test_an_unverified_email_is_refused(backend, anna, monkeypatch):
    claims = {"email": anna.email, "email_verified": False}
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: claims)
    assert backend.get_or_create_user("access", "id", {}) is None


def test_two_accounts_with_one_email_are_refused(backend, anna, monkeypatch, district_a):
    other = factories.user(Role.INTAKE_WORKER, district_a)
    other.email = anna.email.upper()
    other.save()
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: {"email": anna.email})
    assert backend.get_or_create_user("access", "id", {}) is None
    assert AuditEntry.objects.get(verb="sign_in_failed").after["reason"] == "several_accounts"


def test_the_match_can_be_on_the_username(backend, anna, settings):
    settings.LIKVARD_OIDC_MATCH_CLAIM = "preferred_username"
    assert list(backend.filter_users_by_claims({"preferred_username": anna.username})) == [anna]
    assert not backend.filter_users_by_claims({"email": anna.email}).exists()


def test_it_signs_in_only_on_the_callback(oidc_on, backend):
    request = RequestFactory().post("/logga-in/?code=x&state=y")
    assert backend.authenticate(request, username="anna", password="pw") is None
