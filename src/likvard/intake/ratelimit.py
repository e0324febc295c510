"""At most LIKVARD_INTAKE_RATE_LIMIT submissions per client and period.

Counted in the host's own database (`likvard.throttle`: one atomic statement, shared
by every process of the host), keyed by a keyed hash of the client's address, so no
address is stored. Periods are fixed (a clock's hour, say), so a client may send up
to twice the limit across a period's boundary: a brake on floods, not a quota.
"""

import hashlib
import hmac

from django.conf import settings

from likvard.throttle.services import count


def client_of(request) -> str:
    """The client's address: the proxy's X-Forwarded-For when the proxy is trusted."""
    if settings.LIKVARD_INTAKE_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(client: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256)
    return f"intake:{digest.hexdigest()[:32]}"


def allow(client: str) -> bool:
    """Count one submission of `client`; False when over the limit in this period."""
    limit, seconds = settings.LIKVARD_INTAKE_RATE_LIMIT
    return count(_key(client), seconds) <= limit
