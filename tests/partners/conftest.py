import pytest

from likvard.organisation.models import Role
from likvard.partners.models import Kind, Partner
from tests import factories


@pytest.fixture
def supervisor_a(district_a):
    return factories.user(Role.SUPERVISOR, district_a)


@pytest.fixture
def supervisor_b(district_b):
    return factories.user(Role.SUPERVISOR, district_b)


@pytest.fixture
def school_a(district_a):
    return Partner.objects.create(
        name="Rinkebyskolan Syd", kind=Kind.SCHOOL_MUNICIPAL, district=district_a
    )


@pytest.fixture
def school_b(district_b):
    return Partner.objects.create(
        name="Fristående Skolan Söder",
        kind=Kind.SCHOOL_INDEPENDENT,
        district=district_b,
        organisation_number="556677-8899",
    )
