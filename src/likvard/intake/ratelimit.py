"""At most LIKVARD_INTAKE_RATE_LIMIT submissions per client and window.

Counted in a cache shared by every process of the host (the database cache in the
demo and on the internal host; memcached or Redis on a public host), keyed by a
keyed hash of the client's address, so no address is stored. The database cache's
increment is a read and a write, not one atomic step: two processes counting the
same client at the same instant may count one hit, so a client can pass the limit by
as many requests as there are processes. It is a brake on floods, not a quota.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import caches


def client_of(request) -> str:
    """The client's address: the proxy's X-Forwarded-For when the proxy is trusted."""
    if settings.LIKVARD_INTAKE_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(client: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256)
    return f"intake-rate:{digest.hexdigest()[:32]}"


def allow(client: str) -> bool:
    """Count one submission of `client`; False when over the limit in this window."""
    limit, window = settings.LIKVARD_INTAKE_RATE_LIMIT
    cache = caches[settings.LIKVARD_INTAKE_RATE_CACHE]
    key = _key(client)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, timeout=window)
        return True
