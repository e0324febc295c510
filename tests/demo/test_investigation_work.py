"""What the generated investigations hold: every district at plausible rates.

One year at a quarter of Stockholm's volume (a few hundred completed investigations per
district): about half end with a granted intervention, consent is missing in a minority
(more often for the youngest and where an interpreter is needed), districts differ in
how often they record motivation work where it is, and the BBIC rows are there.
"""

import datetime
from collections import Counter

import pytest
from django.db.models import Exists, F, OuterRef

from likvard.bbic.models import ConclusionRevision, InterpreterNeed, Meeting, MeetingKind
from likvard.casework.models import Investigation
from likvard.core.calendar import STOCKHOLM as TZ
from likvard.demo.generator import generate
from likvard.demo.municipalities import STOCKHOLM
from likvard.guidelines.models import DecisionPoint, RuleSetting
from likvard.guidelines.registry import rules_at
from likvard.interventions.models import (
    Consent,
    Intervention,
    LvuCare,
    LvuConsideration,
    LvuReconsideration,
    MotivationWork,
)
from likvard.interventions.selectors import consent_and_motivation

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 13, 30, tzinfo=TZ)


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def test_the_generated_investigations_hold_plausible_rates_in_every_district():
    """Built once (a quarter of the city's volume takes a while); each check below."""
    generate(STOCKHOLM, years=1, seed=3, scale=0.25, now=NOW)
    for check in CHECKS:
        check()


def completed():
    granted = Intervention.objects.filter(proposal__investigation=OuterRef("pk"), granted=True)
    declined = Consent.objects.filter(
        proposal__investigation=OuterRef("pk"),
        status__in=(Consent.Status.DECLINED, Consent.Status.NOT_REACHABLE),
    )
    return Investigation.objects.filter(completed_on__isnull=False).annotate(
        granted=Exists(granted), declined=Exists(declined)
    )


def by_district(rows, flag: str) -> dict[str, tuple[int, int]]:
    counts: Counter = Counter()
    totals: Counter = Counter()
    for district, value in rows.values_list("district__name", flag):
        totals[district] += 1
        counts[district] += bool(value)
    return {d: (counts[d], totals[d]) for d in totals}


def check_every_district_grants_an_intervention_in_40_to_60_percent():
    rates = by_district(completed(), "granted")
    assert len(rates) == 11
    assert all(total >= 80 for _granted, total in rates.values()), rates
    assert all(0.4 <= share(*counts) <= 0.6 for counts in rates.values()), rates


def check_consent_is_declined_or_not_reached_in_a_minority_in_every_district():
    rates = by_district(completed(), "declined")
    assert all(0.03 <= share(*counts) < 0.3 for counts in rates.values()), rates


def check_consent_is_missing_more_often_for_young_children_and_with_an_interpreter():
    rows = completed().filter(outcome=Investigation.Outcome.INTERVENTION)
    interpreter = InterpreterNeed.objects.filter(investigation=OuterRef("pk"))
    rows = rows.annotate(interpreter=Exists(interpreter)).values_list(
        "declined", "interpreter", "child__birth_date", "opened_on"
    )
    young, older, with_interpreter, without = [], [], [], []
    for declined, needs_interpreter, born, opened in rows:
        (young if (opened - born).days < 7 * 365 else older).append(declined)
        (with_interpreter if needs_interpreter else without).append(declined)
    assert share(sum(young), len(young)) > share(sum(older), len(older))
    assert share(sum(with_interpreter), len(with_interpreter)) > share(sum(without), len(without))


def check_districts_differ_in_motivation_work_where_consent_is_missing():
    rows = list(completed().values_list("pk", "district__name"))
    facts = consent_and_motivation([pk for pk, _ in rows], NOW.date())
    missing: Counter = Counter()
    worked: Counter = Counter()
    for pk, district in rows:
        consent_missing, motivation = facts[pk]
        missing[district] += consent_missing
        worked[district] += consent_missing and motivation
    rates = {d: share(worked[d], missing[d]) for d in missing if missing[d] >= 10}
    assert max(rates.values()) - min(rates.values()) >= 0.3, rates
    assert MotivationWork.objects.exists()


def check_lvu_is_considered_in_most_but_not_all_serious_cases_and_care_is_reconsidered_and_ends():
    considered = LvuConsideration.objects.count()
    assert considered > 0
    assert LvuCare.objects.exists()
    assert LvuCare.objects.filter(last_reconsidered_on__isnull=False).exists()
    # Most care ends within a few years; none is reconsidered after it ended.
    assert LvuCare.objects.filter(ended_on__isnull=False).exists()
    assert LvuCare.objects.filter(ended_on__isnull=True).exists()
    assert not LvuReconsideration.objects.filter(reconsidered_on__gt=F("care__ended_on")).exists()
    serious_without_consent = (
        completed()
        .filter(declined=True)
        .filter(
            Exists(
                ConclusionRevision.objects.filter(investigation=OuterRef("pk"), serious_need=True)
            )
        )
    )
    gap = serious_without_consent.exclude(
        Exists(LvuConsideration.objects.filter(investigation=OuterRef("pk")))
    )
    assert 0 < gap.count() < serious_without_consent.count() / 2


def check_the_child_is_heard_in_most_investigations_and_fewer_of_the_youngest():
    heard = Meeting.objects.filter(
        investigation=OuterRef("pk"), kind=MeetingKind.CHILD_CONVERSATION
    )
    rows = completed().annotate(heard=Exists(heard))
    ages = [
        ((o - b).days < 3 * 365, h)
        for o, b, h in rows.values_list("opened_on", "child__birth_date", "heard")
    ]
    infants = [h for young, h in ages if young]
    others = [h for young, h in ages if not young]
    assert share(sum(others), len(others)) > 0.7
    assert share(sum(infants), len(infants)) < 0.4


def check_the_closing_rules_are_in_force_from_the_day_the_demo_was_built():
    closing = {r.id for r in rules_at(DecisionPoint.INVESTIGATION_CLOSING)}
    starts = set(
        RuleSetting.objects.filter(rule_id__in=closing).values_list("in_force_from", flat=True)
    )
    assert starts == {NOW.date()}


CHECKS = (
    check_every_district_grants_an_intervention_in_40_to_60_percent,
    check_consent_is_declined_or_not_reached_in_a_minority_in_every_district,
    check_consent_is_missing_more_often_for_young_children_and_with_an_interpreter,
    check_districts_differ_in_motivation_work_where_consent_is_missing,
    check_lvu_is_considered_in_most_but_not_all_serious_cases_and_care_is_reconsidered_and_ends,
    check_the_child_is_heard_in_most_investigations_and_fewer_of_the_youngest,
    check_the_closing_rules_are_in_force_from_the_day_the_demo_was_built,
)
