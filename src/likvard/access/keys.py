"""The audit log's MAC keys: held outside the database, read from the environment.

A key in the database would let anyone who can write the audit table recompute
every MAC after a change; kept in the environment (or a file only the
application's account reads), it is what a database administrator does not have.
Each key has an id, stored on every entry it signs, so a key can be rotated: the
current key signs new entries, old keys are kept only so that `likvard audit
verify` can check what they signed (docs/operations.md, "Rotate the audit key").

Imported by the settings, so it uses nothing from Django but its exception.
"""

import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

#: The fixed, public key of the demo, development and tests. Production refuses it.
DEV_KEY_ID = "dev"
DEV_KEY = b"likvard-development-audit-key-not-a-secret"
#: An entry's key id, and the id a key is given: short, no separator characters.
KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,32}\Z")
MIN_KEY_LENGTH = 32


def parse_key(text: str, source: str) -> tuple[str, bytes]:
    """`id:secret` → (id, secret as bytes); refuses a bad id or a short secret."""
    key_id, separator, secret = text.strip().partition(":")
    if not separator or not KEY_ID_PATTERN.match(key_id):
        raise ImproperlyConfigured(
            f"{source}: an audit key is written id:secret, the id of letters, digits, "
            "'.', '_' or '-' (at most 32)."
        )
    if len(secret) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"{source}: the audit key {key_id!r} must be {MIN_KEY_LENGTH} characters or more."
        )
    return key_id, secret.encode()


def keys_from_environment(environ) -> tuple[str, dict[str, bytes]]:
    """(id of the key that signs, every key by id) from the environment.

    LIKVARD_AUDIT_KEY (id:secret) with LIKVARD_AUDIT_OLD_KEYS (id:secret, comma
    separated), or LIKVARD_AUDIT_KEY_FILE: one id:secret a line, the first the
    current key, `#` comments. Neither set: the public development key.
    """
    inline = environ.get("LIKVARD_AUDIT_KEY", "").strip()
    old = [item for item in environ.get("LIKVARD_AUDIT_OLD_KEYS", "").split(",") if item.strip()]
    path = environ.get("LIKVARD_AUDIT_KEY_FILE", "").strip()
    if path and (inline or old):
        raise ImproperlyConfigured(
            "Set LIKVARD_AUDIT_KEY_FILE or LIKVARD_AUDIT_KEY (with LIKVARD_AUDIT_OLD_KEYS), "
            "not both."
        )
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            message = f"LIKVARD_AUDIT_KEY_FILE: cannot read {path}: {exc}"
            raise ImproperlyConfigured(message) from None
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        pairs = [parse_key(line, "LIKVARD_AUDIT_KEY_FILE") for line in lines]
    elif inline:
        pairs = [parse_key(inline, "LIKVARD_AUDIT_KEY")]
        pairs += [parse_key(item, "LIKVARD_AUDIT_OLD_KEYS") for item in old]
    elif old:
        raise ImproperlyConfigured(
            "LIKVARD_AUDIT_OLD_KEYS needs LIKVARD_AUDIT_KEY (the key that signs)."
        )
    else:
        return DEV_KEY_ID, {DEV_KEY_ID: DEV_KEY}
    if not pairs:
        raise ImproperlyConfigured(f"LIKVARD_AUDIT_KEY_FILE: {path} holds no key.")
    keys = dict(pairs)
    if len(keys) != len(pairs):
        raise ImproperlyConfigured("Two audit keys have the same id: each key needs its own.")
    return pairs[0][0], keys
