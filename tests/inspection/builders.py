"""Closed pre-assessments (decision "not open") for a review to draw from.

Built on the quality tests' builder (`tests/quality/builders.report`): every row is
computed by the effect function its service uses, at fixed moments, so a review's
period, the children's ages on the decision day and the facts that pre-fill the
checklist (conversation held, police consideration, feedback, an earlier report) are
known exactly.
"""

import datetime
import itertools

from likvard.casework.models import Decision
from likvard.people.models import Child
from tests.quality.builders import at
from tests.quality.builders import report as quality_report

#: The first day of the default period a builder's cases are decided in.
FIRST_DAY = datetime.date(2025, 2, 3)

_numbers = itertools.count(1)


def child_aged(age: int, on: datetime.date) -> Child:
    """A child exactly `age` whole years old on `on` (born 10 days after the date
    `age` + 1 years before, so the age holds across the few days of a case)."""
    born = on.replace(year=on.year - age - 1) + datetime.timedelta(days=10)
    return Child.objects.create(
        reserve_number=f"INSP-{next(_numbers)}",
        first_name="Granskad",
        last_name=f"Barnsson {next(_numbers)}",
        birth_date=born,
    )


def closed_pre_assessment(district, worker, decided_on: datetime.date, *, age=6, kid=None, **steps):
    """One report received three days before `decided_on`, assessed the same day and
    closed "not open" at 14:00 on `decided_on` (within the 14 days); `steps` go to the
    quality builder (conversations, police, feedback_on, concerns, wants_feedback...)."""
    received = decided_on - datetime.timedelta(days=3)
    return quality_report(
        district,
        worker,
        kid or child_aged(age, decided_on),
        at(received.year, received.month, received.day),
        assessed=at(received.year, received.month, received.day, 11),
        decided=at(decided_on.year, decided_on.month, decided_on.day, 14),
        kind=Decision.Kind.NOT_OPEN,
        **steps,
    )


def closed_pre_assessments(district, worker, count, *, ages=(6,), first_day=FIRST_DAY, **steps):
    """`count` closed pre-assessments in `district`, one decided per day from
    `first_day`, the children's ages taken in turn from `ages`."""
    return [
        closed_pre_assessment(
            district,
            worker,
            first_day + datetime.timedelta(days=i),
            age=age,
            **steps,
        )
        for i, age in zip(range(count), itertools.cycle(ages), strict=False)
    ]
