import uuid

import pytest

from likvard.intake.models import PostalCodeArea
from likvard.organisation.models import Role
from likvard.partners.models import Partner

from .. import factories

#: A postal code of district A (Järva) and one no district has.
POSTAL_A = "16440"
POSTAL_UNKNOWN = "99999"


@pytest.fixture
def postal_codes(district_a, district_b):
    PostalCodeArea.objects.create(postal_code=POSTAL_A, district=district_a)
    PostalCodeArea.objects.create(postal_code="11820", district=district_b)


@pytest.fixture
def school_b(district_b):
    return Partner.objects.create(
        name="Katarina skola", kind=Partner.Kind.SCHOOL_MUNICIPAL, district=district_b
    )


@pytest.fixture
def supervisor_a(district_a):
    return factories.user(Role.SUPERVISOR, district_a)


def answers(**overrides) -> dict:
    """A school's report about an unidentified child living at POSTAL_A, as posted."""
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "reporter_type": "school",
        "organisation_name": "Rinkebyskolan",
        "reporter_name": "Lärare Testsson",
        "reporter_phone": "08-123 456",
        "reporter_email": "larare@example.se",
        "wants_feedback": "on",
        "child_first_name": "Nora",
        "child_last_name": "Synthetisk",
        "child_age": "9",
        "child_school": "Rinkebyskolan",
        "child_address": "Testgatan 1",
        "child_postal_code": "164 40",
        "concerns": ["neglect", "school_absence"],
        "what_happened": "Barnet kommer hungrigt till skolan varje måndag.",
        "child_said": "Det finns ingen mat hemma.",
        "duration": "Sedan höstlovet",
        "child_knows": "no",
        "guardians_know": "unknown",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
