"""The review's report: everything the draft page, the PDF and the CSV show, read once.

`build(review)` reads the answers in one query (`selectors.answers_for_report`),
the sample's cases per district in one, the findings, the districts' measures and
the agreement between inspectors in a few more: none of it grows with the number
of cases. The earlier review it is compared with is counted the same way. What is
published names no child: figures, the inspectors' own texts, the sample's design.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from likvard.core.calendar import local_date

from . import report_selectors, selectors
from .charts import IntervalChart, interval_chart
from .figures import Change, QuestionFigures, compare, count
from .models import Finding, Review
from .report_selectors import DistrictCases

#: Questions whose finding is a "no": the report states the share of "no" for them too.
NO_IS_THE_FINDING = {"known_before_considered"}


@dataclass(frozen=True)
class Agreement:
    text: str
    pairs: int
    agreed: int
    kappa: float | None
    low: float | None
    high: float | None

    @property
    def kappa_text(self) -> str:
        return decimal(self.kappa)

    @property
    def interval_text(self) -> str:
        if self.low is None:
            return "–"
        return f"{decimal(self.low)} – {decimal(self.high)}"


@dataclass
class FollowUp:
    """One district's measures: how many, done, late."""

    district: str
    responses: list = field(default_factory=list)
    done: int = 0
    late: int = 0


@dataclass
class Report:
    review: Review
    today: datetime.date
    figures: list[QuestionFigures]
    cases: list[DistrictCases]
    findings: list[Finding]
    district_findings: list[tuple[str, list[Finding]]]
    overview: IntervalChart
    charts: list[tuple[QuestionFigures, IntervalChart]]
    design: list[tuple[str, str]]
    municipality: str = ""
    earlier: Review | None = None
    comparison: list[Change] = field(default_factory=list)
    agreement: list[Agreement] = field(default_factory=list)
    follow_up: list[FollowUp] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        return self.review.state != Review.State.COMPLETED

    @property
    def drawn(self) -> int:
        return sum(row.drawn for row in self.cases)

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.cases)

    @property
    def summary(self) -> list[str]:
        return [sentence(f) for f in self.figures if f.total.answered]

    @property
    def overall_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == Finding.Kind.FINDING]

    @property
    def recommendations(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == Finding.Kind.RECOMMENDATION]

    @property
    def districts(self) -> list[str]:
        return [row.name for row in self.cases]

    @property
    def ages(self) -> str:
        return ages(self.review)

    @property
    def has_responses(self) -> bool:
        return any(row.responses for row in self.follow_up)


def decimal(value: float | None) -> str:
    """Kappa with two decimals and a decimal comma ("0,62"), or a dash when undefined."""
    return "–" if value is None else f"{value:.2f}".replace(".", ",").replace("-", "\u2212")


def sentence(figures: QuestionFigures) -> str:
    """One question's result in words, as the summary states it."""
    return _("%(question)s Ja i %(yes)s av %(answered)s ärenden, %(share)s (95 %% KI %(ci)s).") % {
        "question": figures.text,
        "yes": figures.total.yes.count,
        "answered": figures.total.answered,
        "share": figures.total.yes.percent,
        "ci": figures.total.yes.interval_text,
    } + (
        " "
        + _("Nej i %(share)s (95 %% KI %(ci)s).")
        % {"share": figures.total.no.percent, "ci": figures.total.no.interval_text}
        if figures.key in NO_IS_THE_FINDING
        else ""
    )


def build(review: Review, *, today: datetime.date | None = None) -> Report:
    today = today or local_date(timezone.now())
    cases = report_selectors.cases_per_district(review)
    names = [row.name for row in cases]
    figures = _figures(review, names)
    findings = report_selectors.findings(review)
    report = Report(
        review=review,
        today=today,
        figures=figures,
        cases=cases,
        findings=[f for f in findings if f.district_id is None],
        district_findings=_by_district(f for f in findings if f.district_id is not None),
        overview=interval_chart(
            "overview",
            _("Andel ja per fråga, alla stadsdelsområden"),
            [(f"{n}. {f.text}", f.total.yes) for n, f in enumerate(figures, 1)],
            None,
            stacked=True,
        ),
        charts=[
            (
                f,
                interval_chart(
                    f"q-{f.key}", f.text, [(n, t.yes) for n, t in f.districts], f.total.yes
                ),
            )
            for f in figures
        ],
        design=design(review, cases),
        municipality=report_selectors.municipality(review),
    )
    if review.compare_with_id:
        report.earlier = review.compare_with
        earlier_names = [row.name for row in report_selectors.cases_per_district(report.earlier)]
        report.comparison = compare(
            figures, _figures(report.earlier, sorted(set(names) | set(earlier_names)))
        )
    report.agreement = [
        Agreement(row["question"].text, row["pairs"], row["agreed"], *_kappa(row))
        for row in selectors.agreement(review)
        if row["pairs"]
    ]
    report.follow_up = follow_up(review, today)
    return report


def _figures(review: Review, districts: list[str]) -> list[QuestionFigures]:
    questions = [(q.key, q.text) for q in selectors.questions(review)]
    return count(questions, selectors.answers_for_report(review), districts)


def _kappa(row: dict) -> tuple:
    return row["kappa"], row["low"], row["high"]


def _by_district(findings) -> list[tuple[str, list[Finding]]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.district.name, []).append(finding)
    return sorted(grouped.items())


def follow_up(review: Review, today: datetime.date, *, district=None) -> list[FollowUp]:
    """Per district of the sample (or only `district`): its measures, done and late."""
    names = [district.name] if district else report_selectors.district_names(review)
    rows = {name: FollowUp(name) for name in names}
    for response in report_selectors.responses(review, district):
        row = rows.setdefault(response.district.name, FollowUp(response.district.name))
        row.responses.append(response)
        row.done += response.done_on is not None
        row.late += response.late_on(today)
    return [rows[name] for name in sorted(rows)]


def ages(review: Review) -> str:
    if review.age_min is None and review.age_max is None:
        return _("alla åldrar")
    if review.age_max is None:
        return _("%(min)s år och äldre") % {"min": review.age_min}
    return _("%(min)s–%(max)s år") % {"min": review.age_min or 0, "max": review.age_max}


def design(review: Review, cases: list[DistrictCases]) -> list[tuple[str, str]]:
    """The sample's design as the method section states it, so that anyone can redraw it."""
    chosen = sorted(d.name for d in review.districts.all())
    per_district = ", ".join(f"{row.name} {row.drawn}" for row in cases)
    size = (
        _("alla ärenden i urvalsramen")
        if review.allocation == Review.Allocation.ALL
        else str(review.sample_size)
    )
    return [
        (_("Urvalsram (population)"), review.get_population_display()),
        (
            _("Period (beslutsdatum)"),
            f"{review.period_start:%Y-%m-%d} – {review.period_end:%Y-%m-%d}",
        ),
        (_("Barnets ålder vid beslutet"), ages(review)),
        (
            _("Stadsdelsområden"),
            ", ".join(chosen) if chosen else _("alla stadsdelsområden"),
        ),
        (_("Fördelning"), review.get_allocation_display()),
        (_("Urvalets storlek"), size),
        (_("Dragna ärenden"), f"{sum(r.drawn for r in cases)} ({per_district})"),
        (_("Startvärde för slumpen (seed)"), str(review.seed)),
        (
            _("Urvalet draget"),
            f"{timezone.localtime(review.frozen_at):%Y-%m-%d}" if review.frozen_at else "–",
        ),
    ]
