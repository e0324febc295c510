"""Test settings: the same as base, with a fast password hasher.

The database still comes from DATABASE_URL, so `make test` runs on PostgreSQL when
it is set and on SQLite otherwise.
"""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only
DEMO_MODE = True
