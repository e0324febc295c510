"""The audit key comes from the environment or a key file; production refuses the public one."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from likvard.access.keys import DEV_KEY, DEV_KEY_ID, keys_from_environment
from tests.auth.test_production_settings import start

SECRET_A = "a-secret-of-at-least-thirty-two-characters"
SECRET_B = "another-secret-of-at-least-thirty-two-chars"


def test_no_key_set_is_the_public_development_key():
    assert keys_from_environment({}) == (DEV_KEY_ID, {DEV_KEY_ID: DEV_KEY})


def test_the_current_key_signs_and_old_keys_are_kept_for_verify():
    current, keys = keys_from_environment(
        {"LIKVARD_AUDIT_KEY": f"2026a:{SECRET_A}", "LIKVARD_AUDIT_OLD_KEYS": f"2025a:{SECRET_B}"}
    )
    assert current == "2026a"
    assert keys == {"2026a": SECRET_A.encode(), "2025a": SECRET_B.encode()}


def test_a_key_file_holds_the_current_key_first_then_old_ones(tmp_path):
    path = tmp_path / "audit-keys"
    path.write_text(f"# rotated 2026-01-01\n2026a:{SECRET_A}\n\n2025a:{SECRET_B}\n")
    current, keys = keys_from_environment({"LIKVARD_AUDIT_KEY_FILE": str(path)})
    assert current == "2026a" and set(keys) == {"2026a", "2025a"}


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"LIKVARD_AUDIT_KEY": SECRET_A}, "written id:secret"),
        ({"LIKVARD_AUDIT_KEY": "2026a:short"}, "32 characters or more"),
        ({"LIKVARD_AUDIT_KEY": f"bad id:{SECRET_A}"}, "written id:secret"),
        ({"LIKVARD_AUDIT_OLD_KEYS": f"2025a:{SECRET_B}"}, "needs LIKVARD_AUDIT_KEY"),
        (
            {"LIKVARD_AUDIT_KEY": f"k:{SECRET_A}", "LIKVARD_AUDIT_OLD_KEYS": f"k:{SECRET_B}"},
            "same id",
        ),
        (
            {"LIKVARD_AUDIT_KEY": f"k:{SECRET_A}", "LIKVARD_AUDIT_KEY_FILE": "/x"},
            "not both",
        ),
        ({"LIKVARD_AUDIT_KEY_FILE": "/nonexistent/audit-keys"}, "cannot read"),
    ],
    ids=["no id", "short", "bad id", "old without current", "same id", "both", "no file"],
)
def test_a_bad_key_setting_refuses_to_start(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        keys_from_environment(environ)


@pytest.mark.parametrize(
    "key",
    [None, f"{DEV_KEY_ID}:{DEV_KEY.decode()}", f"mine:{DEV_KEY.decode()}"],
    ids=["no key", "the development key", "the development secret under another id"],
)
def test_production_refuses_to_start_without_its_own_audit_key(key):
    result = start(LIKVARD_AUDIT_KEY=key)
    assert result.returncode != 0
    assert "LIKVARD_AUDIT_KEY (or LIKVARD_AUDIT_KEY_FILE) must hold" in result.stderr


def test_production_starts_with_a_key_file(tmp_path):
    path = tmp_path / "audit-keys"
    path.write_text(f"2026a:{SECRET_A}\n")
    result = start(LIKVARD_AUDIT_KEY=None, LIKVARD_AUDIT_KEY_FILE=str(path))
    assert result.returncode == 0, result.stderr
