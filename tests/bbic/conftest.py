"""An investigation in district A (two guardians recorded there), and its investigator."""

import pytest

from likvard.organisation.models import Role
from tests import factories

from .helpers import open_investigation


@pytest.fixture
def investigator_a(district_a):
    return factories.user(Role.INVESTIGATOR, district_a)


@pytest.fixture
def investigation(intake_a):
    return open_investigation(intake_a)


@pytest.fixture
def guardians(investigation):
    return [r.person for r in investigation.child.relations.order_by("person__first_name")]
