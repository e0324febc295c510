"""The cases a review draws from (its urvalsram), read through the owning apps'
selectors: one query of the few columns the draw needs, whatever the number of cases.

The period and the child's age are on the date of the event that closes the case for
the population: the decision not to open, the investigation's completion, the
intervention's decision (in Stockholm time). Ten years hold some 160,000 such cases,
so the loop over them is kept tight; the database already leaves out the children
born too early or too late to have an age in range at any time in the period.
"""

import datetime

from likvard.casework import selectors as casework_reads
from likvard.core.calendar import STOCKHOLM
from likvard.interventions import selectors as intervention_reads

from .models import Population
from .sampling import Unit


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def birth_range(review) -> tuple[datetime.date, datetime.date] | None:
    """Birth dates of children who can be of an age in range some day of the period."""
    if review.age_min is None and review.age_max is None:
        return None
    first = (
        _years_before(review.period_start, review.age_max + 1)
        if review.age_max is not None
        else datetime.date.min
    )
    last = _years_before(review.period_end, review.age_min or 0)
    return first, last


def _rows(user, review, district_ids, born):
    """(report, district, date, birth date[, investigation[, intervention]]) per case."""
    first, last = review.period_start, review.period_end
    if review.population == Population.PRE_ASSESSMENTS_NOT_OPENED:
        start = datetime.datetime.combine(first, datetime.time.min, STOCKHOLM)
        end = datetime.datetime.combine(
            last + datetime.timedelta(days=1), datetime.time.min, STOCKHOLM
        )
        return casework_reads.closed_not_opened(user, start, end, district_ids, born)
    if review.population == Population.INVESTIGATIONS:
        return casework_reads.completed_investigations(user, first, last, district_ids, born)
    return intervention_reads.decided_between(user, first, last, district_ids, born)


def units(user, review, district_ids=()) -> list[Unit]:
    """The population's cases, one per report (a report's first intervention stands for
    the report when several were decided in the period)."""
    born = birth_range(review)
    low = review.age_min or 0
    high = review.age_max if review.age_max is not None else 1000
    found: dict[int, Unit] = {}
    for report, district, on, birth, *ids in _rows(user, review, district_ids, born):
        if born is not None:
            # Whole years on the day (born 29 February: a year older on 1 March).
            age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
            if not low <= age <= high:
                continue
        kept = found.get(report)
        if kept is None or (ids and ids[-1] < (kept.intervention_id or 0)):
            found[report] = Unit(report, district, *ids)
    return list(found.values())
