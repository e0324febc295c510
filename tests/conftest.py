import pytest
from django.test import Client

from likvard.organisation.models import Role, User

from . import factories


@pytest.fixture(autouse=True)
def empty_process_cache():
    """Each test starts with an empty process cache: what one test's data put there (the
    e-service's partner list) must not answer for another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    """Documents written by a test lie in its own directory, never under var/."""
    settings.LIKVARD_DOCUMENT_ROOT = tmp_path / "documents"
    return settings.LIKVARD_DOCUMENT_ROOT


@pytest.fixture
def district_a(db):
    return factories.district("Järva")


@pytest.fixture
def district_b(db):
    return factories.district("Södermalm")


@pytest.fixture
def intake_a(district_a):
    return factories.user(Role.INTAKE_WORKER, district_a)


@pytest.fixture
def intake_b(district_b):
    return factories.user(Role.INTAKE_WORKER, district_b)


@pytest.fixture
def inspector(db):
    return factories.user(Role.INSPECTOR)


@pytest.fixture
def analyst(db):
    return factories.user(Role.ANALYST)


@pytest.fixture
def system_admin(db):
    return User.objects.create_superuser("sysadmin", password="pw", role=Role.SYSTEM_ADMIN)


@pytest.fixture
def admin_client(system_admin):
    """The Django admin, signed in as a system admin (superuser)."""
    client = Client()
    client.force_login(system_admin)
    return client
