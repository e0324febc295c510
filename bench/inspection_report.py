"""Benchmark: the inspectors' report (figures, charts, PDF) for a 300-case review.

Run by hand on PostgreSQL, never in the test run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/likvard_report \\
        .venv/bin/python bench/inspection_report.py [--size 300] [--repeats 5]

The database must hold a demo municipality (`likvard demo --municipality stockholm
--years N --seed 1`). The script sets up a review through the services as an
inspector would — pre-assessments closed without investigation over the demo's last
year, children 0–12, all districts, proportional allocation of `--size` cases —
draws it, answers every case with the import's service (random answers, seed 1),
marks 30 cases for double review and answers them again as a second inspector, adds a
finding, and then measures, each `--repeats` times:

- figures: `report.build(review)` (answers, cases, findings, agreement, follow-up);
- pdf: `build` and the PDF by WeasyPrint, as `GET /granskning/<id>/rapport.pdf` does;
- queries: how many queries `build` makes, for the whole review and for a review of a
  tenth of its size (the same number: the report's reads do not grow per case).

Everything it wrote is rolled back at the end. Figures go to docs/performance.md.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import time


class _RollBack(Exception):
    """Raised to undo the benchmark's writes."""


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "likvard.settings.base")
    import django

    django.setup()


def _review(inspector, size: int, today: datetime.date):
    from likvard.inspection import selectors, services

    review = services.create_review(
        inspector,
        {
            "title": "Förhandsbedömningar barn 0–12 år (benchmark)",
            "population": "pre_assessments_not_opened",
            "period_start": today - datetime.timedelta(days=365),
            "period_end": today,
            "age_min": 0,
            "age_max": 12,
            "allocation": "proportional",
            "sample_size": size,
            "seed": 605,
            "compare_with": None,
        },
    )
    started = time.perf_counter()
    services.draw_sample(inspector, review.pk)
    drawn = time.perf_counter() - started
    rng = random.Random(1)
    choices = ["yes", "yes", "no", "partly", "not_applicable"]
    questions = selectors.questions(review)
    cases = list(selectors.cases(review))
    services.import_answers(
        inspector,
        review.pk,
        [(case, [services.Given(q, rng.choice(choices)) for q in questions]) for case in cases],
    )
    return review, cases, questions, drawn


def _second_opinion(review, cases, questions, rng) -> None:
    from likvard.inspection import services
    from likvard.organisation.models import Role, User

    services.mark_double_review(review.created_by, review.pk, 30)
    other = User.objects.create_user("bench-inspector-2", role=Role.INSPECTOR)
    doubles = [
        c
        for c in cases
        if c.pk in set(review.cases.filter(double_review=True).values_list("pk", flat=True))
    ]
    for case in doubles:
        given = [services.Given(q, rng.choice(["yes", "no", "partly"])) for q in questions]
        services.answer_case(other, review.pk, case.pk, given)


def _queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _times(call, repeats: int) -> dict:
    """Wall time (first run and median) and the process's CPU time (median): on a shared
    machine the CPU time is what the work costs, the wall time what the user waits."""
    runs, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {
        "first": round(runs[0], 3),
        "median": round(statistics.median(runs), 3),
        "cpu_median": round(statistics.median(cpu), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    _setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from likvard.core.calendar import local_date
    from likvard.inspection import pdf, report_services
    from likvard.inspection.report import build
    from likvard.organisation.models import Role, User
    from likvard.reports.models import Report

    today = local_date(timezone.now())
    result = {
        "database": connection.vendor,
        "reports": Report.objects.count(),
        "load_before": os.getloadavg()[0],
    }
    try:
        with transaction.atomic():
            inspector = User.objects.create_user("bench-inspector", role=Role.INSPECTOR)
            review, cases, questions, drawn = _review(inspector, args.size, today)
            _second_opinion(review, cases, questions, random.Random(2))
            report_services.add_finding(
                inspector, review.pk, kind="finding", text="Barn hörs i för få ärenden."
            )
            small, *_ = _review(inspector, max(args.size // 10, 11), today)
            result.update(
                sample=len(cases),
                draw_s=round(drawn, 3),
                queries=_queries(lambda: build(review)),
                queries_tenth=_queries(lambda: build(small)),
                figures_s=_times(lambda: build(review), args.repeats),
                pdf_s=_times(lambda: pdf.report_pdf(build(review)), args.repeats),
                pdf_bytes=len(pdf.report_pdf(build(review))),
                load_after=os.getloadavg()[0],
            )
            raise _RollBack
    except _RollBack:
        pass
    print(json.dumps(result))


if __name__ == "__main__":
    main()
