"""Give every request an id (or take the proxy's) so log lines and audit rows meet."""

import re
import uuid

from . import context

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
