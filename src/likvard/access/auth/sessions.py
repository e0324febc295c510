"""The idle timeout and the absolute session limit.

The idle timeout is Django's own: a stored session expires SESSION_COOKIE_AGE
after it was last saved. Saving it on every request would cost a database write
(and a wait for the disk) on every page, so this middleware renews it at most
once a minute: a session ends between 29 and 30 minutes after its last request.
It also ends a session a fixed time after sign-in (LIKVARD_SESSION_MAX_HOURS),
however busy it has been.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "likvard_signed_in_at"
RENEWED_AT = "likvard_renewed_at"
RENEW_AFTER_SECONDS = 60


@receiver(user_logged_in, dispatch_uid="likvard_stamp_sign_in")
def stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[RENEWED_AT] = int(time.time())


class SessionAgeMiddleware:
    """Renew an active session's expiry; sign out one older than the limit.

    Place after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session:
            now = int(time.time())
            since = request.session.setdefault(SIGNED_IN_AT, now)
            if now - since > settings.LIKVARD_SESSION_MAX_HOURS * 3600:
                logout(request)
            elif now - request.session.get(RENEWED_AT, 0) >= RENEW_AFTER_SECONDS:
                request.session[RENEWED_AT] = now  # a changed session is saved, expiry renewed
        return self.get_response(request)
