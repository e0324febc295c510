import pytest

from likvard.organisation.models import Role
from tests import factories


@pytest.fixture
def admin_a(district_a):
    return factories.user(Role.ADMIN_STAFF, district_a)


@pytest.fixture
def admin_b(district_b):
    return factories.user(Role.ADMIN_STAFF, district_b)
