"""Shares with their 95 % Wilson intervals, and how a committee reads them.

The review is a sample, so every share it publishes is an estimate: the report
gives each with its 95 % confidence interval. The Wilson score interval is used
rather than the textbook normal ("Wald") interval because the shares here are
often near 0 or 100 % and the cells small (a district's dozen cases): there the
Wald interval runs below 0 or above 100 % and is far too narrow, while Wilson's
keeps within 0–100 % and holds its coverage (Brown, Cai & DasGupta 2001).

Small cells. A district's share of fewer than five answered cases (`SMALL_CELL`)
is printed as counts only, with the share marked as too uncertain: an interval
of 1 of 3 runs from 6 to 79 %, which says nothing a committee can act on, and a
bare "33 %" would be read as a finding. The counts themselves are shown, not
suppressed: the review publishes how districts handle cases, not anything about
a child (no names, numbers, ages or dates of a case appear), every district's
sample is drawn by the inspectors at random and not published case by case, so
a count of reviewed cases cannot be tied to a child. Since no cell is hidden,
there is nothing a total could give back.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from statsmodels.stats.proportion import proportion_confint

#: Fewer answered cases than this: the share is marked as too uncertain.
SMALL_CELL = 5
ALPHA = 0.05


@dataclass(frozen=True)
class Proportion:
    """`count` of `answered` (the cases where the question applied), with the interval."""

    count: int
    answered: int

    @property
    def share(self) -> float | None:
        return self.count / self.answered if self.answered else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """The 95 % Wilson interval as shares (0–1), None without answered cases."""
        if not self.answered:
            return None
        low, high = proportion_confint(self.count, self.answered, alpha=ALPHA, method="wilson")
        return max(0.0, float(low)), min(1.0, float(high))

    @property
    def too_uncertain(self) -> bool:
        """Answered, but in fewer cases than a share can be published for."""
        return 0 < self.answered < SMALL_CELL

    @property
    def shown(self) -> bool:
        """Whether the share and its interval are published."""
        return self.answered >= SMALL_CELL

    @property
    def percent(self) -> str:
        return percent(self.share) if self.shown else "–"

    @property
    def interval_text(self) -> str:
        """ "15–25 %", or a dash where the share is not published."""
        if not self.shown:
            return "–"
        low, high = self.interval
        return f"{whole(low)}–{whole(high)}\u00a0%"


def whole(share: float) -> int:
    """A share as a whole percentage, rounded half up as a reader would (24.5 → 25)."""
    return int((Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(share: float | None) -> str:
    """A share as Swedish typography writes it: "20 %" (a no-break space), or a dash."""
    return "–" if share is None else f"{whole(share)}\u00a0%"


def points(change: float | None) -> str:
    """A change of shares in percentage points, signed: "+5", "−3", "±0"."""
    if change is None:
        return "–"
    value = int((Decimal(str(change)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if value == 0:
        return "±0"
    return f"+{value}" if value > 0 else f"\u2212{-value}"
