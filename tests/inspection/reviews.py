"""Reviews with known answers, written through the real services: the cases by the shared
builder, the review set up and drawn by `services`, the answers by the import's service
(one call for the whole sample, as a review made on paper arrives)."""

import random

from likvard.inspection import selectors, services
from likvard.organisation.models import Role
from tests import factories

from .builders import closed_pre_assessments
from .conftest import setup

#: Stockholm's districts (the city's review covered all of them).
STOCKHOLM = (
    "Bromma",
    "Enskede-Årsta-Vantör",
    "Farsta",
    "Hägersten-Älvsjö",
    "Hässelby-Vällingby",
    "Järva",
    "Kungsholmen",
    "Norra innerstaden",
    "Skarpnäck",
    "Skärholmen",
    "Södermalm",
)


def values(seed: int, total: int, **counts: int) -> list[str]:
    """`total` answers with exactly `counts` of each value, in a shuffled order."""
    assert sum(counts.values()) == total, counts
    answers = [value for value, n in counts.items() for _ in range(n)]
    random.Random(seed).shuffle(answers)
    return answers


def build_cases(per_district: dict[str, int]):
    """Closed pre-assessments (children 0–12) in each named district."""
    for name, count in per_district.items():
        district = factories.district(name)
        worker = factories.user(Role.INTAKE_WORKER, district)
        closed_pre_assessments(district, worker, count, ages=tuple(range(13)))


def answered_review(inspector, plan: dict[str, list[str]], **overrides):
    """A review of every case (allocation "all"), drawn, with the answers of `plan`:
    question key → one value per sampled case in the draw's order."""
    review = services.create_review(
        inspector, setup(allocation="all", sample_size=None, **overrides)
    )
    services.draw_sample(inspector, review.pk)
    questions = {q.key: q for q in selectors.questions(review)}
    cases = list(selectors.cases(review).order_by("district__name", "rank"))
    rows = [
        (case, [services.Given(questions[key], answers[i]) for key, answers in plan.items()])
        for i, case in enumerate(cases)
    ]
    services.import_answers(inspector, review.pk, rows)
    review.refresh_from_db()
    return review
