"""Benchmark: the search by personnummer and by name over 10 years (≈200,000 children).

Issue 10's bar: each answers within 100 ms at p95. Run by hand on PostgreSQL with the
10-year demo (loaded by casework_pages.py if missing; migrated here, so the trigram
index of the search app's migration is there):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/likvard_bench \\
        .venv/bin/python bench/search.py [--rounds 200] [--explain]

In one process, one request at a time, through Django's test client as a signed-in
demo intake worker of each district in turn: GET /sok/?q=… (the page: the search, the
scope check, the summary of other districts, the audit entry and the template) and
GET /api/search/?q=…. Personnummer are written in a form other than the stored one
(YYMMDD-NNNN, with spaces, 12 digits without dash); a third are of children in
another district. Names are a first name and the start of a last name drawn from the
demo's children, and a last name alone. Prints p50/p95/max per kind of search.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import casework_pages as bench


def written_forms(long_form: str) -> list[str]:
    """The same personnummer as a person might type it."""
    short = long_form[2:]
    return [
        f"{short[:6]}-{short[6:]}",
        f"{long_form[:8]} {long_form[8:]}",
        long_form,
        f"{short[:6]} {short[6:]}",
    ]


def samples(rng: random.Random, count: int):
    """(kind, text) pairs drawn from the demo's children."""
    from likvard.people.models import Child

    children = list(
        Child.objects.filter(personal_number__isnull=False)
        .order_by("?")
        .values_list("personal_number", "first_name", "last_name")[: count * 2]
    )
    drawn = []
    for number, first, last in children[:count]:
        drawn.append(("personnummer", rng.choice(written_forms(number))))
        drawn.append(("name: first + start of last", f"{first} {last[: max(3, len(last) - 2)]}"))
        drawn.append(("name: last", last))
    return drawn


def intake_workers():
    from likvard.demo.accounts import existing_demo_accounts
    from likvard.organisation.models import Role

    return [
        user
        for _spec, user in existing_demo_accounts()
        if user.is_active and user.role == Role.INTAKE_WORKER and user.district_id
    ]


def explain(text: str, user) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from likvard.search.selectors import search

    with CaptureQueriesContext(connection) as queries:
        search(user, text)
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN ANALYZE " + query["sql"])
            print(query["sql"][:300])
            print("\n".join(row[0] for row in cursor.fetchall()), "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="children drawn")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE one of each")
    args = parser.parse_args()

    bench.ensure_database(bench.os.environ.setdefault("DATABASE_URL", bench.DEFAULT_URL))
    bench.setup_django()
    bench.load_demo(10, 1)

    from django.test import Client

    print(bench.data_summary())
    rng = random.Random(args.seed)
    workers = intake_workers()
    texts = samples(rng, args.rounds)
    if args.explain:
        for kind in dict.fromkeys(kind for kind, _ in texts):
            explain(next(text for k, text in texts if k == kind), workers[0])
    clients = []
    for worker in workers:
        client = Client(HTTP_HOST="localhost")
        client.force_login(worker)
        clients.append(client)
    for client in clients:  # warm the connection and the caches once per user
        client.get("/sok/", {"q": "Anna"})
    timings: dict[str, list[float]] = {}
    for i, (kind, text) in enumerate(texts):
        client = clients[i % len(clients)]
        for channel, path in (("page", "/sok/"), ("api", "/api/search/")):
            started = time.perf_counter()
            response = client.get(path, {"q": text})
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, text, response.status_code)
            timings.setdefault(f"{kind} ({channel})", []).append(elapsed)
    print(f"{'search':42} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, values in timings.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * len(values)) - 1)]
        print(
            f"{label:42} {len(values):5d} {statistics.median(values):8.1f} {p95:8.1f} "
            f"{values[-1]:8.1f}"
        )


if __name__ == "__main__":
    main()
