"""Whose consent a voluntary proposal needs: the rule as data, judged on the decision date."""

import datetime

import pytest

from likvard.interventions.effects import (
    Guardian,
    age_on,
    child_may_consent_alone,
    consent_need,
)
from likvard.interventions.models import Kind

D = datetime.date
GIVEN, DECLINED = "given", "declined"
ANNA = Guardian(1, "Anna Ek", "joint")
BO = Guardian(2, "Bo Ek", "joint")
SOLE = Guardian(3, "Cecilia Lind", "sole")
APPOINTED = Guardian(4, "David Berg", "appointed")
TWELVE = D(2014, 3, 10)  # 12 on 2026-03-10


YOUNG, DAY = D(2018, 1, 1), D(2026, 3, 10)


def need(kind, guardians, answers, *, birth=YOUNG, on=DAY):
    return consent_need(kind, guardians, answers, birth_date=birth, on=on)


def test_joint_custody_needs_every_custodial_guardian():
    assert need(Kind.CONTACT_FAMILY, [ANNA, BO], {1: GIVEN}).missing == ("Bo Ek",)
    assert need(Kind.CONTACT_FAMILY, [ANNA, BO], {1: GIVEN, 2: DECLINED}).missing == ("Bo Ek",)
    assert need(Kind.CONTACT_FAMILY, [ANNA, BO], {1: GIVEN, 2: GIVEN}).satisfied


def test_sole_custody_needs_that_guardian_only():
    assert need(Kind.FAMILY_TREATMENT, [SOLE], {3: GIVEN}).satisfied
    assert need(Kind.FAMILY_TREATMENT, [SOLE], {}).missing == ("Cecilia Lind",)


def test_an_appointed_custodian_consents_instead_of_the_parents():
    result = need(Kind.CONTACT_FAMILY, [ANNA, BO, APPOINTED], {4: GIVEN})
    assert result.satisfied
    assert [g.name for g in result.required] == ["David Berg"]
    assert need(Kind.CONTACT_FAMILY, [ANNA, APPOINTED], {1: GIVEN}).missing == ("David Berg",)


def test_joint_custody_with_one_guardian_recorded_misses_the_other():
    """Joint custody is held by two: one consent never suffices (the other guardian's
    relation not recorded, or ended while the proposal waited)."""
    result = need(Kind.CONTACT_FAMILY, [ANNA], {1: GIVEN})
    assert result.missing == ("Den andra vårdnadshavaren med gemensam vårdnad är inte registrerad",)
    assert need(Kind.CONTACT_FAMILY, [SOLE], {3: GIVEN}).satisfied
    assert need(Kind.CONTACT_PERSON, [ANNA], {None: GIVEN}, birth=TWELVE).satisfied


def test_no_guardian_recorded_is_consent_missing():
    assert need(Kind.CONTACT_FAMILY, [], {}).missing == ("Ingen vårdnadshavare är registrerad",)


@pytest.mark.parametrize(
    "kind", [Kind.CONTACT_PERSON, Kind.QUALIFIED_CONTACT_PERSON, Kind.YOUTH_PROGRAMME]
)
def test_a_child_of_12_consents_alone_to_open_interventions_the_law_names(kind):
    result = need(kind, [ANNA, BO], {None: GIVEN, 1: DECLINED}, birth=TWELVE)
    assert result.satisfied and result.by_child_alone


@pytest.mark.parametrize(
    "kind",
    [Kind.CONTACT_FAMILY, Kind.FAMILY_TREATMENT, Kind.PARENTING_PROGRAMME, Kind.FAMILY_HOME],
)
def test_never_alone_to_a_contact_family_treatment_programme_or_placement(kind):
    result = need(kind, [ANNA, BO], {None: GIVEN}, birth=TWELVE)
    assert result.missing == ("Anna Ek", "Bo Ek")
    assert not result.child_may_alone


def test_age_is_counted_on_the_decision_date_a_child_turning_12_the_day_after_may_not():
    day_before = D(2026, 3, 9)
    assert age_on(TWELVE, day_before) == 11
    assert not child_may_consent_alone(Kind.CONTACT_PERSON, TWELVE, day_before)
    result = need(Kind.CONTACT_PERSON, [ANNA, BO], {None: GIVEN}, birth=TWELVE, on=day_before)
    assert result.missing == ("Anna Ek", "Bo Ek")
    assert child_may_consent_alone(Kind.CONTACT_PERSON, TWELVE, D(2026, 3, 10))


def test_before_july_2023_the_age_was_15():
    assert not child_may_consent_alone(Kind.CONTACT_PERSON, D(2010, 1, 1), D(2023, 6, 30))
    assert child_may_consent_alone(Kind.CONTACT_PERSON, D(2008, 1, 1), D(2023, 6, 30))
    assert child_may_consent_alone(Kind.CONTACT_PERSON, D(2010, 1, 1), D(2023, 7, 1))


def test_a_birthday_on_29_february_counts_from_1_march_in_other_years():
    assert age_on(D(2012, 2, 29), D(2024, 2, 28)) == 11
    assert age_on(D(2012, 2, 29), D(2024, 2, 29)) == 12
    assert age_on(D(2012, 2, 29), D(2025, 2, 28)) == 12
    assert age_on(D(2012, 2, 29), D(2025, 3, 1)) == 13
