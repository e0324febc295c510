"""Fixtures for the API tests: clients per role, supervisors, and a case in each district."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from likvard.core.calendar import local_date
from likvard.organisation.models import Role
from tests import factories

from .helpers import build_case


@pytest.fixture
def client_for():
    """An API client signed in as `user` (None: not signed in)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def today():
    return local_date(timezone.now())


@pytest.fixture
def case_a(intake_a):
    return build_case(intake_a, factories.CHILD_NUMBERS[0])


@pytest.fixture
def case_b(intake_b):
    return build_case(intake_b, factories.CHILD_NUMBERS[1])


@pytest.fixture
def supervisor_a(district_a):
    return factories.user(Role.SUPERVISOR, district_a)


@pytest.fixture
def supervisor_b(district_b):
    return factories.user(Role.SUPERVISOR, district_b)
