"""Give every request an id (or take the proxy's) so log lines and audit rows meet."""

import re
import uuid
from http import HTTPMethod

from django.http import Http404

from likvard.core.cases import kind_of

from . import context
from .denials import record_denied

#: Requests that change nothing; a refused other one is logged even for a reader.
SAFE = {HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS}
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        channel = "api" if request.path.startswith("/api/") else "ui"
        tokens = (context.request_id.set(request_id), context.channel.set(channel))
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(tokens[0])
            context.channel.reset(tokens[1])
        response["X-Request-ID"] = request_id
        return response


class DeniedAccessMiddleware:
    """Log a 404 on a caseworker page for a case id: it may be a guessed id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if isinstance(exception, Http404) and match and "pk" in match.kwargs:
            kind = kind_of(getattr(match.func, "case_model", None))
            if kind is not None:
                record_denied(
                    request.user,
                    kind.name,
                    match.kwargs["pk"],
                    match.url_name,
                    writing=request.method not in SAFE,
                )
