"""The report's parts: shares and intervals, the counting of answers, small cells, the
comparison with an earlier review, the inspectors' agreement, the findings on the draft
page, and that nothing in the report names a child."""

import pytest
from django.test import Client

from likvard.inspection import report as inspection_report
from likvard.inspection import services
from likvard.inspection.charts import interval_chart
from likvard.inspection.figures import compare, count
from likvard.inspection.models import Finding
from likvard.inspection.proportions import Proportion, percent, points
from likvard.organisation.models import Role
from likvard.people.models import Child
from tests import factories

from .reviews import answered_review, build_cases, values


def test_shares_round_half_up_and_print_as_swedish_percentages():
    assert percent(0.245) == "25\u00a0%"  # Python's round would give 24
    assert percent(57 / 286) == "20\u00a0%"
    assert points(0.05) == "+5" and points(-0.031) == "\u22123" and points(0.001) == "±0"
    assert Proportion(0, 14).interval[0] == pytest.approx(0.0, abs=1e-12)  # within 0–100 %
    assert Proportion(14, 14).interval[1] == pytest.approx(1.0)


def test_a_cell_of_fewer_than_five_answered_cases_shows_counts_but_no_share():
    small, enough = Proportion(1, 4), Proportion(1, 5)
    assert small.too_uncertain and small.percent == small.interval_text == "–"
    assert enough.shown and enough.percent == "20\u00a0%"
    chart = interval_chart("c", "Barnsamtal", [("Farsta", small), ("Järva", enough)], enough)
    assert chart.rows[0].bar_width is None and "1 av 4" in chart.rows[0].text
    assert chart.rows[1].bar_width > 0 and chart.rows[1].low_x < chart.rows[1].high_x
    assert "utan andel" in chart.description


def test_answers_are_counted_per_district_with_not_applicable_left_out():
    rows = [
        ("Järva", "child_heard", "yes"),
        ("Järva", "child_heard", "partly"),
        ("Järva", "child_heard", "not_applicable"),
        ("Farsta", "child_heard", "no"),
    ]
    (figures,) = count([("child_heard", "Hördes barnet?")], rows, ["Farsta", "Järva", "Bromma"])
    assert [(n, t.yes.count, t.answered) for n, t in figures.districts] == [
        ("Farsta", 0, 1),
        ("Järva", 1, 2),
        ("Bromma", 0, 0),
    ]
    assert (figures.total.yes.count, figures.total.answered, figures.total.not_applicable) == (
        1,
        3,
        1,
    )


def test_the_comparison_gives_each_share_beside_the_earlier_and_the_change():
    earlier = count(
        [("q", "Fråga")], [("Järva", "q", "yes")] * 5 + [("Järva", "q", "no")] * 5, ["Järva"]
    )
    now = count(
        [("q", "Fråga")], [("Järva", "q", "yes")] * 8 + [("Järva", "q", "no")] * 2, ["Järva"]
    )
    (change,) = compare(now, earlier)
    assert (change.earlier.share, change.now.share) == (0.5, 0.8)
    assert change.change_text == "+30"
    assert dict(change.districts)["Järva"].change_text == "+30"


@pytest.mark.django_db
def test_the_draft_page_compares_shows_agreement_and_takes_findings(inspector):
    build_cases({"Järva": 10, "Södermalm": 10})
    first = answered_review(inspector, {"child_heard": values(1, 20, yes=5, no=15)})
    services.complete_review(inspector, first.pk)
    second = answered_review(
        inspector, {"child_heard": values(2, 20, yes=15, no=5)}, compare_with=first
    )
    # A second inspector answers the 6 cases of lowest rank, agreeing in 5.
    services.mark_double_review(inspector, second.pk, 6)
    other = factories.user(Role.INSPECTOR)
    question = second.questions.get(key="child_heard")
    primary = dict(
        second.cases.filter(double_review=True)
        .filter(answers__question=question)
        .values_list("pk", "answers__value")
    )
    for i, (case_pk, value) in enumerate(sorted(primary.items())):
        flipped = value if i else ("no" if value == "yes" else "yes")
        services.answer_case(other, second.pk, case_pk, [services.Given(question, flipped)])

    report = inspection_report.build(second)
    (change,) = [c for c in report.comparison if c.key == "child_heard"]
    assert (change.earlier.count, change.now.count, change.change_text) == (5, 15, "+50")
    (agreement,) = [a for a in report.agreement if a.text == question.text]
    assert (agreement.pairs, agreement.agreed) == (6, 5)
    assert (report.drawn, report.answered) == (20, 20)  # the second inspector adds no case

    web = Client()
    web.force_login(inspector)
    url = f"/granskning/{second.pk}/rapport/"
    page = web.get(url).content.decode()
    assert "Jämförelse med tidigare granskning" in page and "+50" in page
    assert "Samstämmighet mellan granskarna" in page and agreement.kappa_text in page
    added = web.post(
        url,
        {
            "action": "add_finding",
            "kind": "recommendation",
            "district": "",
            "text": "Fler barnsamtal.",
        },
    )
    assert added.status_code == 302
    finding = Finding.objects.get()
    assert (finding.review, finding.kind, finding.district) == (second, "recommendation", None)
    web.post(url, {"action": "change_finding", "finding": finding.pk, "text": "Fler samtal."})
    assert Finding.objects.get().text == "Fler samtal."
    refused = web.post(url, {"action": "add_finding", "kind": "finding", "text": " "})
    assert refused.status_code == 400 and Finding.objects.count() == 1
    web.post(url, {"action": "remove_finding", "finding": finding.pk})
    assert not Finding.objects.exists()


@pytest.mark.django_db
def test_the_report_names_no_child(inspector):
    build_cases({"Järva": 6})
    review = answered_review(inspector, {"child_heard": ["yes"] * 6})
    web = Client()
    web.force_login(inspector)
    bodies = [
        web.get(f"/granskning/{review.pk}/rapport/").content.decode(),
        web.get(f"/granskning/{review.pk}/rapport.csv").content.decode("utf-8-sig"),
    ]
    names = list(Child.objects.values_list("last_name", "reserve_number"))
    assert len(names) == 6
    for last_name, number in names:
        for body in bodies:
            assert last_name not in body and number not in body
    for report_id in review.cases.values_list("report_id", flat=True):
        assert f"Orosanmälan {report_id}" not in bodies[0]
