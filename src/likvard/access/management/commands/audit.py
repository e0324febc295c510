"""`likvard audit verify [--anchor FILE]` and `likvard audit anchor [--out FILE]`.

`verify` walks the keyed chain and names the first break. The chain alone cannot
show that its newest rows were removed; an anchor can: `anchor` writes the head
of the log (id, MAC, time, number of entries) to a file kept with the backup,
MACed with the current key, and `verify --anchor FILE` checks that the log still
reaches that head with the same MAC.
"""

import contextlib
import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from likvard.access import chain
from likvard.access.models import AuditEntry

PROBLEMS = {
    "content": "row {id} was changed after it was written (its MAC does not verify)",
    "link": "the chain breaks at row {id}: the row before it was changed or removed",
    "unknown_key": (
        "row {id} is signed with key id {key_id!r}, which is not configured: "
        "add the old key to LIKVARD_AUDIT_OLD_KEYS (or the key file) to verify it"
    ),
    "unkeyed": (
        "row {id} has no key although a keyed entry comes before it: "
        "a row was rewritten without the key"
    ),
    "all_unkeyed": (
        "the log holds no keyed entry (it ends at row {id}): "
        "it was rewritten without the key, or migration 0006 has not run"
    ),
}
ANCHOR_FIELDS = ("chain", "head_id", "head_mac", "head_at", "head_key_id", "entries", "made_at")


def anchor_mac(key: bytes, body: dict) -> str:
    """The anchor's own MAC over its fields (canonical JSON), so a forged file is refused."""
    fields = {name: body[name] for name in ANCHOR_FIELDS}
    message = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, b"likvard-audit-anchor|" + message, hashlib.sha256).hexdigest()


class Command(BaseCommand):
    help = (
        "Audit log tools. `verify` checks that no entry was changed or removed (with "
        "--anchor FILE also that none of the newest was removed); `anchor` writes the "
        "log's head to a file for the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument("--anchor", metavar="FILE", help="verify: an anchor file to check")
        parser.add_argument("--out", metavar="FILE", help="anchor: the file (default stdout)")

    def handle(self, *args, action, **options):
        if action == "anchor":
            return self.write_anchor(options["out"])
        anchor = self.read_anchor(options["anchor"]) if options["anchor"] else None
        keys = settings.LIKVARD_AUDIT_KEYS
        entries = AuditEntry.objects.order_by("id").iterator(chunk_size=5000)
        # Close the iterator before raising: a failure mid-walk otherwise left its
        # cursor to be closed after the connection was, with a stray traceback.
        with contextlib.closing(entries):
            checked, broken = chain.verify(entries, keys)
        if broken is not None:
            raise CommandError(
                "Audit log verification FAILED: "
                + PROBLEMS[broken.problem].format(id=broken.entry_id, key_id=broken.key_id)
            )
        if anchor is not None:
            self.check_anchor(anchor)
        self.stdout.write(
            f"Audit log intact: {checked} entries, keyed chain unbroken"
            + (f", reaches the anchor at row {anchor['head_id']}." if anchor else ".")
        )

    def write_anchor(self, out):
        head = AuditEntry.objects.order_by("-id").first()
        if head is None:
            raise CommandError("The audit log is empty: there is no head to anchor.")
        key_id, key = chain.signing_key()
        body = {
            "chain": "likvard-audit",
            "head_id": head.pk,
            "head_mac": head.entry_hash,
            "head_at": head.at.astimezone(datetime.UTC).isoformat(),
            "head_key_id": head.key_id,
            "entries": AuditEntry.objects.filter(pk__lte=head.pk).count(),
            "made_at": timezone.now().astimezone(datetime.UTC).isoformat(),
        }
        body.update(key_id=key_id, mac=anchor_mac(key, body))
        text = json.dumps(body, indent=2) + "\n"
        if out:
            with open(out, "w", encoding="utf-8") as file:
                file.write(text)
            self.stdout.write(f"Anchored the audit log at row {head.pk} in {out}.")
        else:
            self.stdout.write(text, ending="")

    def read_anchor(self, path) -> dict:
        """The anchor's fields, once its own MAC verifies with one of our keys."""
        try:
            with open(path, encoding="utf-8") as file:
                body = json.load(file)
            fields = {name: body[name] for name in (*ANCHOR_FIELDS, "key_id", "mac")}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"{path} is not an audit anchor: {exc}") from None
        key = settings.LIKVARD_AUDIT_KEYS.get(fields["key_id"])
        if key is None or not hmac.compare_digest(anchor_mac(key, fields), str(fields["mac"])):
            raise CommandError(
                f"The anchor {path} is refused: its MAC does not verify with this log's keys "
                "(it is from another installation, was changed, or its key is not configured)."
            )
        return fields

    def check_anchor(self, anchor):
        """The log still holds the anchored row, with the anchored MAC and every row before it."""
        head_id = anchor["head_id"]
        row = AuditEntry.objects.filter(pk=head_id).values_list("entry_hash", flat=True).first()
        if row is None:
            last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
            raise CommandError(
                f"Audit log verification FAILED: the anchor names row {head_id}, "
                f"but the log ends at row {last}: its newest rows were removed."
                if last is None or last < head_id
                else f"Audit log verification FAILED: the anchored row {head_id} was removed."
            )
        if not hmac.compare_digest(row, anchor["head_mac"]):
            raise CommandError(
                f"Audit log verification FAILED: row {head_id} is not the row the anchor names "
                "(its MAC differs): the anchor is from another chain, or the log was rewritten."
            )
        held = AuditEntry.objects.filter(pk__lte=head_id).count()
        if held != anchor["entries"]:
            raise CommandError(
                f"Audit log verification FAILED: the anchor counts {anchor['entries']} entries "
                f"up to row {head_id}, the log holds {held}."
            )
