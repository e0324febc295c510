import pytest

from likvard.organisation.models import Role

from . import factories


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
