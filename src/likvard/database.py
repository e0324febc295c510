"""A time limit on every SQL statement of a web request (PostgreSQL).

A request whose query runs for minutes holds a worker process, and keeps the
database busy after the browser or the API client has given up: the server cannot
tell that the client left. `StatementTimeoutMiddleware` sets PostgreSQL's
`statement_timeout` (settings.LIKVARD_STATEMENT_TIMEOUT_MS, default 30 s; 0 turns it
off) on the connection before each web request, and answers a statement cancelled
by it as 503 with a clear message: a JSON error in the API, a Swedish page in the
UI. Nothing is written by a cancelled request (its transaction rolls back).

The limit is set per request, not in the connection options, so that management
commands (`migrate`, `demo`, `quality_rollup --rebuild`, `audit verify`), which
rightly run long statements, never get it. A web process's connections only serve
web requests, so a limit left on a kept-alive connection meets no other work.
SQLite has no such limit; the demo's lists are fast without one.
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

#: PostgreSQL's SQLSTATE for a statement cancelled (by statement_timeout or by hand).
QUERY_CANCELED = "57014"


def apply_statement_timeout() -> None:
    """Limit each statement on this request's connection (PostgreSQL only).

    Once per connection and value: the setting is the session's, so it holds for every
    later request on a kept-alive connection, and a request saves the round trip. The
    value set is remembered on the driver's connection, which a reconnect replaces. (Set
    inside a transaction that then rolls back, the setting would revert behind the
    remembered value; web requests run in autocommit, where the statement commits.)
    """
    limit = settings.LIKVARD_STATEMENT_TIMEOUT_MS
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    driver = connection.connection
    if getattr(driver, "likvard_statement_timeout", 0) == limit:  # 0: PostgreSQL's default
        return
    with connection.cursor() as cursor:
        # set_config, not SET: the value goes as a parameter, whatever the binding.
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(limit)])
    driver.likvard_statement_timeout = limit


def was_cancelled(exc: BaseException) -> bool:
    """True when `exc` is PostgreSQL cancelling a statement (the timeout ran out)."""
    cause = exc.__cause__ or exc
    return isinstance(exc, DatabaseError) and (
        getattr(cause, "sqlstate", None) == QUERY_CANCELED  # psycopg 3
        or getattr(cause, "pgcode", None) == QUERY_CANCELED  # psycopg 2
    )


class StatementTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        apply_statement_timeout()
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not was_cancelled(exception):
            return None
        message = _(
            "Frågan tog för lång tid och avbröts. Inget har sparats. Försök igen om en stund, "
            "eller begränsa sökningen."
        )
        if request.path.startswith("/api/"):
            body = {"error": {"code": "timeout", "message": message, "field": None}}
            return JsonResponse(body, status=503, headers={"Retry-After": "30"})
        return render(request, "statement_timeout.html", {"message": message}, status=503)
