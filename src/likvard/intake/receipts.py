"""The receipt a reporter gets: a reference number and what happens next, never a
word about the child (an e-mail can be read by anyone with the reporter's inbox)."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

#: Salt of the signed receipt in the receipt page's address.
RECEIPT_SALT = "likvard.intake.receipt"


def send_after_commit(submission) -> None:
    """Mail the receipt once the submission is committed (never for one rolled back)."""
    if submission.receipt_email:
        reference, received_at, to = (
            submission.reference,
            submission.received_at,
            submission.receipt_email,
        )
        language = translation.get_language()
        transaction.on_commit(lambda: _send(reference, received_at, to, language))


def _send(reference: str, received_at, to: str, language: str) -> None:
    with translation.override(language):
        body = render_to_string(
            "intake/receipt_email.txt", {"reference": reference, "received_at": received_at}
        )
        send_mail(
            _("Kvitto: din orosanmälan %(reference)s") % {"reference": reference},
            body,
            settings.LIKVARD_INTAKE_RECEIPT_FROM,
            [to],
        )


def token(reference: str, received_at) -> str:
    """The receipt page's address carries the reference signed, so that no database
    read is needed to show it (the public host has none of the case data)."""
    return signing.dumps({"r": reference, "t": received_at.isoformat()}, salt=RECEIPT_SALT)


def read_token(value: str) -> dict | None:
    try:
        return signing.loads(value, salt=RECEIPT_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
