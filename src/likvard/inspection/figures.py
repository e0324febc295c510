"""The review's figures: for each question, the answers counted overall and per district.

Pure: it takes the answers as rows (district, question key, value), the form in
which `selectors.answers_for_report` reads them in one query (the primary
reviewer's answer per case and question), and counts them in Python, so the cost
of a report is one query however many cases the review holds. A share is "yes"
among the cases the question applied to: "not applicable" is left out of the
denominator, "partly" counts in it but not as yes. Where a question's finding is
a "no" (a child known before without the matter considered) the share of "no"
is given beside it, with its own interval.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .proportions import Proportion, points

YES, NO, PARTLY, NOT_APPLICABLE = "yes", "no", "partly", "not_applicable"
ANSWERED = (YES, PARTLY, NO)


@dataclass(frozen=True)
class Tally:
    """The answers to one question in one cell (a district, or all of them)."""

    counts: Counter = field(default_factory=Counter)

    @property
    def answered(self) -> int:
        return sum(self.counts[value] for value in ANSWERED)

    @property
    def yes(self) -> Proportion:
        return Proportion(self.counts[YES], self.answered)

    @property
    def no(self) -> Proportion:
        return Proportion(self.counts[NO], self.answered)

    @property
    def partly(self) -> Proportion:
        return Proportion(self.counts[PARTLY], self.answered)

    @property
    def not_applicable(self) -> int:
        return self.counts[NOT_APPLICABLE]


@dataclass(frozen=True)
class QuestionFigures:
    key: str
    text: str
    total: Tally
    #: (district name, tally) for every district of the review, in the report's order.
    districts: list[tuple[str, Tally]]


def count(
    questions: Iterable[tuple[str, str]],
    rows: Iterable[tuple[str, str, str]],
    districts: Iterable[str],
) -> list[QuestionFigures]:
    """questions: (key, text) in the checklist's order; rows: (district, key, value)."""
    cells: dict[tuple[str, str], Counter] = {}
    for district, key, value in rows:
        cells.setdefault((key, district), Counter())[value] += 1
    names = list(districts)
    figures = []
    for key, text in questions:
        per_district = [(name, Tally(cells.get((key, name), Counter()))) for name in names]
        total = Counter()
        for _name, tally in per_district:
            total.update(tally.counts)
        figures.append(QuestionFigures(key, text, Tally(total), per_district))
    return figures


@dataclass(frozen=True)
class Change:
    """One question's overall share of yes in an earlier review and in this one."""

    key: str
    text: str
    earlier: Proportion
    now: Proportion
    #: (district name, its Change) for the districts of this review.
    districts: list[tuple[str, "Change"]] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        """The difference in shares, where both are published."""
        if not (self.earlier.shown and self.now.shown):
            return None
        return self.now.share - self.earlier.share

    @property
    def change_text(self) -> str:
        return points(self.change)


def compare(now: list[QuestionFigures], earlier: list[QuestionFigures]) -> list[Change]:
    """The questions both reviews asked, in this review's order."""
    before = {figures.key: figures for figures in earlier}
    changes = []
    for figures in now:
        if figures.key not in before:
            continue
        then = dict(before[figures.key].districts)
        districts = [
            (name, Change(figures.key, name, then.get(name, Tally()).yes, tally.yes))
            for name, tally in figures.districts
        ]
        earlier_total = before[figures.key].total.yes
        changes.append(
            Change(figures.key, figures.text, earlier_total, figures.total.yes, districts)
        )
    return changes
