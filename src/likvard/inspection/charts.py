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

WIDTH = 700
LABEL_WIDTH = 176  # beside the bars; none when the labels stand above them (`stacked`)
TEXT_WIDTH = 206
ROW = 26
STACKED_ROW = 42  # a label line above each bar: for long labels, such as questions
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
    stacked: bool = False

    @property
    def label_y(self) -> float:
        """The label's baseline-centre: beside the bar, or on its own line above it."""
        return round(self.y + 9, 1) if self.stacked else self.middle

    @property
    def middle(self) -> float:
        """The bar's centre line: the lower part of a stacked row."""
        if self.stacked:
            return round(self.y + STACKED_ROW - 4 - BAR / 2, 1)
        return round(self.y + ROW / 2, 1)

    @property
    def bar_y(self) -> float:
        return round(self.middle - BAR / 2, 1)

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
    stacked: bool = False
    description: str = ""
    rows: list[Row] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    reference_x: float | None = None

    width: int = WIDTH
    text_x: int = WIDTH - TEXT_WIDTH + 10
    bar_height: int = BAR

    @property
    def plot_left(self) -> int:
        return 16 if self.stacked else LABEL_WIDTH

    @property
    def label_x(self) -> int:
        return self.plot_left if self.stacked else LABEL_WIDTH - 8

    @property
    def label_anchor(self) -> str:
        return "start" if self.stacked else "end"

    @property
    def row_height(self) -> int:
        return STACKED_ROW if self.stacked else ROW

    @property
    def plot_bottom(self) -> float:
        return TOP + self.row_height * len(self.rows)

    @property
    def height(self) -> float:
        return self.plot_bottom + AXIS

    @property
    def tick_y(self) -> float:
        return self.plot_bottom + 18

    def x(self, share: float) -> float:
        return round(self.plot_left + share * (WIDTH - self.plot_left - TEXT_WIDTH), 1)


def row_text(proportion: Proportion) -> str:
    """What stands beside a bar: "20 % (57 av 286) 16–25 %", the interval in numbers too
    (so the chart is also the table), or why there is no bar."""
    if not proportion.answered:
        return _("inga besvarade")
    counts = _("%(count)d av %(answered)d") % {
        "count": proportion.count,
        "answered": proportion.answered,
    }
    if not proportion.shown:
        return _("%(counts)s: för få besvarade") % {"counts": counts}
    return f"{proportion.percent} ({counts}) {proportion.interval_text}"


def interval_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, Proportion]],
    reference: Proportion | None,
    *,
    stacked: bool = False,
) -> IntervalChart:
    """One bar with its interval per (label, proportion); `reference` drawn as a line."""
    chart = IntervalChart(chart_id=chart_id, title=title, stacked=stacked)
    for index, (label, proportion) in enumerate(rows):
        y = TOP + index * chart.row_height
        text = row_text(proportion)
        if not proportion.shown:
            chart.rows.append(Row(label, y, text, None, stacked=stacked))
            continue
        low, high = proportion.interval
        width = round(chart.x(proportion.share) - chart.plot_left, 1)
        row = Row(label, y, text, width, chart.x(low), chart.x(high), stacked=stacked)
        chart.rows.append(row)
    chart.ticks = [(chart.x(step / 4), f"{step * 25}\u00a0%") for step in range(5)]
    if reference is not None and reference.shown:
        chart.reference_x = chart.x(reference.share)
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
