"""Benchmark: what logging every read adds to the child page (issue #3's target: < 20 %).

Run by hand on PostgreSQL with the 10-year demo (loaded by casework_pages.py if missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/likvard_bench \\
        .venv/bin/python bench/audit_overhead.py [--passes 2] [--think 5] [--server gunicorn]

One run alternates servers with read logging on and off (LIKVARD_AUDIT_READS), each
pass measuring the same 20 users with the same load and each pass swapping which mode
goes first (the second meets warmer caches), so the machine's other work and the
caches fall on both modes alike; the 95th percentiles of each mode are compared.
"""

import argparse
import os
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import casework_pages as bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--think", type=float, default=5.0)
    parser.add_argument("--passes", type=int, default=2, help="on/off alternations")
    parser.add_argument("--server", choices=("gunicorn", "runserver"), default="gunicorn")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or bench.DEFAULT_URL
    if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1", None):
        sys.exit("The benchmark only runs against a database on loopback.")
    os.environ["DATABASE_URL"] = url
    bench.ensure_database(url)
    bench.setup_django()
    bench.load_demo(10, 1)
    workers = bench.pick_workers(args.users, children_each=200, seed=1)
    from django.db import connections

    connections.close_all()
    samples = {"on": [], "off": []}
    for n in range(args.passes):
        # Alternate which mode goes first: the second one meets warmer caches.
        for mode in ("on", "off") if n % 2 == 0 else ("off", "on"):
            os.environ["LIKVARD_AUDIT_READS"] = "1" if mode == "on" else "0"
            port = bench.free_port()
            command = bench.server_command(args.server, port, 2, 4)
            log = Path("/tmp") / f"likvard-audit-bench-{port}.log"  # noqa: S108
            process = bench.start_server(command, url, log)
            try:
                bench.wait_until_up(port, process)
                got, _wall, _sign_in, _cpu = bench.measure(
                    port, process.pid, workers, args.rounds, args.warmup, args.think, n
                )
            finally:
                bench.stop_server(process)
            samples[mode] += [s for s in got if s.page == "child"]
            print(f"pass {n + 1}, logging {mode}: {len(got)} requests")
    p95 = {}
    for mode, rows in samples.items():
        ms = [s.seconds * 1000 for s in rows]
        p95[mode] = bench.percentile(ms, 95)
        print(
            f"child page, read logging {mode:>3}: n={len(ms)} p50={bench.percentile(ms, 50):.1f}"
            f" ms p95={p95[mode]:.1f} ms errors={sum(1 for s in rows if s.status != 200)}"
        )
    print(f"read logging adds {100 * (p95['on'] / p95['off'] - 1):+.1f} % to the p95")


if __name__ == "__main__":
    main()
