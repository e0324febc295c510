"""Closed pre-assessments in three districts, and the review helpers the tests share."""

import datetime
from types import SimpleNamespace

import pytest

from likvard.inspection import services
from likvard.organisation.models import Role
from tests import factories

from .builders import closed_pre_assessments


def setup(**overrides) -> dict:
    """A review's set-up as the form gives it: 2025, children 0–12, proportional."""
    values = {
        "title": "Förhandsbedömningar barn 0–12 år",
        "population": "pre_assessments_not_opened",
        "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 12, 31),
        "age_min": 0,
        "age_max": 12,
        "allocation": "proportional",
        "sample_size": 6,
        "seed": 286,
        "compare_with": None,
    }
    values.update(overrides)
    return values


@pytest.fixture
def cases(db):
    """Järva 8 cases (one child 13, outside 0–12), Södermalm 4, Östermalm 3."""
    names = ("Järva", "Södermalm", "Östermalm")
    districts = [factories.district(name) for name in names]
    workers = [factories.user(Role.INTAKE_WORKER, d) for d in districts]
    built = SimpleNamespace(districts=districts, workers=workers)
    built.jarva = closed_pre_assessments(districts[0], workers[0], 7, ages=(0, 6, 12))
    built.teen = closed_pre_assessments(districts[0], workers[0], 1, ages=(13,))[0]
    built.soder = closed_pre_assessments(districts[1], workers[1], 4, ages=(4,))
    built.oster = closed_pre_assessments(districts[2], workers[2], 3, ages=(9,))
    built.in_range = built.jarva + built.soder + built.oster
    return built


@pytest.fixture
def drawn(cases, inspector):
    """A review of the cases, its sample drawn (6 of 14, proportional)."""
    review = services.create_review(inspector, setup())
    services.draw_sample(inspector, review.pk)
    review.refresh_from_db()
    return review
