"""Benchmark: the inspectors' stratified sample of 300 cases over 10 years.

Issue 12's bar: drawing a 300-case sample from 10 years of Stockholm-scale data
(about 300,000 reports) takes under 5 s on PostgreSQL. Run by hand with the 10-year
demo (loaded by casework_pages.py's loader if the database is empty):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/likvard_bench \\
        .venv/bin/python bench/inspection_sample.py [--years 10] [--rounds 5]

Each round is what the "Dra urvalet" button does, as a demo inspector: the service
`draw_sample` reads the population (pre-assessments closed "not open" over the whole
period, children 0–12, every district) through casework's selector in one query,
ranks every case by sha256, allocates 300 proportionally and writes the sample; the
round's transaction is then rolled back so the next round draws the same. Prints the
population, the sample per district and min / median / max seconds.
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import casework_pages as bench


class Rollback(Exception):
    """Ends a round's transaction without keeping its rows."""


def inspector():
    from likvard.demo.accounts import existing_demo_accounts

    found = [u for _spec, u in existing_demo_accounts() if u.holds("conduct_inspections")]
    if not found:
        raise SystemExit("No demo inspector: build the demo with its accounts.")
    return found[0]


def draw_once(user, years: int, size: int, seed: int):
    from django.db import transaction
    from django.utils import timezone

    from likvard.core.calendar import local_date
    from likvard.inspection import services
    from likvard.inspection.models import Population

    today = local_date(timezone.now())
    setup = {
        "title": "Bänktest",
        "population": Population.PRE_ASSESSMENTS_NOT_OPENED,
        "period_start": today - datetime.timedelta(days=365 * years + years // 4 + 1),
        "period_end": today,
        "age_min": 0,
        "age_max": 12,
        "allocation": "proportional",
        "sample_size": size,
        "seed": seed,
        "compare_with": None,
    }
    result = {}
    try:
        with transaction.atomic():
            review = services.create_review(user, setup)
            started = time.perf_counter()
            cases = services.draw_sample(user, review.pk)
            result["seconds"] = time.perf_counter() - started
            result["sample"] = len(cases)
            result["by_district"] = {}
            for case in cases:
                result["by_district"][case.district_id] = (
                    result["by_district"].get(case.district_id, 0) + 1
                )
            raise Rollback
    except Rollback:
        pass
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10, help="demo years to load if empty")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--seed", type=int, default=286)
    args = parser.parse_args()

    bench.ensure_database(bench.os.environ.setdefault("DATABASE_URL", bench.DEFAULT_URL))
    bench.setup_django()
    bench.load_demo(args.years, 1)
    print(bench.data_summary())

    user = inspector()
    rounds = [draw_once(user, args.years, args.size, args.seed) for _ in range(args.rounds)]
    seconds = sorted(r["seconds"] for r in rounds)
    print(f"sample {rounds[0]['sample']} cases, per district id: {rounds[0]['by_district']}")
    assert all(r["by_district"] == rounds[0]["by_district"] for r in rounds)  # same draw
    print(
        f"draw_sample: min {seconds[0]:.2f} s, median {statistics.median(seconds):.2f} s, "
        f"max {seconds[-1]:.2f} s over {len(seconds)} rounds"
    )


if __name__ == "__main__":
    main()
