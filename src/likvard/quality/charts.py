"""Chart geometry for server-rendered SVG: bars by district, a line over months.

The templates (`quality/chart_bars.svg`, `quality/chart_line.svg`) draw what
these functions compute; no script runs in the browser, so the charts pass the
page's Content-Security-Policy and print as they look. Every chart has a title,
a generated description of what it shows (for screen readers), and the page
shows its numbers as a table next to it.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

#: Width of the drawing in SVG units; the page scales it to the column.
WIDTH = 640


def percent(share: float | None) -> str:
    """A share as a whole percentage in Swedish typography ("72 %"), or a dash."""
    if share is None:
        return "–"
    return f"{round(share * 100)}\u00a0%"


@dataclass
class Bar:
    label: str
    value: float | None
    text: str
    y: float
    width: float = 0.0
    focus: bool = False

    @property
    def text_x(self) -> float:
        """Values stand in a column right of the plot, clear of the bars and the line."""
        return WIDTH - BAR_TEXT_WIDTH + 10

    @property
    def middle(self) -> float:
        return self.y + BAR_ROW / 2

    @property
    def rect_y(self) -> float:
        return self.y + (BAR_ROW - BAR_HEIGHT) / 2


BAR_LABEL_WIDTH = 186
BAR_TEXT_WIDTH = 124
BAR_ROW = 28
BAR_HEIGHT = 18
BAR_TOP = 6
BAR_AXIS = 26


@dataclass
class BarChart:
    """Horizontal bars, 0–100 %, one per district, with a line at the municipality's share."""

    chart_id: str
    title: str
    description: str
    bars: list[Bar]
    reference_x: float | None = None
    reference_label: str = ""
    ticks: list[tuple[float, str]] = field(default_factory=list)

    width: int = WIDTH
    label_width: int = BAR_LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def plot_width(self) -> int:
        return self.width - BAR_LABEL_WIDTH - BAR_TEXT_WIDTH

    @property
    def plot_bottom(self) -> float:
        return BAR_TOP + BAR_ROW * len(self.bars)

    @property
    def height(self) -> float:
        return self.plot_bottom + BAR_AXIS

    @property
    def tick_label_y(self) -> float:
        return self.plot_bottom + 16


def bar_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, float | None, str, bool]],
    reference: float | None,
) -> BarChart:
    """rows: (label, share or None when not shown, text beside the bar, the district in focus?)."""
    chart = BarChart(chart_id=chart_id, title=title, description="", bars=[])
    scale = chart.plot_width
    for index, (label, share, text, focus) in enumerate(rows):
        bar = Bar(label=label, value=share, text=text, y=BAR_TOP + index * BAR_ROW, focus=focus)
        bar.width = 0.0 if share is None else round(share * scale, 1)
        chart.bars.append(bar)
    chart.ticks = [
        (round(BAR_LABEL_WIDTH + scale * step / 4, 1), f"{step * 25}\u00a0%") for step in range(5)
    ]
    if reference is not None:
        chart.reference_x = round(BAR_LABEL_WIDTH + reference * scale, 1)
        chart.reference_label = _("Hela kommunen: %(share)s") % {"share": percent(reference)}
    chart.description = _describe_bars(chart.bars, reference)
    return chart


def _describe_bars(bars: list[Bar], reference: float | None) -> str:
    shown = [bar for bar in bars if bar.value is not None]
    parts = [_("Liggande stapeldiagram, andel i procent per stadsdelsområde.")]
    if shown:
        high = max(shown, key=lambda bar: bar.value)
        low = min(shown, key=lambda bar: bar.value)
        parts.append(_("Högst: %(name)s, %(share)s.") % {"name": high.label, "share": high.text})
        parts.append(_("Lägst: %(name)s, %(share)s.") % {"name": low.label, "share": low.text})
    if reference is not None:
        parts.append(_("Hela kommunen: %(share)s.") % {"share": percent(reference)})
    hidden = len(bars) - len(shown)
    if hidden:
        parts.append(
            _(
                "%(count)d stadsdelsområden visas inte "
                "(inga ärenden, eller dolda för att skydda enskilda)."
            )
            % {"count": hidden}
        )
    return " ".join(parts)


LINE_HEIGHT = 290
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 52, 18, 14, 46


@dataclass
class Point:
    x: float
    y: float
    label: str

    @property
    def corner(self) -> tuple[float, float]:
        """Top left of the square marker centred on the point."""
        return round(self.x - 3, 1), round(self.y - 3, 1)


@dataclass
class Series:
    name: str
    css: str
    segments: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)


@dataclass
class LineChart:
    """Shares over months, 0–100 %; a gap where a month has no number to show."""

    chart_id: str
    title: str
    description: str
    series: list[Series]
    x_ticks: list[tuple[float, str, str]]
    y_ticks: list[tuple[float, str]]

    width: int = WIDTH
    height: int = LINE_HEIGHT
    left: int = LINE_LEFT
    top: int = LINE_TOP

    @property
    def right(self) -> int:
        return self.width - LINE_RIGHT

    @property
    def bottom(self) -> int:
        return self.height - LINE_BOTTOM

    @property
    def legend_y(self) -> int:
        return self.height - 6


def line_chart(
    chart_id: str,
    title: str,
    months: list[datetime.date],
    lines: list[tuple[str, str, list[float | None]]],
) -> LineChart:
    """lines: (name, css class, one share or None per month)."""
    chart = LineChart(
        chart_id=chart_id, title=title, description="", series=[], x_ticks=[], y_ticks=[]
    )
    plot_width = chart.right - chart.left
    plot_height = chart.bottom - chart.top
    step = plot_width / max(len(months) - 1, 1)

    def x_of(index: int) -> float:
        return round(chart.left + (index * step if len(months) > 1 else plot_width / 2), 1)

    chart.y_ticks = [
        (round(chart.bottom - plot_height * s / 4, 1), f"{s * 25}\u00a0%") for s in range(5)
    ]
    for index, month in enumerate(months):
        first_or_january = index == 0 or month.month == 1
        if len(months) <= 12:
            chart.x_ticks.append(
                (x_of(index), date_format(month, "b"), str(month.year) if first_or_january else "")
            )
        elif len(months) <= 36 and month.month in (1, 4, 7, 10):
            year = str(month.year) if month.month == 1 else ""
            chart.x_ticks.append((x_of(index), date_format(month, "b"), year))
        elif len(months) > 36 and month.month == 1:
            chart.x_ticks.append((x_of(index), str(month.year), ""))
    for name, css, shares in lines:
        series = Series(name=name, css=css)
        run: list[str] = []
        for index, share in enumerate(shares):
            if share is None:
                if run:
                    series.segments.append(" ".join(run))
                run = []
                continue
            y = round(chart.bottom - share * plot_height, 1)
            label = f"{date_format(months[index], 'F Y')}: {percent(share)}"
            series.points.append(Point(x_of(index), y, label))
            run.append(f"{x_of(index)},{y}")
        if run:
            series.segments.append(" ".join(run))
        chart.series.append(series)
    chart.description = _describe_lines(months, lines)
    return chart


def _describe_lines(months, lines) -> str:
    parts = [_("Linjediagram, andel i procent per månad.")]
    if months:
        parts.append(
            _("Från %(first)s till %(last)s.")
            % {"first": date_format(months[0], "F Y"), "last": date_format(months[-1], "F Y")}
        )
    for name, _css, shares in lines:
        shown = [(m, s) for m, s in zip(months, shares, strict=True) if s is not None]
        if not shown:
            parts.append(_("%(name)s: inga månader att visa.") % {"name": name})
            continue
        (first_month, first), (last_month, last) = shown[0], shown[-1]
        parts.append(
            _("%(name)s: %(first)s i %(first_month)s, %(last)s i %(last_month)s.")
            % {
                "name": name,
                "first": percent(first),
                "first_month": date_format(first_month, "F Y"),
                "last": percent(last),
                "last_month": date_format(last_month, "F Y"),
            }
        )
    return " ".join(parts)
