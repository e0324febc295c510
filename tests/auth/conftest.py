"""Helpers for the sign-in tests: sign in through the real page, compute codes."""

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest

from likvard.access.models import TOTPDevice
from likvard.organisation.models import Role
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def sign_in(client, username, password="pw", **extra):
    return client.post("/logga-in/", {"username": username, "password": password, **extra})


def basic_auth(username, password="pw") -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def code(secret: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows `steps_ahead` 30-second steps from now."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def wrong_code(secret: str) -> str:
    """A six-digit code that is valid at no step the server accepts now."""
    valid = {code(secret, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "123456", "654321") if c not in valid)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def worker(district_a):
    return factories.user(Role.INTAKE_WORKER, district_a, username="anna.mottagning")


@pytest.fixture
def worker_with_code(worker):
    """The worker with a confirmed authenticator app; its secret on `.secret`."""
    device = TOTPDevice.objects.create(user=worker, secret=pyotp.random_base32(), confirmed=True)
    worker.secret = device.secret
    return worker


def run_django(env: dict, *args: str) -> subprocess.CompletedProcess:
    """A fresh Python with exactly these LIKVARD_/DJANGO_ variables (nothing inherited)."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_values(env: dict, *names: str) -> dict:
    """Values of settings as a fresh process with `env` sees them (repr'd)."""
    script = (
        "import django, json\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{n: repr(getattr(settings, n, None)) for n in {list(names)!r}}}))\n"
    )
    result = run_django({"DJANGO_SETTINGS_MODULE": "likvard.settings.base", **env}, "-c", script)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
