"""An ongoing investigation in district A with a child's two guardians (joint custody)."""

from types import SimpleNamespace

import pytest

from likvard.organisation.models import Role
from tests import factories

from .builders import guardian, investigation_for


@pytest.fixture
def investigator_a(district_a):
    return factories.user(Role.INVESTIGATOR, district_a)


@pytest.fixture
def supervisor_a(district_a):
    """Holds the delegation `decide_interventions` (the supervisor's by default)."""
    return factories.user(Role.SUPERVISOR, district_a)


@pytest.fixture
def inv(intake_a, district_a):
    """An ongoing investigation about a child born 2015-09-16, two guardians (joint custody)."""
    investigation = investigation_for(intake_a)
    child = investigation.child
    return SimpleNamespace(
        investigation=investigation,
        child=child,
        anna=guardian(child, district_a, "Anna"),
        bo=guardian(child, district_a, "Bo"),
    )


@pytest.fixture
def today():
    from .builders import today as stockholm_today

    return stockholm_today()
