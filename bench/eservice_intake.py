"""Benchmark: the public e-service takes reports at a steady rate and loses none.

Run by hand, never in the test run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/likvard_eservice_bench \\
        .venv/bin/python bench/eservice_intake.py --rate 50 --seconds 60

1. Creates the PostgreSQL database if it is missing, migrates it, loads the demo
   municipality (`--years`, default 1) unless it is loaded, and imports the demo's
   postal-code table.
2. Starts `likvard serve` (gunicorn) on a free loopback port, with the rate limit
   lifted (every request comes from 127.0.0.1) and mail to the dummy backend.
3. Sends `--rate` form submissions a second for `--seconds` (open loop: each is due
   at its own moment, sent late if the server lags, never skipped), each a complete
   report through the public form as a browser posts it: the CSRF token of a form
   fetched once per client thread, a fresh idempotency key, a child at a postal code
   of the table (1 in 10 at an unknown one, so the central queue is exercised).
4. Checks that nothing was lost: every receipt's reference is a submission in the
   database, and every submission is a report in a district or waits in the central
   queue. Prints p50/p95/p99 of the submit step (the POST until its redirect to the
   receipt) and the achieved rate.

Figures and the command that produced them go to docs/performance.md.
"""

import argparse
import http.client
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.casework_pages import (
    CSRF_FIELD,
    DEFAULT_URL,
    HOST,
    ensure_database,
    free_port,
    load_demo,
    percentile,
    setup_django,
    stop_server,
    wait_until_up,
)

FORM = "/e-tjanst/"


def answers(rng: random.Random, codes: list[str]) -> dict:
    code = "99999" if rng.random() < 0.1 else rng.choice(codes)
    return {
        "idempotency_key": str(uuid.uuid4()),
        "reporter_type": "school",
        "organisation_name": "Bänkskolan",
        "reporter_name": "Lärare Bänksson",
        "reporter_phone": "08-000 000",
        "reporter_email": "larare@example.se",
        "wants_feedback": "on",
        "child_first_name": "Bänk",
        "child_last_name": "Testsson",
        "child_age": str(rng.randint(0, 17)),
        "child_school": "Bänkskolan",
        "child_postal_code": code,
        "concerns": "neglect",
        "what_happened": "Syntetisk anmälan från prestandatestet. " * 5,
        "child_knows": "no",
        "guardians_know": "unknown",
    }


class Client:
    """One browser: its CSRF cookie and the form's token, one kept-alive connection."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.conn.request("GET", FORM)
        reply = self.conn.getresponse()
        body = reply.read().decode()
        cookie = SimpleCookie(reply.getheader("Set-Cookie"))
        self.cookie = f"csrftoken={cookie['csrftoken'].value}"
        self.token = CSRF_FIELD.search(body).group(1)

    def submit(self, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token})
        self.conn.request(
            "POST",
            FORM,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.cookie,
                "Referer": f"http://{HOST}{FORM}",
            },
        )
        reply = self.conn.getresponse()
        reply.read()
        return reply.status, reply.getheader("Location", "")


def run_load(port: int, rate: float, seconds: int, threads: int, codes: list[str]):
    total = int(rate * seconds)
    start = time.monotonic() + 1.0
    lock = threading.Lock()
    state = {"next": 0}
    results: list[tuple[float, int, str, float]] = []  # (latency, status, location, lag)

    def worker(n: int):
        rng = random.Random(n)
        client = Client(port)
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= total:
                return
            due = start + i / rate
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            sent = time.monotonic()
            try:
                status, location = client.submit(answers(rng, codes))
            except (OSError, http.client.HTTPException) as exc:
                status, location = 0, repr(exc)
                client = Client(port)
            results.append((time.monotonic() - sent, status, location, sent - due))

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return results, time.monotonic() - start


def references(results) -> list[str]:
    from likvard.intake import receipts

    found = []
    for _latency, status, location, _lag in results:
        if status == 302 and "?k=" in location:
            signed = receipts.read_token(urllib.parse.unquote(location.split("?k=", 1)[1]))
            if signed:
                found.append(signed["r"])
    return found


def check_nothing_lost(refs: list[str]) -> dict:
    from likvard.intake.models import Submission

    rows = Submission.objects.filter(reference__in=refs)
    stored = rows.count()
    in_district = rows.filter(report__isnull=False, report__district__isnull=False).count()
    central = rows.filter(report__isnull=True).exclude(payload={}).count()
    return {
        "receipts": len(refs),
        "found": stored,
        "in_district_queue": in_district,
        "in_central_queue": central,
        "lost": len(refs) - stored,
        "in_no_queue": stored - in_district - central,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server-threads", type=int, default=8)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    setup_django()
    load_demo(args.years, args.seed)
    from django.core.management import call_command

    from likvard.intake.models import PostalCodeArea, Submission

    call_command("import_postal_codes")
    codes = list(PostalCodeArea.objects.values_list("postal_code", flat=True))
    before = Submission.objects.count()

    port = free_port()
    likvard = str(Path(sys.executable).with_name("likvard"))
    command = [
        likvard,
        "serve",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.server_threads),
        "--log-level",
        "warning",
    ]
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="likvard.settings.base",
        LIKVARD_DEBUG="0",
        LIKVARD_LOG_LEVEL="WARNING",
        LIKVARD_INTAKE_RATE_LIMIT="1000000/60",
        LIKVARD_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    log = Path("var/bench-eservice-server.log")
    log.parent.mkdir(exist_ok=True)
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_until_up(port, server)
        results, elapsed = run_load(port, args.rate, args.seconds, args.threads, codes)
    finally:
        stop_server(server)

    latencies = sorted(r[0] * 1000 for r in results if r[1] == 302)
    failures = [(r[1], r[2][:80]) for r in results if r[1] != 302]
    lags = sorted(r[3] * 1000 for r in results)
    refs = references(results)
    summary = check_nothing_lost(refs)
    print(f"sent {len(results)} in {elapsed:.1f} s: {len(results) / elapsed:.1f}/s")
    print(f"accepted (302 to a receipt): {len(latencies)}; failed: {len(failures)}")
    for status, text in failures[:5]:
        print("  failure:", status, text)
    if latencies:
        p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
        print(f"submit step p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms")
    print(f"schedule lag p95 {percentile(lags, 95):.0f} ms (sent later than due)")
    print("database:", summary, f"(submissions before the run: {before})")
    if summary["lost"] or summary["in_no_queue"] or failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
