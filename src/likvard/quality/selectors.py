"""Reads for the quality dashboard: counts over every case, and the cases behind them.

`compute` counts every case in every district, because the indicators are
statistics for the whole municipality: it returns numbers only, never a row,
and who may see which number is decided in `quality.access`. The cases behind
a number are read through `cases_behind`, which starts from
`visible_to(user)` like every other read of case data.

The flow indicators (cases started in the period) come from the month counts
that `rollup` keeps current, a few thousand rows whatever the history; the
snapshot indicators (what is open today) are counted on every call, one grouped
query each for reports and investigations over the open items only. Counting
afresh (`stored=False`) is one grouped query per source whose cost per case is
constant (`counting.py`); the tests hold both ways to the same numbers.
"""

import datetime
import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from likvard.core.calendar import add_months
from likvard.organisation.models import District, Unit

from . import rollup
from .counting import (
    flow_indicators,
    grouped_counts,
    month_start,
    plain_plans,
    snapshot_indicators,
)
from .indicators import (
    INDICATORS,
    INVESTIGATION,
    REPORT,
    Indicator,
    base_queryset,
    period_filter,
    source_aliases,
)

#: Months shown when no period is chosen: this month and the eleven before it.
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class Period:
    """Whole months, from the first day of `first` to the end of the month of `last`."""

    first: datetime.date
    last: datetime.date

    def __post_init__(self):
        if self.first.day != 1 or self.last.day != 1 or self.last < self.first:
            raise ValueError("a period runs from the first of one month to the first of another")

    @classmethod
    def ending(cls, today: datetime.date, months: int = DEFAULT_MONTHS) -> "Period":
        last = today.replace(day=1)
        return cls(add_months(last, 1 - months), last)

    @property
    def after(self) -> datetime.date:
        """The first day after the period."""
        return add_months(self.last, 1)

    @property
    def months(self) -> list[datetime.date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [add_months(self.first, n) for n in range(count)]


@dataclass
class Cell:
    """A numerator over a denominator."""

    numerator: int = 0
    denominator: int = 0

    def add(self, numerator: int, denominator: int) -> None:
        self.numerator += numerator
        self.denominator += denominator

    @property
    def share(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass
class IndicatorNumbers:
    """One indicator's cells for the whole municipality and by district, unit and month."""

    indicator: Indicator
    total: Cell = field(default_factory=Cell)
    districts: dict[int, Cell] = field(default_factory=lambda: defaultdict(Cell))
    units: dict[int | None, Cell] = field(default_factory=lambda: defaultdict(Cell))
    months: dict[datetime.date, Cell] = field(default_factory=lambda: defaultdict(Cell))
    district_months: dict[tuple[int, datetime.date], Cell] = field(
        default_factory=lambda: defaultdict(Cell)
    )
    #: The finest cells, (district, unit, month or None): what every other cell sums.
    atoms: dict[tuple[int, int | None, datetime.date | None], Cell] = field(
        default_factory=lambda: defaultdict(Cell)
    )

    def district(self, district_id: int) -> Cell:
        return self.districts.get(district_id) or Cell()

    def unit(self, unit_id: int | None) -> Cell:
        return self.units.get(unit_id) or Cell()

    def unit_in(self, district_id: int, unit_id: int | None) -> Cell:
        """The cases of a unit in one district (the unit of the dashboard's unit table)."""
        cell = Cell()
        for (district, unit, _month), counted in self.atoms.items():
            if district == district_id and unit == unit_id:
                cell.add(counted.numerator, counted.denominator)
        return cell

    def month(self, month: datetime.date, district_id: int | None = None) -> Cell:
        if district_id is None:
            return self.months.get(month) or Cell()
        return self.district_months.get((district_id, month)) or Cell()


@dataclass
class Numbers:
    """Every indicator for a period, with the districts and units they are grouped by."""

    period: Period
    today: datetime.date
    districts: list[District]
    units: dict[int, Unit]
    indicators: dict[str, IndicatorNumbers]


def intake_units() -> dict[int, int]:
    """Each district's intake unit: where a case with no assigned worker is counted."""
    found: dict[int, int] = {}
    for unit_id, district_id in (
        Unit.objects.filter(kind=Unit.Kind.INTAKE).order_by("pk").values_list("pk", "district_id")
    ):
        found.setdefault(district_id, unit_id)
    return found


def _stored_flows(period: Period, today: datetime.date) -> list:
    """(district, unit, month, {indicator: (n, d)}) of the flow indicators, from MonthCount.

    Read only: the months written to since the last refresh are counted afresh
    in place (`rollup.month_rows`); without usable stored counts, the period is.
    """
    rows = rollup.month_rows(period.first, period.after)
    if rows is None:
        return _counted_flows(period, today)
    return [(r.district_id, r.unit_id or None, r.month, r.counts) for r in rows]


def _counted_flows(period: Period, today: datetime.date) -> list:
    return [
        row
        for source in (REPORT, INVESTIGATION)
        for row in _counted(
            source,
            flow_indicators(source),
            period_filter(source, period.first, period.after),
            today,
            by_month=True,
        )
    ]


def _counted(source: str, indicators, where: Q, today: datetime.date, by_month: bool):
    """The same tuples as `_stored_flows`, counted now."""
    for row in grouped_counts(source, indicators, where, today, by_month=by_month):
        counts = {i.id: (row[f"{i.id}__n"], row[f"{i.id}__d"]) for i in indicators}
        month = month_start(row["month"]) if by_month else None
        yield row["district_id"], row["unit_id"], month, counts


def compute(period: Period, today: datetime.date, *, stored: bool = True) -> Numbers:
    """Every indicator over every case: flows started in `period`, snapshots as of `today`.

    `stored` reads the flow counts from the month counts kept by `rollup`
    (the default: a few thousand rows, whatever the history); otherwise they
    are counted afresh from the cases (what the month counts must equal).
    """
    fallback_unit = intake_units()
    results = {indicator.id: IndicatorNumbers(indicator) for indicator in INDICATORS}
    with plain_plans():
        rows = _stored_flows(period, today) if stored else _counted_flows(period, today)
        for source in (REPORT, INVESTIGATION):
            indicators = snapshot_indicators(source)
            in_any = functools.reduce(
                operator.or_, (i.condition("denominator", today) for i in indicators)
            )
            rows += _counted(source, indicators, in_any, today, by_month=False)
    for district_id, unit_id, month, counts in rows:
        unit_id = unit_id or fallback_unit.get(district_id)
        for indicator_id, (n, d) in counts.items():
            if not d:
                continue
            numbers = results[indicator_id]
            numbers.total.add(n, d)
            numbers.districts[district_id].add(n, d)
            numbers.units[unit_id].add(n, d)
            numbers.atoms[(district_id, unit_id, month)].add(n, d)
            if month is not None:
                numbers.months[month].add(n, d)
                numbers.district_months[(district_id, month)].add(n, d)
    return Numbers(
        period=period,
        today=today,
        districts=list(District.objects.order_by("name")),
        units={unit.pk: unit for unit in Unit.objects.order_by("name")},
        indicators=results,
    )


def cases_behind(
    user,
    indicator: Indicator,
    district_id: int,
    part: str,
    period: Period,
    today: datetime.date,
    unit_id: int | None = None,
) -> QuerySet:
    """The cases in a cell of the dashboard that `user` may read, newest first.

    The same conditions as `compute`, on a queryset that starts from
    `visible_to(user)`: for a supervisor of the district the rows are exactly
    the ones counted; for anyone else, only what their scope shows.
    """
    source = indicator.source
    rows = (
        base_queryset(source)
        .visible_to(user)
        .filter(district_id=district_id)
        .alias(**source_aliases(source))
    )
    if not indicator.snapshot:
        rows = rows.filter(period_filter(source, period.first, period.after))
    if unit_id is not None:
        in_unit = Q(unit_id=unit_id)
        if intake_units().get(district_id) == unit_id:
            in_unit |= Q(unit__isnull=True)
        rows = rows.filter(in_unit)
    rows = rows.filter(indicator.condition(part, today))
    if source == INVESTIGATION:
        return rows.select_related("child", "assigned_to").order_by("-opened_on", "-pk")
    return rows.select_related(
        "child", "assigned_to", "pre_assessment__decision", "protection_assessment"
    ).order_by("-received_at", "-pk")
