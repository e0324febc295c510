"""The report's charts: a share per row (district or question) with its interval, as SVG.

One geometry serves the page and the PDF: the template
`inspection/_chart.svg.html` draws what `interval_chart` computes, with its
colours and fonts as SVG presentation attributes (not CSS), so WeasyPrint draws
it exactly as the browser does and the page's Content-Security-Policy (no style
attributes) is kept. A bar is the share, the whisker across it the 95 % Wilson
interval, the dashed line the share of all districts together. A row whose
share is too uncertain to publish (`Proportion.shown`) gets no bar, only its
counts and the words saying why, so no chart shows what the table hides.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .proportions import Proportion, percent

WIDTH = 640
LABEL_WIDTH = 176
TEXT_WIDTH = 150
ROW = 26
BAR = 14
TOP = 8
AXIS = 30
CAP = 5  # half the height of a whisker's end


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    text: str
    bar_width: float | None  # None: no bar (too few answered cases, or none)
    low_x: float | None = None
    high_x: float | None = None

    @property
    def middle(self) -> float:
        return round(self.y + ROW / 2, 1)

    @property
    def bar_y(self) -> float:
        return round(self.y + (ROW - BAR) / 2, 1)

    @property
    def cap_top(self) -> float:
        return round(self.middle - CAP, 1)

    @property
    def cap_bottom(self) -> float:
        return round(self.middle + CAP, 1)


@dataclass
class IntervalChart:
    chart_id: str
    title: str
    description: str = ""
    rows: list[Row] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    reference_x: float | None = None

    width: int = WIDTH
    label_x: int = LABEL_WIDTH - 8
    plot_left: int = LABEL_WIDTH
    text_x: int = WIDTH - TEXT_WIDTH + 10
    bar_height: int = BAR

    @property
    def plot_bottom(self) -> float:
        return TOP + ROW * len(self.rows)

    @property
    def height(self) -> float:
        return self.plot_bottom + AXIS

    @property
    def tick_y(self) -> float:
        return self.plot_bottom + 18


def _x(share: float) -> float:
    return round(LABEL_WIDTH + share * (WIDTH - LABEL_WIDTH - TEXT_WIDTH), 1)


def row_text(proportion: Proportion) -> str:
    """What stands beside a bar: "20 % (57 av 286)", or why there is no bar."""
    if not proportion.answered:
        return _("inga besvarade")
    counts = _("%(count)d av %(answered)d") % {
        "count": proportion.count,
        "answered": proportion.answered,
    }
    if not proportion.shown:
        return _("%(counts)s, för få") % {"counts": counts}
    return f"{proportion.percent} ({counts})"


def interval_chart(
    chart_id: str, title: str, rows: list[tuple[str, Proportion]], reference: Proportion | None
) -> IntervalChart:
    """One bar with its interval per (label, proportion); `reference` drawn as a line."""
    chart = IntervalChart(chart_id=chart_id, title=title)
    for index, (label, proportion) in enumerate(rows):
        y = TOP + index * ROW
        text = row_text(proportion)
        if not proportion.shown:
            chart.rows.append(Row(label, y, text, None))
            continue
        low, high = proportion.interval
        width = round(_x(proportion.share) - LABEL_WIDTH, 1)
        chart.rows.append(Row(label, y, text, width, _x(low), _x(high)))
    chart.ticks = [(_x(step / 4), f"{step * 25}\u00a0%") for step in range(5)]
    if reference is not None and reference.shown:
        chart.reference_x = _x(reference.share)
    chart.description = _describe(chart, rows, reference)
    return chart


def _describe(chart: IntervalChart, rows, reference) -> str:
    """The chart in words, for a screen reader (and the PDF's tagged text)."""
    parts = [_("Liggande stapeldiagram: andel ja i procent med 95 % konfidensintervall.")]
    shown = [(label, p) for label, p in rows if p.shown]
    if shown:
        high = max(shown, key=lambda item: item[1].share)
        low = min(shown, key=lambda item: item[1].share)
        parts.append(_("Högst: %(name)s, %(share)s.") % {"name": high[0], "share": high[1].percent})
        parts.append(_("Lägst: %(name)s, %(share)s.") % {"name": low[0], "share": low[1].percent})
    if reference is not None and reference.shown:
        parts.append(_("Alla stadsdelsområden: %(share)s.") % {"share": percent(reference.share)})
    hidden = len(rows) - len(shown)
    if hidden:
        parts.append(
            _("%(count)d utan andel (färre än fem besvarade ärenden).") % {"count": hidden}
        )
    return " ".join(parts)
