"""The report's figures as a CSV file for Swedish Excel (`core.spreadsheet`).

One row per question and district, and one per question for all districts, with the
counts, the shares of yes and of no in percent with one decimal, and their 95 %
Wilson intervals. A share too uncertain to publish (fewer than five answered cases)
is left empty with the reason in the last column, as in the PDF; the counts stay.
With an earlier review to compare with, its share of yes and the change in
percentage points stand beside.
"""

from django.utils.translation import gettext as _

from .figures import Change
from .proportions import Proportion
from .report import Report


def header() -> list[str]:
    return [
        _("Fråga (nyckel)"),
        _("Fråga"),
        _("Stadsdelsområde"),
        _("Ja"),
        _("Delvis"),
        _("Nej"),
        _("Ej tillämpligt"),
        _("Besvarade"),
        _("Andel ja (%)"),
        _("Ja, 95 % KI nedre (%)"),
        _("Ja, 95 % KI övre (%)"),
        _("Andel nej (%)"),
        _("Nej, 95 % KI nedre (%)"),
        _("Nej, 95 % KI övre (%)"),
        _("Tidigare granskning, andel ja (%)"),
        _("Förändring (procentenheter)"),
        _("Anmärkning"),
    ]


def _percent(value: float | None):
    return None if value is None else round(value * 100, 1)


def _share(proportion: Proportion) -> list:
    if not proportion.shown:
        return [None, None, None]
    low, high = proportion.interval
    return [_percent(proportion.share), _percent(low), _percent(high)]


def _note(proportion: Proportion) -> str:
    if proportion.too_uncertain:
        return _("Andelen redovisas inte: färre än 5 besvarade ärenden.")
    return ""


def _comparison(change: Change | None) -> list:
    if change is None:
        return [None, None]
    earlier = change.earlier.share if change.earlier.shown else None
    return [_percent(earlier), _percent(change.change)]


def rows(report: Report):
    changes = {change.key: change for change in report.comparison}
    for figures in report.figures:
        change = changes.get(figures.key)
        by_district = dict(change.districts) if change else {}
        cells = [*figures.districts, (_("Alla stadsdelsområden"), figures.total)]
        for name, tally in cells:
            compared = by_district.get(name, change)  # the total's row: the overall change
            yield [
                figures.key,
                figures.text,
                name,
                tally.yes.count,
                tally.partly.count,
                tally.no.count,
                tally.not_applicable,
                tally.answered,
                *_share(tally.yes),
                *_share(tally.no),
                *_comparison(compared),
                _note(tally.yes),
            ]
