"""The city's review of 286 pre-assessments (SOF 2023/605), rebuilt from cases: the report
states its figures, each with the 95 % Wilson interval worked out here from the formula.

286 closed pre-assessments (decision "not open", children 0–12), 26 in each of the 11
districts, every one drawn (allocation "all") and answered so that: the decision did not
hold in 57 (concern remained: 20 %), the child was heard in 72 (25 %), feedback was given
in 132 of the 200 cases where the reporter asked for it (66 %; not applicable in the
others), of the 200 children known before 74 had no written reason (37 %: the share of
"no"; not applicable for the 86 not known before), and of the 14 cases with violence
suspected a police report was considered in 3 and made in none (not applicable in the
others). A second, different population gives its own numbers.
"""

import csv
import io
import math

import pytest
from django.test import Client

from likvard.inspection import report as inspection_report

from .reviews import STOCKHOLM, answered_review, build_cases, values

pytestmark = pytest.mark.django_db

Z = 1.959963984540054  # the 97.5 % point of the standard normal


def wilson(count: int, n: int) -> tuple[float, float]:
    """The Wilson score interval, from the formula (not from statsmodels)."""
    p = count / n
    denominator = 1 + Z**2 / n
    centre = (p + Z**2 / (2 * n)) / denominator
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / denominator
    return centre - half, centre + half


def whole(share: float) -> int:
    return math.floor(share * 100 + 0.5)


def stated(count: int, n: int) -> str:
    """How the report words a share: "20 % (95 % KI 16–25 %)"."""
    low, high = wilson(count, n)
    return f"{whole(count / n)}\u00a0% (95 % KI {whole(low)}–{whole(high)}\u00a0%)"


def city_plan() -> dict[str, list[str]]:
    n = 286
    violence = values(7, n, yes=14, not_applicable=272)  # which cases had violence suspected
    considered = iter(values(8, 14, yes=3, no=11))
    return {
        "time_limits_kept": values(1, n, yes=280, no=6),
        "documentation_relevant": values(2, n, yes=250, partly=30, no=6),
        "motivation_well_founded": values(3, n, yes=200, partly=40, no=46),
        "concern_remained": values(4, n, yes=57, no=229),
        "child_heard": values(5, n, yes=72, no=214),
        "feedback_given": values(6, n, yes=132, no=68, not_applicable=86),
        "known_before_considered": values(9, n, yes=126, no=74, not_applicable=86),
        "police_report_considered": [
            next(considered) if v == "yes" else "not_applicable" for v in violence
        ],
        "police_report_made": ["no" if v == "yes" else "not_applicable" for v in violence],
        "straight_to_investigation": values(10, n, yes=23, no=263),
    }


#: key → (yes, answered) as the source document states them.
CITY = {
    "concern_remained": (57, 286),
    "child_heard": (72, 286),
    "feedback_given": (132, 200),
    "police_report_considered": (3, 14),
    "police_report_made": (0, 14),
}


def _csv(web, review) -> dict[tuple[str, str], dict]:
    text = web.get(f"/granskning/{review.pk}/rapport.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    return {(row["Fråga (nyckel)"], row["Stadsdelsområde"]): row for row in rows}


def _decimal(share: float) -> str:
    return f"{round(share * 100, 1)}".replace(".", ",")


def test_the_report_states_the_city_review_figures_with_their_wilson_intervals(inspector):
    build_cases(dict.fromkeys(STOCKHOLM, 26))
    review = answered_review(inspector, city_plan(), title="Förhandsbedömningar barn 0–12 år")
    web = Client()
    web.force_login(inspector)

    report = inspection_report.build(review)
    assert report.drawn == report.answered == 286
    assert [row.drawn for row in report.cases] == [26] * 11
    figures = {f.key: f for f in report.figures}
    for key, (yes, answered) in CITY.items():
        proportion = figures[key].total.yes
        assert (proportion.count, proportion.answered) == (yes, answered), key
        low, high = wilson(yes, answered)
        assert proportion.interval == pytest.approx((max(low, 0), high), abs=1e-9), key
    known = figures["known_before_considered"].total
    assert (known.no.count, known.answered, known.not_applicable) == (74, 200, 86)

    # The page, the PDF's HTML and the CSV state them.
    page = web.get(f"/granskning/{review.pk}/rapport/").content.decode()
    assert "Ja i 57 av 286 ärenden, " + stated(57, 286) in page.replace("&nbsp;", "\u00a0")
    for expected in (
        "20\u00a0% (95 % KI 16–25\u00a0%)",  # worked out by hand: 15.7–24.9 %
        stated(72, 286),  # 25 %
        stated(132, 200),  # 66 %
        "Nej i " + stated(74, 200),  # 37 % known before without a written reason
        "Ja i 3 av 14 ärenden, " + stated(3, 14),
        "Ja i 0 av 14 ärenden, " + stated(0, 14),  # made in none: 0 %, 0–22 %
    ):
        assert expected in page, expected
    assert stated(57, 286) == "20\u00a0% (95 % KI 16–25\u00a0%)"
    assert stated(72, 286).startswith("25\u00a0%") and stated(132, 200).startswith("66\u00a0%")
    assert stated(74, 200).startswith("37\u00a0%")

    rows = _csv(web, review)
    for key, (yes, answered) in CITY.items():
        row = rows[key, "Alla stadsdelsområden"]
        low, high = wilson(yes, answered)
        assert (row["Ja"], row["Besvarade"]) == (str(yes), str(answered)), key
        assert row["Andel ja (%)"] == _decimal(yes / answered), key
        assert row["Ja, 95 % KI nedre (%)"] == _decimal(max(low, 0.0)), key
        assert row["Ja, 95 % KI övre (%)"] == _decimal(high), key
    assert rows["concern_remained", "Alla stadsdelsområden"]["Ja, 95 % KI nedre (%)"] == "15,7"
    assert rows["known_before_considered", "Alla stadsdelsområden"]["Andel nej (%)"] == "37,0"
    # Per district the counts add up to the total, and each cell has its own interval.
    by_district = [rows["concern_remained", name] for name in STOCKHOLM]
    assert sum(int(r["Ja"]) for r in by_district) == 57
    for r in by_district:
        low, high = wilson(int(r["Ja"]), int(r["Besvarade"]))
        assert r["Ja, 95 % KI övre (%)"] == _decimal(high)


def test_a_different_population_gives_its_own_figures(inspector):
    """Three districts, 9 + 7 + 3 cases: other shares, and Farsta's 3 too few for one."""
    build_cases({"Järva": 9, "Södermalm": 7, "Farsta": 3})
    heard = ["yes"] * 2 + ["no"] + ["yes"] * 6 + ["no"] * 3 + ["yes"] * 5 + ["no"] * 2
    plan = {"child_heard": heard, "concern_remained": values(3, 19, yes=4, no=15)}
    review = answered_review(inspector, plan, title="Andra populationen")
    web = Client()
    web.force_login(inspector)

    report = inspection_report.build(review)
    child_heard = next(f for f in report.figures if f.key == "child_heard")
    # Draw order is by district name: Farsta (3), Järva (9), Södermalm (7).
    assert [(n, t.yes.count, t.answered) for n, t in child_heard.districts] == [
        ("Farsta", 2, 3),
        ("Järva", 6, 9),
        ("Södermalm", 5, 7),
    ]
    assert (child_heard.total.yes.count, child_heard.total.answered) == (13, 19)
    page = web.get(f"/granskning/{review.pk}/rapport/").content.decode()
    assert "Ja i 13 av 19 ärenden, " + stated(13, 19) in page  # 68 %
    assert "Ja i 4 av 19 ärenden, " + stated(4, 19) in page  # 21 %
    rows = _csv(web, review)
    farsta = rows["child_heard", "Farsta"]
    assert (farsta["Ja"], farsta["Besvarade"], farsta["Andel ja (%)"]) == ("2", "3", "")
    assert "färre än 5" in farsta["Anmärkning"]
    jarva = rows["child_heard", "Järva"]
    assert jarva["Ja, 95 % KI nedre (%)"] == _decimal(wilson(6, 9)[0])
