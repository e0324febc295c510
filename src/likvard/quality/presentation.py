"""What one user sees of the computed numbers: suppression, links, charts and tables.

`compute` counts everything; this module decides, per user, which cells are
shown (`disclosure.hide`, for the districts `access.known_districts` does not
cover) and which have a link to the cases behind them (`access.may_drill_down`).
The CSV export, the tables and the charts all take their cells from `Visible`,
so that no view shows a cell another one hides.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from likvard.casework.models import LegalProvision
from likvard.organisation.models import District

from . import access, charts, disclosure
from .disclosure import CITY, Mark, district_node, unit_node
from .indicators import INDICATORS, Indicator
from .selectors import Cell, IndicatorNumbers, Numbers, Period

#: What a hidden cell shows in a table or beside a bar, and what it means.
MARK_SHORT = {Mark.PRIMARY: _lazy("färre än 5"), Mark.SECONDARY: _lazy("skyddad")}
MARK_EXPLANATION = {
    Mark.PRIMARY: _lazy("färre än 5 ärenden – visas inte"),
    Mark.SECONDARY: _lazy("dold för att skydda enskilda"),
}


@dataclass
class Shown:
    """A cell as one user may see it."""

    numerator: int | None
    denominator: int | None
    share: float | None
    mark: Mark | None = None

    @property
    def suppressed(self) -> bool:
        return self.mark is not None

    @property
    def text(self) -> str:
        if self.mark is not None:
            return str(MARK_SHORT[self.mark])
        return charts.percent(self.share)

    @property
    def explanation(self) -> str:
        return "" if self.mark is None else str(MARK_EXPLANATION[self.mark])

    @property
    def fraction(self) -> str:
        if not self.denominator:
            return ""
        return _("%(n)s av %(d)s") % {"n": grouped(self.numerator), "d": grouped(self.denominator)}


def grouped(number: int) -> str:
    """A count with the thousands grouped as the language writes them ("26 849")."""
    return number_format(number, force_grouping=True)


def shown(cell: Cell, mark: Mark | None) -> Shown:
    if mark is not None:
        return Shown(None, None, None, mark=mark)
    return Shown(cell.numerator, cell.denominator, cell.share)


class Visible:
    """One indicator's cells as one user may see them: every view asks this for its cells."""

    def __init__(self, user, counted: IndicatorNumbers, period: Period):
        self.counted = counted
        known = access.known_districts(user)
        if known is True:
            self.hidden = disclosure.Hidden()
        else:
            self.hidden = disclosure.hide(
                {key: cell.denominator for key, cell in counted.atoms.items()},
                None if counted.indicator.snapshot else period.months,
                known,
            )

    def total(self) -> Shown:
        return shown(self.counted.total, self.hidden.get(CITY))

    def district(self, district_id: int) -> Shown:
        return shown(
            self.counted.district(district_id), self.hidden.get(district_node(district_id))
        )

    def unit(self, district_id: int, unit_id: int) -> Shown:
        cell = self.counted.unit_in(district_id, unit_id)
        return shown(cell, self.hidden.get(unit_node(district_id, unit_id)))

    def month(self, month: datetime.date, district_id: int | None = None) -> Shown:
        node = CITY if district_id is None else district_node(district_id)
        return shown(self.counted.month(month, district_id), self.hidden.get(node, month))

    @property
    def any_hidden(self) -> bool:
        return any(self.hidden.cells.values())


def period_query(period: Period, **extra) -> str:
    query = {"fran": period.first.strftime("%Y-%m"), "till": period.last.strftime("%Y-%m")}
    query.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(query)


def cases_url(indicator: Indicator, district_id: int, period: Period, **extra) -> str:
    url = reverse("quality:cases", args=[indicator.id, district_id])
    return f"{url}?{period_query(period, **extra)}"


@dataclass
class DistrictRow:
    district: District
    cell: Shown
    focus: bool
    url: str = ""


@dataclass
class MonthRow:
    month: datetime.date
    city: Shown
    focus: Shown | None

    @property
    def label(self) -> str:
        return date_format(self.month, "F Y")


@dataclass
class UnitRow:
    name: str
    cell: Shown
    url: str = ""


@dataclass
class Section:
    indicator: Indicator
    provision: LegalProvision | None
    total: Shown
    focus_total: Shown | None
    districts: list[DistrictRow]
    months: list[MonthRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    bars: charts.BarChart | None = None
    line: charts.LineChart | None = None
    #: Whether any cell of the indicator is hidden from this user (the legend shows).
    any_hidden: bool = False


def provisions_in_force(day: datetime.date) -> dict[str, LegalProvision]:
    """The provision in force on `day` for each key the indicators name (one query)."""
    keys = {i.provision for i in INDICATORS if i.provision}
    found: dict[str, LegalProvision] = {}
    for provision in LegalProvision.objects.filter(key__in=keys, in_force_from__lte=day).order_by(
        "key", "-in_force_from"
    ):
        if provision.in_force_until is None or provision.in_force_until >= day:
            found.setdefault(provision.key, provision)
    return found


def sections(user, numbers: Numbers, focus: District | None) -> list[Section]:
    """One section per indicator: the table rows and the two charts."""
    provisions = provisions_in_force(numbers.today)
    focus_id = focus.pk if focus else None
    result = []
    for indicator in INDICATORS:
        counted = numbers.indicators[indicator.id]
        visible = Visible(user, counted, numbers.period)
        section = Section(
            indicator=indicator,
            provision=provisions.get(indicator.provision),
            total=visible.total(),
            focus_total=visible.district(focus.pk) if focus else None,
            districts=[],
            any_hidden=visible.any_hidden,
        )
        for district in numbers.districts:
            row = DistrictRow(
                district=district,
                cell=visible.district(district.pk),
                focus=district.pk == focus_id,
            )
            if access.may_drill_down(user, district.pk) and row.cell.denominator:
                row.url = cases_url(indicator, district.pk, numbers.period, **{"del": "namnare"})
            section.districts.append(row)
        if focus is not None:
            for unit in numbers.units.values():
                if (
                    unit.district_id != focus.pk
                    or not counted.unit_in(focus.pk, unit.pk).denominator
                ):
                    continue
                unit_row = UnitRow(name=unit.name, cell=visible.unit(focus.pk, unit.pk))
                if access.may_drill_down(user, focus.pk):
                    unit_row.url = cases_url(
                        indicator, focus.pk, numbers.period, enhet=unit.pk, **{"del": "namnare"}
                    )
                section.units.append(unit_row)
        section.bars = charts.bar_chart(
            f"{indicator.id}-bars",
            _("%(title)s per stadsdelsområde") % {"title": indicator.title},
            [
                (row.district.name, row.cell.share, _bar_text(row.cell), row.focus)
                for row in section.districts
            ],
            section.total.share,
        )
        if not indicator.snapshot:
            section.months = [
                MonthRow(
                    month,
                    visible.month(month),
                    visible.month(month, focus.pk) if focus else None,
                )
                for month in numbers.period.months
            ]
            lines = [(_("Hela kommunen"), "city", [m.city.share for m in section.months])]
            if focus is not None:
                lines.append((focus.name, "focus", [m.focus.share for m in section.months]))
            section.line = charts.line_chart(
                f"{indicator.id}-months",
                _("%(title)s per månad") % {"title": indicator.title},
                numbers.period.months,
                lines,
            )
        result.append(section)
    return result


def _bar_text(cell: Shown) -> str:
    """ "41 % av 5727": the share and its denominator (the numerator is in the table)."""
    if cell.suppressed:
        return cell.text
    if cell.share is None:
        return "–"
    return _("%(share)s av %(d)s") % {"share": cell.text, "d": grouped(cell.denominator)}


def csv_rows(user, numbers: Numbers):
    """The indicator table for export: whole period by district, then month by district.

    A hidden cell is left empty, so that a spreadsheet reads the columns as
    numbers; `dold` says why in a fixed code (`primar`: fewer than five cases,
    `sekundar`: hidden so that a small cell cannot be worked out), `anmärkning`
    in words.
    """
    municipality = _("Hela kommunen")
    whole = _("hela perioden")
    today = _("i dag %(date)s") % {"date": numbers.today.isoformat()}

    def row(indicator, place, when, seen: Shown):
        share = None if seen.share is None else round(Decimal(seen.share * 100), 1)
        code = None if seen.mark is None else seen.mark.value
        return [
            indicator.id,
            str(indicator.title),
            place,
            when,
            seen.numerator,
            seen.denominator,
            share,
            seen.explanation,
            code,
        ]

    for indicator in INDICATORS:
        visible = Visible(user, numbers.indicators[indicator.id], numbers.period)
        when = today if indicator.snapshot else whole
        yield row(indicator, municipality, when, visible.total())
        for district in numbers.districts:
            yield row(indicator, district.name, when, visible.district(district.pk))
        if indicator.snapshot:
            continue
        for month in numbers.period.months:
            label = month.strftime("%Y-%m")
            yield row(indicator, municipality, label, visible.month(month))
            for district in numbers.districts:
                yield row(indicator, district.name, label, visible.month(month, district.pk))


CSV_HEADER = [
    "indikator_id",
    "indikator",
    "stadsdelsområde",
    "period",
    "täljare",
    "nämnare",
    "andel_procent",
    "anmärkning",
    "dold",
]
