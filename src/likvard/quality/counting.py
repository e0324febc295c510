"""The one SQL aggregate behind every number on the dashboard.

For a source model and a set of its indicators, one grouped query counts each
indicator's numerator and denominator per district and unit (and month, for
flow indicators). It never reads a row into Python; the work per case is a
fixed set of joins and indexed EXISTS probes, so it grows with the number of
cases and nothing else.
"""

import datetime
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from .indicators import INDICATORS, REPORT, STOCKHOLM, Indicator, base_queryset, source_aliases


def flow_indicators(source: str) -> list[Indicator]:
    return [i for i in INDICATORS if i.source == source and not i.snapshot]


def snapshot_indicators(source: str) -> list[Indicator]:
    return [i for i in INDICATORS if i.source == source and i.snapshot]


def month_of(source: str):
    """The month a case belongs to: its receipt (Stockholm time) or its opening."""
    if source == REPORT:
        return TruncMonth("received_at", tzinfo=STOCKHOLM)
    return TruncMonth("opened_on")


def month_start(value) -> datetime.date:
    """The first day of the month a TruncMonth value names, as a date."""
    if isinstance(value, datetime.datetime):
        value = (value.astimezone(STOCKHOLM) if value.tzinfo else value).date()
    return value.replace(day=1)


def grouped_counts(
    source: str,
    indicators: list[Indicator],
    where: Q,
    today: datetime.date,
    *,
    by_month: bool,
):
    """The query: rows of district_id, unit_id (and month) with `<id>__n` and `<id>__d` counts.

    The unit is the one snapshotted on the case when it was assigned, not the
    handler's unit today: a worker who moves on takes no counts along, so the
    stored counts of a month stay what counting it again gives.
    """
    counts = {}
    for indicator in indicators:
        for part, suffix in (("numerator", "n"), ("denominator", "d")):
            counts[f"{indicator.id}__{suffix}"] = Count(
                "pk", filter=indicator.condition(part, today)
            )
    grouping = {"month": month_of(source)} if by_month else {}
    return (
        base_queryset(source)
        .alias(**source_aliases(source))
        .filter(where)
        .values("district_id", "unit_id", **grouping)
        .annotate(**counts)
        .order_by()
    )


@contextmanager
def plain_plans():
    """A transaction in which PostgreSQL does not JIT-compile the aggregates.

    The correlated EXISTS probes make the planner's cost estimate high enough to
    trigger JIT compilation, which for these few hundred expressions takes
    seconds and saves nothing (measured: docs/performance.md).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
