"""Scoped reads of the inspectors' reviews: only a user holding `conduct_inspections`
reads a review (its sample names cases of every district)."""

import math
from collections import defaultdict

import numpy as np
from django.db.models import Count
from statsmodels.stats.inter_rater import cohens_kappa

from likvard.core.errors import NotFound
from likvard.organisation.models import District
from likvard.reports import selectors as report_reads

from .models import Answer, Question, Review, SampledCase, Value


def reviews(user):
    if not user.holds("conduct_inspections"):
        return Review.objects.none()
    return Review.objects.select_related("created_by").prefetch_related("districts")


def review(user, pk) -> Review:
    found = reviews(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def districts():
    """The districts a review may be limited to (the set-up's choices)."""
    return District.objects.order_by("name")


def questions(review_: Review) -> list[Question]:
    return list(review_.questions.all())


def cases(review_: Review):
    return SampledCase.objects.filter(review=review_).select_related("district")


def sampled_case(review_: Review, pk) -> SampledCase:
    found = cases(review_).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def known_reports(user, numbers) -> set[int]:
    """Which of these report numbers name a report the user reads."""
    return set(report_reads.reports(user).filter(pk__in=list(numbers)).values_list("pk", flat=True))


def answers_of(case: SampledCase, inspector) -> dict[int, Answer]:
    """Question id → this inspector's answer about the case."""
    return {a.question_id: a for a in case.answers.filter(inspector=inspector)}


def other_answers(case: SampledCase, inspector) -> int:
    """How many answers other inspectors gave about the case (double review)."""
    return case.answers.exclude(inspector=inspector).count()


def progress(review_: Review) -> list[dict]:
    """Per district: cases, cases with every question answered (by anyone), and the
    cases marked for double review with both reviewers' answers complete. Two queries."""
    total_questions = review_.questions.count()
    per_case = defaultdict(dict)  # case id → inspector id → answers
    for case_id, inspector_id, n in (
        Answer.objects.filter(sampled_case__review=review_)
        .values_list("sampled_case_id", "inspector_id")
        .annotate(n=Count("id"))
    ):
        per_case[case_id][inspector_id] = n
    rows: dict[str, dict] = {}
    for case_id, name, double in cases(review_).values_list(
        "pk", "district__name", "double_review"
    ):
        row = rows.setdefault(
            name, {"district": name, "cases": 0, "answered": 0, "double": 0, "double_done": 0}
        )
        complete = [n for n in per_case[case_id].values() if n >= total_questions > 0]
        row["cases"] += 1
        row["answered"] += bool(complete)
        row["double"] += double
        row["double_done"] += double and len(complete) >= 2
    return [rows[name] for name in sorted(rows)]


def answers_for_report(review_: Review) -> list[tuple[str, str, str]]:
    """(district name, question key, value) of the primary reviewer's answer per case
    and question: the first answer given (lowest id). What the report counts."""
    first: dict[tuple[int, int], tuple[str, str, str]] = {}
    rows = (
        Answer.objects.filter(sampled_case__review=review_)
        .order_by("pk")
        .values_list(
            "sampled_case_id",
            "question_id",
            "sampled_case__district__name",
            "question__key",
            "value",
        )
    )
    for case_id, question_id, district, key, value in rows:
        first.setdefault((case_id, question_id), (district, key, value))
    return list(first.values())


CATEGORIES = list(Value.values)


def agreement(review_: Review) -> list[dict]:
    """Per question: Cohen's kappa between the first two inspectors who answered each
    case marked for double review, with its 95 % confidence interval.

    `pairs` is the number of cases both answered; with fewer than two, or when every
    answer falls in one category (kappa undefined), kappa is None.
    """
    firsts: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = (
        Answer.objects.filter(sampled_case__review=review_, sampled_case__double_review=True)
        .order_by("pk")
        .values_list("sampled_case_id", "question_id", "inspector_id", "value")
    )
    seen: dict[tuple[int, int], list[int]] = defaultdict(list)
    for case_id, question_id, inspector_id, value in rows:
        if len(seen[case_id, question_id]) < 2:
            seen[case_id, question_id].append(inspector_id)
            firsts[case_id, question_id].append(value)
    result = []
    for question in review_.questions.all():
        pairs = [v for (_c, q), v in firsts.items() if q == question.pk and len(v) == 2]
        result.append({"question": question, **_kappa(pairs)})
    return result


def _kappa(pairs: list[list[str]]) -> dict:
    empty = {"pairs": len(pairs), "agreed": sum(a == b for a, b in pairs)}
    if len(pairs) < 2:
        return {**empty, "kappa": None, "low": None, "high": None}
    table = np.zeros((len(CATEGORIES), len(CATEGORIES)))
    for a, b in pairs:
        table[CATEGORIES.index(a), CATEGORIES.index(b)] += 1
    with np.errstate(divide="ignore", invalid="ignore"):
        res = cohens_kappa(table)  # its interval is the 95 % one
    if not math.isfinite(res.kappa):
        return {**empty, "kappa": None, "low": None, "high": None}
    return {**empty, "kappa": res.kappa, "low": res.kappa_low, "high": res.kappa_upp}
