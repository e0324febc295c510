"""The draw: the same seed over the same cases gives the same sample, on whichever
database the suite runs (SQLite by default, PostgreSQL with DATABASE_URL), and the
allocation spreads the sample as documented."""

import hashlib

import pytest
from django.db import connection

from likvard.core.errors import InvalidInput
from likvard.inspection import population, services
from likvard.inspection.models import Review
from likvard.inspection.sampling import (
    EmptyPopulation,
    SampleTooLarge,
    Stratum,
    Unit,
    allocate,
    draw,
)

from .conftest import setup

NAMES = {1: "Järva", 2: "Södermalm", 3: "Östermalm"}
#: 60 report numbers: Järva 30, Södermalm 15, Östermalm 15.
UNITS = [Unit(1000 + i, 1 + (i % 3 if i < 45 else 0)) for i in range(60)]
J, S, OST = (Stratum(pk, name) for pk, name in NAMES.items())


def test_a_recorded_draw_stays_the_same():
    """Recorded once from sha256("286:<number>"): any change of the rank, the order or
    the allocation shows here."""
    drawn = [u.report_id for u, _rank in draw(UNITS, NAMES, 286, "proportional", 12)]
    assert drawn == [1047, 1018, 1055, 1009, 1049, 1003, 1022, 1040, 1043, 1038, 1017, 1008]
    equal = [u.report_id for u, _rank in draw(UNITS, NAMES, 286, "equal", 9)]
    assert equal == [1047, 1018, 1055, 1022, 1040, 1043, 1038, 1017, 1008]


def test_the_draw_ignores_the_order_rows_come_in():
    forward = draw(UNITS, NAMES, 7, "proportional", 12)
    backward = draw(list(reversed(UNITS)), NAMES, 7, "proportional", 12)
    assert forward == backward
    assert forward != draw(UNITS, NAMES, 8, "proportional", 12)


def test_equal_allocation_shares_what_a_small_district_lacks():
    assert allocate({J: 30, S: 15, OST: 15}, "equal", 9) == {J: 3, S: 3, OST: 3}
    # 10 does not divide by 3: the extra one goes to the first district by name.
    assert allocate({J: 30, S: 15, OST: 15}, "equal", 10) == {J: 4, S: 3, OST: 3}
    # Östermalm has only 2: the rest is shared by the other two.
    assert allocate({J: 30, S: 15, OST: 2}, "equal", 12) == {J: 5, S: 5, OST: 2}


def test_proportional_allocation_is_largest_remainder():
    assert allocate({J: 30, S: 15, OST: 15}, "proportional", 12) == {J: 6, S: 3, OST: 3}
    # Quotas 10 * 10/18 = 5.56, 10 * 6/18 = 3.33, 10 * 2/18 = 1.11: 5 + 3 + 1, the seat left
    # to the largest fraction (Järva).
    assert allocate({J: 10, S: 6, OST: 2}, "proportional", 10) == {J: 6, S: 3, OST: 1}
    assert allocate({J: 50, S: 30, OST: 10}, "proportional", 10) == {J: 6, S: 3, OST: 1}
    # A tie of fractions (1.5 and 1.5) goes to the larger district, then by name.
    assert allocate({J: 3, S: 3, OST: 2}, "proportional", 4) == {J: 2, S: 1, OST: 1}


def test_all_takes_every_case_and_too_large_offers_it():
    assert allocate({J: 3, S: 2}, "all", None) == {J: 3, S: 2}
    with pytest.raises(SampleTooLarge) as refused:
        allocate({J: 3, S: 2}, "proportional", 6)
    assert refused.value.code == "sample_too_large"
    assert "5 ärenden" in str(refused.value.message)
    assert "Alla ärenden i urvalsramen" in str(refused.value.message)
    with pytest.raises(EmptyPopulation):
        allocate({}, "equal", 3)


def _expected(reports, seed, per_district: dict[int, int]) -> set[int]:
    """The draw computed here from the built reports, independently of the database."""
    by_district: dict[int, list] = {}
    for r in reports:
        key = hashlib.sha256(f"{seed}:{r.pk}".encode()).hexdigest()
        by_district.setdefault(r.district_id, []).append((key, r.pk))
    return {
        pk
        for district, ranked in by_district.items()
        for _key, pk in sorted(ranked)[: per_district[district]]
    }


def test_same_seed_same_cases_on_this_database(cases, inspector):
    """Runs on the suite's database: `pytest tests/inspection` (SQLite) and with
    DATABASE_URL=postgres://… (PostgreSQL) both hold it."""
    first = services.create_review(inspector, setup(seed=286))
    again = services.create_review(inspector, setup(seed=286, title="Omdragning"))
    other = services.create_review(inspector, setup(seed=287, title="Annat startvärde"))
    drawn = {
        r.pk: {c.report_id for c in services.draw_sample(inspector, r.pk)}
        for r in (first, again, other)
    }
    jarva, soder, oster = cases.districts
    # 14 cases in range: Järva 7, Södermalm 4, Östermalm 3 → 6 × 7/14, 4/14, 3/14 =
    # 3, 1.71, 1.29 → 3 + 1 + 1 and the seat left to Södermalm's .71.
    shares = {jarva.pk: 3, soder.pk: 2, oster.pk: 1}
    assert drawn[first.pk] == drawn[again.pk] == _expected(cases.in_range, 286, shares)
    assert drawn[other.pk] == _expected(cases.in_range, 287, shares)
    assert drawn[other.pk] != drawn[first.pk]
    assert connection.vendor in ("sqlite", "postgresql")


def test_the_child_s_age_and_the_period_bound_the_population(cases, inspector):
    review = services.create_review(inspector, setup())
    found = {u.report_id for u in population.units(inspector, review)}
    assert found == {r.pk for r in cases.in_range}  # the 13-year-old is outside 0–12
    review.age_max = None
    assert cases.teen.pk in {u.report_id for u in population.units(inspector, review)}
    # The cases are decided from 3 February 2025, one a day: a period ending on
    # 4 February holds those of the 3rd and the 4th in each district.
    review.period_end = review.period_start.replace(month=2, day=4)
    assert len(population.units(inspector, review)) == 2 * 3 + 1  # Järva's teen too


def test_reading_the_population_is_one_query(cases, inspector, django_assert_num_queries):
    review = services.create_review(inspector, setup())
    with django_assert_num_queries(1):
        population.units(inspector, review)


def test_a_sample_larger_than_the_population_is_refused_and_nothing_drawn(cases, inspector):
    review = services.create_review(inspector, setup(sample_size=15))
    with pytest.raises(SampleTooLarge) as refused:
        services.draw_sample(inspector, review.pk)
    assert "14 ärenden" in str(refused.value.message)
    review.refresh_from_db()
    assert review.frozen_at is None and not review.cases.exists()


def test_an_empty_period_is_refused_with_a_clear_message(cases, inspector):
    review = services.create_review(
        inspector,
        setup(
            period_start=setup()["period_start"].replace(year=2020),
            period_end=setup()["period_end"].replace(year=2020),
        ),
    )
    with pytest.raises(EmptyPopulation) as refused:
        services.draw_sample(inspector, review.pk)
    assert "inga ärenden" in str(refused.value.message)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period_end": setup()["period_start"].replace(year=2024)}, "period_end"),
        ({"age_min": 13, "age_max": 12}, "age_max"),
        ({"allocation": "equal", "sample_size": None}, "sample_size"),
    ],
)
def test_a_set_up_that_cannot_hold_is_refused(db, inspector, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        services.create_review(inspector, setup(**overrides))
    assert refused.value.field == field
    assert not Review.objects.exists()


def test_the_set_up_and_the_checklist_are_frozen_once_drawn(drawn, inspector):
    question = drawn.questions.first()
    for attempt in (
        lambda: services.update_review(inspector, drawn.pk, setup(seed=1)),
        lambda: services.add_question(inspector, drawn.pk, "ny_fraga", "En ny fråga?"),
        lambda: services.remove_question(inspector, drawn.pk, question.pk),
        lambda: services.draw_sample(inspector, drawn.pk),
    ):
        with pytest.raises(services.ReviewFrozen) as refused:
            attempt()
        assert refused.value.code == "review_frozen"
    drawn.refresh_from_db()
    assert drawn.seed == 286 and drawn.questions.count() == 10
