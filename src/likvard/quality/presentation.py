"""What one user sees of the computed numbers: suppression, links, charts and tables.

`compute` counts everything; this module decides, per user, which cells are
shown (`access.suppressed`) and which have a link to the cases behind them
(`access.may_drill_down`). The CSV export and the page use the same rows.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from likvard.casework.models import LegalProvision
from likvard.organisation.models import District

from . import access, charts
from .indicators import INDICATORS, Indicator
from .selectors import Cell, Numbers, Period


@dataclass
class Shown:
    """A cell as one user may see it."""

    numerator: int | None
    denominator: int | None
    share: float | None
    suppressed: bool = False

    @property
    def text(self) -> str:
        return charts.percent(self.share)

    @property
    def fraction(self) -> str:
        if not self.denominator:
            return ""
        return _("%(n)s av %(d)s") % {"n": grouped(self.numerator), "d": grouped(self.denominator)}


def grouped(number: int) -> str:
    """A count with the thousands grouped as the language writes them ("26 849")."""
    return number_format(number, force_grouping=True)


def shown(user, district_id: int | None, cell: Cell) -> Shown:
    if access.suppressed(user, district_id, cell.denominator):
        return Shown(None, None, None, suppressed=True)
    return Shown(cell.numerator, cell.denominator, cell.share)


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
        section = Section(
            indicator=indicator,
            provision=provisions.get(indicator.provision),
            total=shown(user, None, counted.total),
            focus_total=shown(user, focus.pk, counted.district(focus.pk)) if focus else None,
            districts=[],
        )
        for district in numbers.districts:
            row = DistrictRow(
                district=district,
                cell=shown(user, district.pk, counted.district(district.pk)),
                focus=district.pk == focus_id,
            )
            if access.may_drill_down(user, district.pk) and row.cell.denominator:
                row.url = cases_url(indicator, district.pk, numbers.period, **{"del": "namnare"})
            section.districts.append(row)
        if focus is not None:
            for unit in numbers.units.values():
                if unit.district_id != focus.pk or not counted.unit(unit.pk).denominator:
                    continue
                cell = shown(user, focus.pk, counted.unit(unit.pk))
                unit_row = UnitRow(name=unit.name, cell=cell)
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
                    shown(user, None, counted.month(month)),
                    shown(user, focus.pk, counted.month(month, focus.pk)) if focus else None,
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
    if cell.share is None:
        return "–"
    return _("%(share)s av %(d)s") % {"share": cell.text, "d": grouped(cell.denominator)}


def csv_rows(user, numbers: Numbers):
    """The indicator table for export: whole period by district, then month by district.

    A suppressed cell is left empty with a note, so that a spreadsheet reads the
    column as numbers.
    """
    municipality = _("Hela kommunen")
    whole = _("hela perioden")
    today = _("i dag %(date)s") % {"date": numbers.today.isoformat()}

    def row(indicator, place, district_id, when, cell):
        seen = shown(user, district_id, cell)
        note = _("färre än %(n)d") % {"n": access.SMALL_CELL} if seen.suppressed else ""
        share = "" if seen.share is None else f"{seen.share * 100:.1f}"
        n = "" if seen.numerator is None else seen.numerator
        d = "" if seen.denominator is None else seen.denominator
        return [indicator.id, str(indicator.title), place, when, n, d, share, note]

    for indicator in INDICATORS:
        counted = numbers.indicators[indicator.id]
        when = today if indicator.snapshot else whole
        yield row(indicator, municipality, None, when, counted.total)
        for district in numbers.districts:
            yield row(indicator, district.name, district.pk, when, counted.district(district.pk))
        if indicator.snapshot:
            continue
        for month in numbers.period.months:
            label = month.strftime("%Y-%m")
            yield row(indicator, municipality, None, label, counted.month(month))
            for district in numbers.districts:
                cell = counted.month(month, district.pk)
                yield row(indicator, district.name, district.pk, label, cell)


CSV_HEADER = [
    "indikator_id",
    "indikator",
    "stadsdelsområde",
    "period",
    "täljare",
    "nämnare",
    "andel_procent",
    "anmärkning",
]
