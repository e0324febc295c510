"""Give every request an id (or take the proxy's) so log lines and audit rows meet."""

import re
import uuid

from django.http import Http404

from . import context
from .denials import record_denied

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


#: Caseworker URL names → the kind of object their `pk` names.
UI_TARGETS = {
    **dict.fromkeys(
        (
            "casework:report",
            "casework:protection_assessment",
            "casework:child_conversation",
            "casework:police_consideration",
            "casework:decision",
            "casework:cosign",
            "casework:archive",
            "casework:feedback",
        ),
        "report",
    ),
    **dict.fromkeys(
        ("casework:child", "casework:reveal_contact", "casework:request_access"), "child"
    ),
    **dict.fromkeys(
        (
            "casework:investigation",
            "casework:extend_investigation",
            "casework:complete_investigation",
        ),
        "investigation",
    ),
}


class DeniedAccessMiddleware:
    """Log a 404 on a caseworker page for a case id: it may be a guessed id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if isinstance(exception, Http404) and match:
            kind = UI_TARGETS.get(match.view_name)
            if kind and "pk" in match.kwargs:
                record_denied(request.user, kind, match.kwargs["pk"], match.url_name)
