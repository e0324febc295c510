"""Agreement between two inspectors: Cohen's kappa per question, with its interval,
against an example worked out by hand."""

import math

import pytest

from likvard.inspection import selectors, services
from likvard.organisation.models import Role
from tests import factories

from .conftest import setup


def test_kappa_against_a_hand_computed_example(cases, inspector):
    """Ten cases, question "child heard"; the two inspectors' answers:

        first:  yes yes yes yes yes no  no  no  no  no
        second: yes yes yes yes no  no  no  no  no  yes

    Agreement p_o = 8/10 = 0.8. Each said yes 5 times and no 5 times, so chance
    agreement p_e = 0.5·0.5 + 0.5·0.5 = 0.5, and kappa = (0.8 − 0.5)/(1 − 0.5) = 0.6.
    Its standard error (Cohen's, as statsmodels computes it) is
    sqrt(p_o(1 − p_o) / (n(1 − p_e)²)) = sqrt(0.16 / 2.5) = 0.253, so the 95 %
    interval is 0.6 ± 1.96·0.253 = (0.104, 1.096).
    """
    review = services.create_review(inspector, setup(sample_size=10))
    services.draw_sample(inspector, review.pk)
    services.mark_double_review(inspector, review.pk, 10)
    second = factories.user(Role.INSPECTOR)
    heard = review.questions.get(key="child_heard")
    first_answers = ["yes"] * 5 + ["no"] * 5
    second_answers = ["yes"] * 4 + ["no"] * 5 + ["yes"]
    for case, a, b in zip(
        review.cases.order_by("rank"), first_answers, second_answers, strict=True
    ):
        services.answer_case(inspector, review.pk, case.pk, [services.Given(heard, a)])
        services.answer_case(second, review.pk, case.pk, [services.Given(heard, b)])
    rows = {row["question"].key: row for row in selectors.agreement(review)}
    got = rows["child_heard"]
    assert (got["pairs"], got["agreed"]) == (10, 8)
    assert got["kappa"] == pytest.approx(0.6)
    se = math.sqrt(0.16 / 2.5)
    assert got["low"] == pytest.approx(0.6 - 1.959964 * se, abs=1e-4)
    assert got["high"] == pytest.approx(0.6 + 1.959964 * se, abs=1e-4)
    # A question nobody answered twice has no kappa.
    assert rows["documentation_relevant"]["kappa"] is None
    # The report reads only the first reviewer's answers.
    report_rows = [r for r in selectors.answers_for_report(review) if r[1] == "child_heard"]
    assert sorted(v for _d, _k, v in report_rows) == sorted(first_answers)


def test_double_review_marks_the_lowest_ranks(drawn, inspector):
    assert services.mark_double_review(inspector, drawn.pk, 2) == 2
    marked = list(drawn.cases.filter(double_review=True).values_list("rank", flat=True))
    lowest = list(drawn.cases.order_by("rank").values_list("rank", flat=True)[:2])
    assert sorted(marked) == lowest
