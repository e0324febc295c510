"""Production settings: refuse to start on demo defaults."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env_bool, env_list

DEBUG = False
DEMO_MODE = False

SECRET_KEY = os.environ.get("LIKVARD_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("LIKVARD_SECRET_KEY must be set (50 characters or more).")
ALLOWED_HOSTS = env_list("LIKVARD_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("LIKVARD_ALLOWED_HOSTS must name the hosts that serve Likvärd.")
if "postgresql" not in DATABASES["default"]["ENGINE"]:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not env_bool("LIKVARD_AUDIT_READS", True):
    raise ImproperlyConfigured("LIKVARD_AUDIT_READS=0 is for benchmarks: reads are always logged.")

SECURE_SSL_REDIRECT = env_bool("LIKVARD_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix: the browser keeps these cookies only if sent over HTTPS for
# the whole host (no Domain, Path=/), so a sibling subdomain cannot plant them.
SESSION_COOKIE_NAME = "__Host-likvard-session"
CSRF_COOKIE_NAME = "__Host-likvard-csrf"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
