"""The cases a review draws from (its urvalsram), read through the owning apps'
selectors: one query of the few columns the draw needs, whatever the number of cases.

The period and the child's age are on the date of the event that closes the case for
the population: the decision not to open, the investigation's completion, the
intervention's decision (in Stockholm time).
"""

import datetime

from likvard.casework import selectors as casework_reads
from likvard.core.calendar import STOCKHOLM
from likvard.interventions import selectors as intervention_reads

from .models import Population
from .sampling import Unit


def age_on(birth: datetime.date | None, on: datetime.date) -> int | None:
    """Whole years on `on`; a child born on 29 February turns a year older on 1 March."""
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _within(review, birth, on) -> bool:
    if review.age_min is None and review.age_max is None:
        return True
    age = age_on(birth, on)
    if age is None:
        return False  # an age limit cannot be met by a child whose age is unknown
    low = review.age_min if review.age_min is not None else 0
    high = review.age_max if review.age_max is not None else age
    return low <= age <= high


def _rows(user, review, district_ids):
    """(report, district, date, birth date, investigation, intervention) per case."""
    first, last = review.period_start, review.period_end
    if review.population == Population.PRE_ASSESSMENTS_NOT_OPENED:
        start = datetime.datetime.combine(first, datetime.time.min, STOCKHOLM)
        end = datetime.datetime.combine(
            last + datetime.timedelta(days=1), datetime.time.min, STOCKHOLM
        )
        for report, district, on, birth in casework_reads.closed_not_opened(
            user, start, end, district_ids
        ):
            yield report, district, on, birth, None, None
    elif review.population == Population.INVESTIGATIONS:
        for report, district, on, birth, inv in casework_reads.completed_investigations(
            user, first, last, district_ids
        ):
            yield report, district, on, birth, inv, None
    else:
        yield from intervention_reads.decided_between(user, first, last, district_ids)


def units(user, review, district_ids=()) -> list[Unit]:
    """The population's cases, one per report (a report's first intervention stands for
    the report when several were decided in the period)."""
    found: dict[int, Unit] = {}
    for report, district, on, birth, investigation, intervention in _rows(
        user, review, district_ids
    ):
        if not _within(review, birth, on):
            continue
        unit = Unit(report, district, investigation, intervention)
        kept = found.get(report)
        if kept is None or (intervention or 0) < (kept.intervention_id or 0):
            found[report] = unit
    return list(found.values())
