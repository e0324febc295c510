"""A keeper of the register in districts A and B, and a matter in each."""

import pytest

from likvard.organisation.models import Role
from tests import factories

from .builders import keeper, matter, with_measure


@pytest.fixture
def keeper_a(district_a):
    return keeper(district_a)


@pytest.fixture
def keeper_b(district_b):
    return keeper(district_b)


@pytest.fixture
def admin_a(district_a):
    return factories.user(Role.ADMIN_STAFF, district_a)


@pytest.fixture
def report_a(intake_a):
    return factories.report(intake_a, personal_number=factories.CHILD_NUMBERS[0])


@pytest.fixture
def matter_a(keeper_a, report_a):
    row = matter(keeper_a, cases=[("report", report_a.pk)])
    with_measure(keeper_a, row)
    return row


@pytest.fixture
def matter_b(keeper_b):
    row = matter(keeper_b, reference="9999-2025")
    with_measure(keeper_b, row)
    return row
