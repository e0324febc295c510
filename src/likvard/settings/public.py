"""Settings of the public e-service host: the report form and nothing of the case system.

The host faces the internet. It has no staff sign-in (no admin, no sessions, no
authentication middleware), serves only `likvard.public_urls` (the form, its receipt,
the language switch), and reaches the case system through one door: it posts each
report to the internal host's `POST /api/intake/reports/` with the intake credential
(LIKVARD_INTAKE_API_URL, LIKVARD_INTAKE_API_TOKEN). Its database is its own and small
(the rate limit's counts): the case database's credentials are never set here.
See docs/operations.md, "The e-service on a host of its own".
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, VAR_DIR

ROOT_URLCONF = "likvard.public_urls"

# No staff sign-in of any kind: sessions and authentication are not installed as
# middleware, so no session cookie is read and no staff member is ever recognised.
MIDDLEWARE = [
    m
    for m in MIDDLEWARE
    if m
    not in {
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "likvard.access.auth.sessions.SessionAgeMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "likvard.access.middleware.DeniedAccessMiddleware",
    }
]
AUTHENTICATION_BACKENDS = []
LOGIN_URL = None
# The admin app stays installed (the apps are the internal host's) but has no URL here:
# its checks for the middleware removed above do not apply.
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410"]

# The public host's own database, for the rate limit's counts only
# (`likvard migrate throttle --settings=likvard.settings.public`).
DATABASES = {
    "default": dj_database_url.config(
        env="LIKVARD_PUBLIC_DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'public.sqlite3'}",
    )
}
LIKVARD_INTAKE_API_URL = os.environ.get("LIKVARD_INTAKE_API_URL", "")
LIKVARD_INTAKE_API_TOKEN = os.environ.get("LIKVARD_INTAKE_API_TOKEN", "")
# Outside the demo (which hands reports over in-process when no URL is set) the public
# host must name the intake API and must not be given the case database.
if not DEMO_MODE:  # noqa: F405
    if os.environ.get("DATABASE_URL"):
        raise ImproperlyConfigured(
            "The public e-service must not be given the case database (DATABASE_URL)."
        )
    if not (LIKVARD_INTAKE_API_URL and LIKVARD_INTAKE_API_TOKEN):
        raise ImproperlyConfigured(
            "The public e-service needs LIKVARD_INTAKE_API_URL and LIKVARD_INTAKE_API_TOKEN."
        )

# A form kept open past its CSRF token's life: the public page, not the staff one.
CSRF_FAILURE_VIEW = "likvard.intake.views.forbidden"
