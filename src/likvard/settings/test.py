"""Test settings: the same as base, with a fast password hasher.

The database still comes from DATABASE_URL, so `make test` runs on PostgreSQL when
it is set and on SQLite otherwise.
"""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only
DEMO_MODE = True
LIKVARD_POPULATION_REGISTER = "likvard.people.register.SyntheticRegister"
# Close each connection at the end of its request: the browser tests' live server
# answers on threads that end, and a connection kept for reuse there would outlive
# them and stop the test database from being dropped on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Protection assessments due the day a report arrives, whatever the hour the tests run;
# the late-arrival rule is tested with the setting switched on where it matters.
LIKVARD_LATE_REPORT_FROM = None
# Jobs run inline when enqueued (after the commit), so a test sees the quality
# rollup's result at once; the database queue and its worker are tested on their
# own (tests/quality/test_rollup_job.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
