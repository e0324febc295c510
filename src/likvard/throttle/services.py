"""Count a request and say how many there have been: one statement, atomic.

`INSERT … ON CONFLICT DO UPDATE … RETURNING` adds the hit and reads the new count in
one step on PostgreSQL and SQLite alike, so two processes counting the same client at
the same instant both count (a database cache's read-then-write could lose one), and
a request costs one round trip instead of the database cache's eleven statements.
"""

import time

from django.db import connection

from .models import WindowCount


def _statement() -> str:
    quote = connection.ops.quote_name
    table, client, period, hits = (
        quote(name) for name in (WindowCount._meta.db_table, "client", "period", "hits")
    )
    return (
        f"INSERT INTO {table} ({client}, {period}, {hits}) VALUES (%s, %s, 1) "  # noqa: S608 (names of our own model, quoted)
        f"ON CONFLICT ({client}, {period}) DO UPDATE SET {hits} = {table}.{hits} + 1 "
        f"RETURNING {hits}"
    )


def count(client: str, seconds: int, *, now: float | None = None) -> int:
    """Count one hit of `client` in the current period of `seconds`; its count so far.

    The first hit of a period clears the periods before the previous one, so the table
    holds at most two periods' clients.
    """
    period = int((time.time() if now is None else now) // seconds)
    with connection.cursor() as cursor:
        cursor.execute(_statement(), [client, period])
        hits = cursor.fetchone()[0]
    if hits == 1:
        WindowCount.objects.filter(period__lt=period - 1).delete()
    return hits
