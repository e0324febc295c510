"""Production settings refuse demo defaults, and `check --deploy` finds nothing to warn of."""

import secrets

import pytest

from .conftest import run_django

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "likvard.settings.production",
    "LIKVARD_SECRET_KEY": secrets.token_urlsafe(45)[:60],
    "LIKVARD_ALLOWED_HOSTS": "likvard.example.se",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/likvard",
    "LIKVARD_AUDIT_KEY": "2026a:" + secrets.token_urlsafe(40),
}


def start(**changes):
    env = {**PRODUCTION, **changes}
    env = {k: v for k, v in env.items() if v is not None}
    return run_django(env, "-m", "django", "check")


def test_the_complete_configuration_starts():
    result = start()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"LIKVARD_SECRET_KEY": None}, "LIKVARD_SECRET_KEY must be set"),
        ({"LIKVARD_SECRET_KEY": "för-kort"}, "LIKVARD_SECRET_KEY must be set"),
        ({"LIKVARD_ALLOWED_HOSTS": None}, "LIKVARD_ALLOWED_HOSTS must name the hosts"),
        ({"DATABASE_URL": None}, "DATABASE_URL must point at PostgreSQL"),
        (
            {"DATABASE_URL": "sqlite:////tmp/likvard.sqlite3"},
            "DATABASE_URL must point at PostgreSQL",
        ),
        ({"LIKVARD_AUDIT_READS": "0"}, "reads are always logged"),
        (
            {"LIKVARD_SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(45)},
            "LIKVARD_SECRET_KEY is insecure",
        ),
        ({"LIKVARD_SECRET_KEY": "abcd" * 20}, "LIKVARD_SECRET_KEY is insecure"),
        ({"LIKVARD_ALLOWED_HOSTS": "*"}, "must not contain '*'"),
        ({"LIKVARD_ALLOWED_HOSTS": "likvard.example.se, *"}, "must not contain '*'"),
        ({"LIKVARD_ALLOWED_HOSTS": " , "}, "LIKVARD_ALLOWED_HOSTS must name the hosts"),
    ],
    ids=[
        "no secret key",
        "short secret key",
        "no allowed hosts",
        "no database",
        "sqlite",
        "reads unlogged",
        "django-insecure key",
        "key of four characters",
        "any host",
        "any host among others",
        "only separators as hosts",
    ],
)
def test_production_refuses_to_start_without(changes, message):
    result = start(**changes)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_check_deploy_is_clean():
    result = run_django(PRODUCTION, "-m", "django", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
