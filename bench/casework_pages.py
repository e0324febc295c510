"""Benchmark: the work queue and a case page under 20 concurrent caseworkers.

Run by hand (`make bench`), never in the test run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/likvard_bench \\
        .venv/bin/python bench/casework_pages.py

1. Creates the PostgreSQL database if it is missing, migrates it and loads ten
   years of the Stockholm demo (about 300,000 reports) unless it is already
   loaded.
2. Starts a real HTTP server in a subprocess on a free loopback port: the
   production server, `likvard serve` (gunicorn, 2 processes x 4 threads), or
   Django's threaded development server with `--server runserver`.
3. Signs in the demo accounts (mottagning.<district>, then utredare.<district>)
   concurrently through the login form, then has each of them request the work
   queue (GET /arenden/) and the page of a child in their own district
   (GET /barn/<id>/) in turn, a bounded number of times, all at once. With
   `--pages queue,investigation` the investigators (utredare.<district>) come first
   and request the queue and the page of an investigation in their district
   (GET /utredning/<id>/, with its BBIC documentation, proposals, consents,
   motivation work and interventions).
4. Prints p50/p95/p99 latency and throughput per page; `--explain` also runs
   EXPLAIN ANALYZE on every query the two pages make for one user.

`--journal 200` first gives ten children of each user a journal of 200 entries (the
rows `journal.services.write_entry` writes, through `journal.effects`), and the
child pages requested are theirs: the case journal's bar is the casework pages' own
(p95 < 100 ms). tests/journal/test_page_queries.py pins that the page's queries do
not grow with the journal.

Figures and the command that produced them go to docs/performance.md.
"""

import argparse
import http.client
import json
import os
import platform
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/likvard_bench"
HOST = "127.0.0.1"
PATHS = {"child": "/barn/{}/", "investigation": "/utredning/{}/"}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --------------------------------------------------------------------- setup


def ensure_database(url: str) -> None:
    """Create the database named in `url` if the server does not have it yet."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "likvard.settings.base")
    import django

    django.setup()


def load_demo(years: int, seed: int) -> None:
    """Migrate, and build the demo municipality unless there already is one."""
    from django.core.management import call_command

    from likvard.organisation.models import District

    call_command("migrate", interactive=False, verbosity=0)
    if District.objects.exists():
        print("Demo data already loaded: not loading again.")
        return
    started = time.monotonic()
    call_command("demo", municipality="stockholm", years=years, seed=seed, scale=1.0)
    print(f"Loaded in {time.monotonic() - started:.0f} s")


def data_summary() -> dict:
    from django.db import connection

    from likvard.casework.models import Decision, Investigation
    from likvard.people.models import Child
    from likvard.reports.models import Report

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {
        "reports": Report.objects.count(),
        "children": Child.objects.count(),
        "decisions": Decision.objects.count(),
        "investigations": Investigation.objects.count(),
        "database_mb": round(size / 2**20),
        "postgresql": version,
    }


@dataclass
class Worker:
    username: str
    district_id: int
    child_ids: list[int] = field(default_factory=list)
    investigation_ids: list[int] = field(default_factory=list)

    def path(self, page: str, rng: random.Random) -> str:
        if page == "queue":
            return "/arenden/"
        ids = self.investigation_ids if page == "investigation" else self.child_ids
        return PATHS[page].format(rng.choice(ids))


def pick_workers(
    count: int, children_each: int, seed: int, investigators_first: bool = False
) -> list[Worker]:
    """Demo accounts with a sample of children and investigations from their own district."""
    from likvard.casework.models import Investigation
    from likvard.demo.accounts import existing_demo_accounts
    from likvard.organisation.models import Role
    from likvard.reports.models import Report

    accounts = [(spec, user) for spec, user in existing_demo_accounts() if user.unit_id]
    order = {Role.INTAKE_WORKER: 0, Role.INVESTIGATOR: 1, Role.SUPERVISOR: 2}
    if investigators_first:
        order = {Role.INVESTIGATOR: 0, Role.SUPERVISOR: 1, Role.INTAKE_WORKER: 2}
    accounts.sort(key=lambda pair: (order.get(pair[1].role, 9), pair[0].username))
    if len(accounts) < count:
        sys.exit(
            f"Only {len(accounts)} demo accounts with a unit (demo built with LIKVARD_DEMO=0?)"
        )
    rng = random.Random(seed)
    workers = []
    for _spec, user in accounts[:count]:
        ids = list(
            Report.objects.filter(district_id=user.district_id)
            .values_list("child_id", flat=True)
            .distinct()
        )
        investigations = list(
            Investigation.objects.filter(district_id=user.district_id).values_list("pk", flat=True)
        )
        workers.append(
            Worker(
                user.username,
                user.district_id,
                rng.sample(ids, min(children_each, len(ids))),
                rng.sample(investigations, min(children_each, len(investigations))),
            )
        )
    return workers


def give_journals(workers: list[Worker], entries: int, children: int = 10) -> None:
    """`entries` journal entries for `children` of each worker's children (topped up to
    that many where some exist), whose pages the users then request."""
    from django.utils import timezone

    from likvard.journal.effects import entry_written
    from likvard.journal.models import JournalEntry
    from likvard.organisation.models import User
    from likvard.reports.models import Report

    now = timezone.now()
    for worker in workers:
        author = User.objects.get(username=worker.username)
        worker.child_ids = worker.child_ids[:children]
        for child_id in worker.child_ids:
            report = (
                Report.objects.filter(child_id=child_id, district_id=worker.district_id)
                .order_by("-received_at")
                .values("id", "child_id", "district_id", "received_at")
                .first()
            )
            missing = entries - JournalEntry.objects.filter(child_id=child_id).count()
            JournalEntry.objects.bulk_create(
                JournalEntry(
                    **entry_written(
                        report=report,
                        kind="note",
                        event_date=report["received_at"].date(),
                        text=f"Anteckning {i} i benchmarkens journal.",
                        author_id=author.pk,
                        at=now,
                    )
                )
                for i in range(max(missing, 0))
            )


# -------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_command(kind: str, port: int, workers: int, threads: int) -> list[str]:
    """`likvard serve` (gunicorn, the production server) or Django's runserver."""
    likvard = str(Path(sys.executable).with_name("likvard"))
    if kind == "gunicorn":
        return [
            likvard,
            "serve",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ]
    return [likvard, "runserver", f"{HOST}:{port}", "--noreload", "--skip-checks"]


def start_server(command: list[str], url: str, log_path: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="likvard.settings.base",
        LIKVARD_DEBUG="0",
        LIKVARD_LOG_LEVEL="WARNING",
    )
    log = log_path.open("w")
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("The server exited before it answered; see its log.")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/logga-in/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("The server did not answer in time.")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / ticks, sum(fields) / ticks


def cpu_model() -> str:
    """The processor's name as Linux reports it (machines differ from session to session)."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def calibration_ms(repeats: int = 5) -> float:
    """The best of `repeats` timings of a fixed pure-Python loop, in ms of CPU.

    Sessions run on different machines of the same nominal size whose single-core
    speed differs by up to two times; this figure, taken just before the measurement,
    tells a faster machine from a faster page when figures of two sessions are compared.
    """
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        total = 0
        for i in range(1_000_000):
            total += i % 7
        best = min(best, time.process_time() - started)
    return round(best * 1000, 1)


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds used so far by a process and its live descendants (Linux)."""
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


# -------------------------------------------------------------------- client


class Browser:
    """One signed-in user: cookies, a kept-alive connection, timings."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "likvard-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}/logga-in/"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                started = time.perf_counter()
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                elapsed = time.perf_counter() - started
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, payload, elapsed

    def sign_in(self, username: str, password: str) -> None:
        status, page, _ = self.request("GET", "/logga-in/")
        token = CSRF_FIELD.search(page.decode())
        if status != 200 or not token:
            raise RuntimeError(f"login page answered {status}")
        status, _, _ = self.request(
            "POST",
            "/logga-in/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in of {username} failed ({status})")


@dataclass
class Sample:
    page: str
    status: int
    seconds: float
    size: int


def run_user(browser, worker, pages, rounds, warmup, think, start, samples, lock, seed):
    rng = random.Random(f"{seed}-{worker.username}")
    local: list[Sample] = []

    def visit(page: str, record: bool) -> None:
        path = worker.path(page, rng)
        status, payload, seconds = browser.request("GET", path)
        if record:
            local.append(Sample(page, status, seconds, len(payload)))
            if think:  # a person reads the page before the next click
                time.sleep(rng.uniform(0.5, 1.5) * think)

    for _ in range(warmup):
        for page in pages:
            visit(page, record=False)
    start.wait()
    if think:  # people do not all click at the same instant: spread the first requests
        time.sleep(rng.uniform(0, think))
    for _ in range(rounds):
        for page in pages:
            visit(page, record=True)
    with lock:
        samples.extend(local)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def measure(port, server_pid, workers, pages, rounds, warmup, think, seed, password="demo"):  # noqa: S107
    browsers = [Browser(port) for _ in workers]
    errors: list[str] = []

    def sign_in(browser, worker):
        try:
            browser.sign_in(worker.username, password)
        except Exception as exc:  # reported, then the run stops
            errors.append(f"{worker.username}: {exc}")

    started = time.perf_counter()
    threads = [
        threading.Thread(target=sign_in, args=pair) for pair in zip(browsers, workers, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sign_in_seconds = time.perf_counter() - started
    if errors:
        sys.exit("Sign-in failed: " + "; ".join(errors))

    samples: list[Sample] = []
    lock = threading.Lock()
    start = threading.Barrier(len(workers) + 1)
    threads = [
        threading.Thread(
            target=run_user,
            args=(b, w, pages, rounds, warmup, think, start, samples, lock, seed),
        )
        for b, w in zip(browsers, workers, strict=True)
    ]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    cpu_before = cpu_snapshot(server_pid)
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    cpu = {
        key: round(after - cpu_before[key], 1) for key, after in cpu_snapshot(server_pid).items()
    }
    cpu["other_s"] = round(cpu["machine_busy_s"] - cpu["server_s"] - cpu["bench_client_s"], 1)
    return samples, wall, sign_in_seconds, cpu


def cpu_snapshot(server_pid: int) -> dict:
    """Where the CPU time goes: the server, this client, and the whole machine."""
    busy, total = machine_cpu_seconds()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "machine_busy_s": busy,
        "machine_total_s": total,
        "server_s": tree_cpu_seconds(server_pid),
        "bench_client_s": usage.ru_utime + usage.ru_stime,
    }


def summarise(samples: list[Sample], wall: float, pages) -> dict:
    result = {}
    for page in (*pages, "all"):
        rows = [s for s in samples if page in ("all", s.page)]
        ms = [s.seconds * 1000 for s in rows]
        result[page] = {
            "requests": len(rows),
            "errors": sum(1 for s in rows if s.status != 200),
            "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1),
            "p99_ms": round(percentile(ms, 99), 1),
            "max_ms": round(max(ms), 1),
            "mean_ms": round(statistics.fmean(ms), 1),
            "kb": round(statistics.fmean(s.size for s in rows) / 1024, 1),
            "req_per_s": round(len(rows) / wall, 1),
        }
    return result


# ------------------------------------------------------------------- explain


def explain(worker: Worker, pages) -> None:
    """Every query of the pages for one user, with its EXPLAIN ANALYZE timing."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from likvard.organisation.models import User

    client = Client()
    client.force_login(User.objects.get(username=worker.username))
    rng = random.Random(0)
    paths = {page: worker.path(page, rng) for page in pages}
    for page, path in paths.items():
        client.get(path)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            total = (time.perf_counter() - started) * 1000
        db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"\n== {page} {path} ({worker.username}): status {response.status_code}, "
            f"{len(queries)} queries, {db_ms:.1f} ms in the database of {total:.1f} ms in-process"
        )
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                print(f"-- {float(query['time']) * 1000:.1f} ms  {sql[:110]}")
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            timing = next((line for line in reversed(plan) if "Execution Time" in line), "")
            executed_ms = float(timing.split(":")[1].split()[0]) if timing else 0.0
            print(f"-- {float(query['time']) * 1000:.1f} ms  {sql[:110]}")
            print(f"   {timing.strip()}")
            for line in plan if executed_ms >= 1 else plan[:1]:  # full plan of the slow ones
                print(f"   {line}")


# ---------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the pages per user")
    parser.add_argument(
        "--pages",
        default="queue,child",
        help="pages each user requests in turn: queue, child, investigation",
    )
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--think",
        type=float,
        default=5.0,
        help="mean seconds a user waits between requests (0: back to back, a stress test)",
    )
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server", choices=("gunicorn", "runserver"), default="gunicorn")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per process")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the pages")
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    parser.add_argument(
        "--journal", type=int, default=0, help="entries in the journal of each child requested"
    )
    args = parser.parse_args()
    pages = tuple(args.pages.split(","))
    if not set(pages) <= {"queue", *PATHS}:
        sys.exit(f"--pages takes queue, {', '.join(PATHS)}")

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point at PostgreSQL.")
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1", None):
        sys.exit("The benchmark only runs against a database on loopback.")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)
    setup_django()
    load_demo(args.years, args.seed)
    summary = data_summary()
    workers = pick_workers(
        args.users, children_each=200, seed=args.seed, investigators_first="investigation" in pages
    )
    if args.journal:
        give_journals(workers, args.journal)
    if args.explain:
        explain(workers[0], pages)
    from django.db import connections

    connections.close_all()

    port = free_port()
    command = server_command(args.server, port, args.workers, args.threads)
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"likvard-bench-{port}.log"  # noqa: S108
    load_before = os.getloadavg()
    calibration = calibration_ms()
    process = start_server(command, url, log_path)
    try:
        wait_until_up(port, process)
        samples, wall, sign_in_seconds, cpu = measure(
            port, process.pid, workers, pages, args.rounds, args.warmup, args.think, args.seed
        )
    finally:
        stop_server(process)
    figures = summarise(samples, wall, pages)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "server": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(command)),
        "users": len(workers),
        "rounds": args.rounds,
        "think_s": args.think,
        "wall_s": round(wall, 1),
        "sign_in_s": round(sign_in_seconds, 1),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "calibration_ms": calibration,
        "load_before": [round(x, 2) for x in load_before],
        "cpu_seconds": cpu,
        "python": platform.python_version(),
        "data": summary,
        "journal_entries_per_child": args.journal,
        "pages": figures,
    }
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


def print_report(report: dict) -> None:
    print(f"\n{report['date']}  server: {report['server']}")
    pages = ", ".join(p for p in report["pages"] if p != "all")
    print(
        f"{report['users']} concurrent users x {report['rounds']} rounds "
        f"(one of each page: {pages}), think time {report['think_s']} s, "
        f"{report['cpus']} CPUs ({report['cpu_model']}; fixed loop "
        f"{report['calibration_ms']} ms), "
        f"load before {report['load_before']}, Python {report['python']}"
    )
    print(f"data: {report['data']}")
    print(f"sign-in of all users: {report['sign_in_s']} s; measured wall time {report['wall_s']} s")
    cpu = report["cpu_seconds"]
    print(
        f"CPU during the measurement: machine {cpu['machine_busy_s']} of "
        f"{cpu['machine_total_s']} CPU-s busy; server {cpu['server_s']}, bench client "
        f"{cpu['bench_client_s']}, everything else (PostgreSQL, other work) {cpu['other_s']}"
    )
    header = (
        f"{'page':<13} {'n':>5} {'err':>4} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} {'req/s':>6}"
    )
    print(header + "   (ms)")
    for page, f in report["pages"].items():
        print(
            f"{page:<13} {f['requests']:>5} {f['errors']:>4} {f['p50_ms']:>7} {f['p95_ms']:>7} "
            f"{f['p99_ms']:>7} {f['max_ms']:>7} {f['req_per_s']:>6}"
        )


if __name__ == "__main__":
    main()
