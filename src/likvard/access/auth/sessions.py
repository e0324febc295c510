"""The absolute session limit, on top of the idle timeout.

The idle timeout is Django's own: the session cookie's age is the idle time and
every request saves the session (SESSION_SAVE_EVERY_REQUEST), so a session ends
after that long without a request. This middleware also ends a session a fixed
time after sign-in (LIKVARD_SESSION_MAX_HOURS), however busy it has been.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "likvard_signed_in_at"


@receiver(user_logged_in, dispatch_uid="likvard_stamp_sign_in")
def stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class SessionAgeMiddleware:
    """Sign out a session older than the limit (place after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session:
            now = int(time.time())
            since = request.session.setdefault(SIGNED_IN_AT, now)
            if now - since > settings.LIKVARD_SESSION_MAX_HOURS * 3600:
                logout(request)
        return self.get_response(request)
