"""Benchmark: the quality dashboard over 1, 3 and 10 years of Stockholm-scale data.

Run by hand on PostgreSQL, never in the test run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/likvard_qbench \\
        .venv/bin/python bench/quality_dashboard.py [--years 1 3 10]

For each number of years N the database `<name>_<N>y` is created if missing,
migrated, and loaded with `likvard demo --municipality stockholm --years N
--seed 1 --as-of <as-of>` (about 30,000 reports a year) unless it has data.
Then each measurement runs in a new Python process with a new database
connection, so "cold" means: nothing cached in the process (Django, plans,
the stored counts' check) and the first query of the connection; the
operating system's page cache and PostgreSQL's shared buffers may still hold
pages from earlier runs. "Warm" is the median of five repeats in that process.

Measured, for all 11 districts:
- count: every indicator counted afresh from the cases over the whole history
  (what the stored month counts must equal; the cost per report shows here);
- rebuild: `likvard quality_rollup --rebuild` from scratch;
- stored: the dashboard's numbers over the whole history from the month counts;
- page: GET /kvalitet/ (last twelve months, as an inspector) through Django's
  test client: numbers, charts and template;
- refresh: the numbers after 50 reports registered and assessed through the
  services (the writes and the check roll back afterwards).

Figures and the command go to docs/performance.md ("Quality dashboard").
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.parse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/likvard_qbench"
DEFAULT_AS_OF = "2026-11-20T12:00+01:00"
REPEATS = 5
WRITES = 50


def database_url(base: str, years: int) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{years}y"))


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    name = parts.path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"creating database {name}", flush=True)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_likvard(url: str, *args: str) -> None:
    likvard = os.path.join(os.path.dirname(sys.executable), "likvard")
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([likvard, *args], check=True, env=env)  # noqa: S603 - our own command


def measure(url: str, what: str, as_of: str) -> dict:
    """Run one measurement in a new process; its JSON answer."""
    result = subprocess.run(  # noqa: S603 - this script, run again
        [sys.executable, __file__, "--measure", what, "--as-of", as_of],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------ inside a measurement


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "likvard.settings.base")
    import django

    django.setup()


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _cold_and_warm(call) -> dict:
    cold = _timed(call)
    warm = statistics.median(_timed(call) for _ in range(REPEATS))
    return {"cold_s": round(cold, 3), "warm_s": round(warm, 3)}


def _whole_history(as_of: datetime.datetime):
    from django.db.models import Min

    from likvard.core.calendar import local_date
    from likvard.quality.selectors import Period
    from likvard.reports.models import Report

    first = local_date(Report.objects.aggregate(first=Min("received_at"))["first"])
    today = local_date(as_of)
    return Period(first.replace(day=1), today.replace(day=1)), today


def run_measurement(what: str, as_of_text: str) -> dict:
    _setup()
    from django.db import connection, transaction
    from django.test import Client

    from likvard.organisation.models import User
    from likvard.quality import rollup
    from likvard.quality.models import MonthCount
    from likvard.quality.selectors import compute
    from likvard.reports.models import Report

    as_of = datetime.datetime.fromisoformat(as_of_text)
    period, today = _whole_history(as_of)
    answer = {"reports": Report.objects.count(), "months": len(period.months)}
    if what == "count":
        answer.update(_cold_and_warm(lambda: compute(period, today, stored=False)))
    elif what == "rebuild":
        answer["cold_s"] = round(_timed(lambda: rollup.refresh(rebuild=True)), 3)
        answer["rows"] = MonthCount.objects.count()
    elif what == "stored":
        answer.update(_cold_and_warm(lambda: compute(period, today)))
    elif what == "page":
        inspector = User.objects.filter(role="inspector", is_active=True).first()
        client = Client()
        client.force_login(inspector)

        def page():
            response = client.get("/kvalitet/", HTTP_HOST="localhost")
            assert response.status_code == 200, response.status_code

        answer.update(_cold_and_warm(page))
    elif what == "refresh":
        worker = User.objects.filter(role="intake_worker", is_active=True).first()
        compute(period, today)  # up to date before the writes
        with transaction.atomic():
            for n in range(WRITES):
                _register_and_assess(worker, n)
            answer["cold_s"] = round(_timed(lambda: compute(period, today)), 3)
            transaction.set_rollback(True)
        answer["writes"] = WRITES
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        answer["postgresql"] = cursor.fetchone()[0]
    return answer


def _register_and_assess(worker, n: int) -> None:
    """One new report about a new child (reserve number), with its protection assessment."""
    from django.utils import timezone

    from likvard.casework import services as casework
    from likvard.people.services import ChildInput
    from likvard.reports.services import ReportInput, register_report

    report = register_report(
        worker,
        ReportInput(
            child=ChildInput(
                first_name="Bench", last_name=f"Barn {n}", birth_date=datetime.date(2015, 1, 1)
            ),
            received_at=timezone.now() - datetime.timedelta(minutes=5),
            channel="phone",
            reporter_type="school",
            reporter_mandated=True,
            reporter_wants_feedback=True,
            description="Syntetisk anmälan för mätning.",
            concerns=["neglect"],
        ),
    )
    casework.assess_protection(
        worker,
        report.pk,
        version=report.version,
        immediate_protection_needed=False,
        assessment="Inget akut skyddsbehov.",
    )


# ------------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--as-of", default=DEFAULT_AS_OF)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        print(json.dumps(run_measurement(options.measure, options.as_of)))
        return
    base = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not base.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database (the figures are for PostgreSQL).")
    rows = []
    for years in options.years:
        url = database_url(base, years)
        ensure_database(url)
        run_likvard(url, "migrate", "-v0")
        if not _has_reports(url):
            print(f"loading {years} year(s) of demo data", flush=True)
            run_likvard(
                url,
                "demo",
                "--municipality=stockholm",
                f"--years={years}",
                f"--seed={options.seed}",
                f"--as-of={options.as_of}",
            )
        figures = {what: measure(url, what, options.as_of) for what in _ORDER}
        rows.append((years, figures))
        print(f"{years} y: {json.dumps(figures)}", flush=True)
    print()
    print(_table(rows))
    print(
        f"\n{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PostgreSQL {rows[-1][1]['count']['postgresql']}, as of {options.as_of}"
    )


_ORDER = ("count", "rebuild", "stored", "page", "refresh")


def _has_reports(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('reports_report')").fetchone()[0]
        return bool(exists) and bool(
            conn.execute("SELECT EXISTS (SELECT 1 FROM reports_report)").fetchone()[0]
        )


def _table(rows) -> str:
    lines = [
        "| years | reports | count cold / warm (s) | µs per report (warm) | rebuild (s) "
        "| stored cold / warm (s) | page cold / warm (s) | refresh after 50 writes (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for years, f in rows:
        reports = f["count"]["reports"]
        per_report = f["count"]["warm_s"] / reports * 1e6
        lines.append(
            f"| {years} | {reports:,} | {f['count']['cold_s']} / {f['count']['warm_s']} "
            f"| {per_report:.1f} | {f['rebuild']['cold_s']} "
            f"| {f['stored']['cold_s']} / {f['stored']['warm_s']} "
            f"| {f['page']['cold_s']} / {f['page']['warm_s']} | {f['refresh']['cold_s']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
