"""Benchmark: every API list endpoint as district roles and the inspector, over 10 years.

Issue 8's bar: each list answers within 200 ms at p95 for a district role. Run by
hand on PostgreSQL with the 10-year demo (loaded by casework_pages.py if missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/likvard_bench \\
        .venv/bin/python bench/api_lists.py [--think 2] [--rounds 5]

The production server (`likvard serve`) answers; each signed-in demo account
(intake workers, investigators, supervisors of every district, and the inspector
who reads all districts) requests every list endpoint in turn, unfiltered and
with its commonest filter, the first page of 50 rows with its total count. The
children list is also asked for one child by personnummer, the lookup a worker
makes. Prints p50/p95/max per endpoint and per role.
"""

import argparse
import os
import random
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import casework_pages as bench

#: (label, path) of every list the API has; {pnr} is a child of the user's district.
LISTS = (
    ("reports", "/api/reports/"),
    ("reports?state", "/api/reports/?state=pre_assessment"),
    ("children", "/api/children/"),
    ("children?pnr", "/api/children/?personal_number={pnr}"),
    ("decisions", "/api/decisions/"),
    ("decisions?kind", "/api/decisions/?kind=not_open"),
    ("investigations", "/api/investigations/"),
    ("investigations?state", "/api/investigations/?state=ongoing"),
    ("cosignature-requests", "/api/cosignature-requests/"),
)


def accounts(count: int) -> list[tuple[str, str, list[str]]]:
    """(username, role, personnummer of children in the user's district) per account."""
    from likvard.demo.accounts import existing_demo_accounts
    from likvard.people.models import Child
    from likvard.reports.models import Report

    chosen = []
    users = sorted(
        (user for _spec, user in existing_demo_accounts() if user.is_active),
        key=lambda u: u.username,
    )
    by_role: dict[str, list] = {}
    for user in users:
        if user.district_id and not user.holds("read_all_districts"):
            by_role.setdefault(user.role, []).append(user)
    # Interleave the roles (intake, investigator, supervisor of one district, then the next).
    interleaved = [u for group in zip(*by_role.values(), strict=False) for u in group]
    district_users = interleaved[:count]
    inspectors = [u for u in users if u.holds("read_all_districts")][:1]
    for user in district_users + inspectors:
        district = user.district_id or district_users[0].district_id
        child_ids = list(
            Report.objects.filter(district_id=district).values_list("child_id", flat=True)[:200]
        )
        numbers = list(
            Child.objects.filter(pk__in=child_ids)
            .filter(personal_number__isnull=False)
            .values_list("personal_number", flat=True)
        )
        chosen.append((user.username, user.role, numbers))
    return chosen


def run(port, users, rounds, think, seed):
    """Sign everyone in, then each user walks every list `rounds` times."""
    samples, lock, errors = [], threading.Lock(), []
    start = threading.Barrier(len(users) + 1)

    def user_loop(username, role, numbers):
        browser = bench.Browser(port)
        rng = random.Random(f"{seed}-{username}")
        try:
            browser.sign_in(username, "demo")
        except Exception as exc:  # reported, then the run stops
            errors.append(f"{username}: {exc}")
        start.wait()
        if errors:
            return
        local = []
        for n in range(rounds + 1):  # the first round warms up, not counted
            for label, path in LISTS:
                path = path.format(pnr=rng.choice(numbers) if numbers else "")
                status, _payload, seconds = browser.request("GET", path)
                if n:
                    local.append((label, role, status, seconds * 1000))
                if think:
                    time.sleep(rng.uniform(0.5, 1.5) * think)
        with lock:
            samples.extend(local)

    threads = [threading.Thread(target=user_loop, args=u) for u in users]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    if errors:
        sys.exit("Sign-in failed: " + "; ".join(errors))
    return samples, time.perf_counter() - began


def report(samples, wall) -> None:
    print(f"{len(samples)} requests in {wall:.1f} s")
    print(f"{'endpoint':<22} {'n':>5} {'err':>4} {'p50':>7} {'p95':>7} {'max':>7}   (ms)")
    for key in [label for label, _ in LISTS] + ["all"]:
        rows = [s for s in samples if key in ("all", s[0])]
        ms = [s[3] for s in rows]
        errors = sum(1 for s in rows if s[2] != 200)
        print(
            f"{key:<22} {len(ms):>5} {errors:>4} {bench.percentile(ms, 50):>7.1f} "
            f"{bench.percentile(ms, 95):>7.1f} {max(ms):>7.1f}"
        )
    print("by role (all endpoints):")
    for role in sorted({s[1] for s in samples}):
        ms = [s[3] for s in samples if s[1] == role]
        print(
            f"  {role:<20} n={len(ms):>5} p50={bench.percentile(ms, 50):.1f} "
            f"p95={bench.percentile(ms, 95):.1f} max={max(ms):.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="district accounts (+ inspector)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or bench.DEFAULT_URL
    if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1", None):
        sys.exit("The benchmark only runs against a database on loopback.")
    os.environ["DATABASE_URL"] = url
    bench.ensure_database(url)
    bench.setup_django()
    bench.load_demo(10, args.seed)
    print(f"data: {bench.data_summary()}")
    users = accounts(args.users)
    from django.db import connections

    connections.close_all()
    port = bench.free_port()
    command = bench.server_command("gunicorn", port, 2, 4)
    process = bench.start_server(command, url, Path("/tmp") / f"likvard-api-bench-{port}.log")  # noqa: S108
    try:
        bench.wait_until_up(port, process)
        samples, wall = run(port, users, args.rounds, args.think, args.seed)
    finally:
        bench.stop_server(process)
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}  {len(users)} users, think {args.think} s")
    report(samples, wall)


if __name__ == "__main__":
    main()
