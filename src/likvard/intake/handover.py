"""How the public form hands a report to intake: the one door into the case system.

In the demo (and on a single host) the e-service calls the intake service directly.
On a public host (`likvard.settings.public`) LIKVARD_INTAKE_API_URL names the
internal host's `POST /api/intake/reports/`, and the form's answers travel there as
JSON with the intake credential; the public host holds no case data at all.
"""

import datetime
import json
import logging
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError

from . import services
from .payload import payload_of

logger = logging.getLogger(__name__)


class HandoverFailed(Exception):
    """The report could not be handed over; nothing is known to be stored."""


@dataclass(frozen=True)
class Receipt:
    reference: str
    received_at: datetime.datetime


def hand_over(form) -> Receipt:
    """Hand a valid form's answers over under its idempotency key; the same key again
    answers with the first receipt. An HTTP error (a 400 included: the public form
    made the same checks) is a failure the reporter may retry."""
    url = settings.LIKVARD_INTAKE_API_URL
    if not url:
        try:
            submission, _new = services.receive(
                payload_of(form.cleaned_data, form.partner), form.cleaned_data["idempotency_key"]
            )
        except DatabaseError as exc:
            # The kind of failure and its SQLSTATE only: a message can quote the row's values.
            cause = exc.__cause__ or exc
            code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None) or "-"
            logger.warning(
                "e-service report not stored: %s (SQLSTATE %s)", type(cause).__name__, code
            )
            raise HandoverFailed(str(exc)) from exc
        return Receipt(submission.reference, submission.received_at)
    return _post(url, answers(form.cleaned_data))


def answers(cleaned: dict) -> dict:
    """The form's answers as the intake API takes them (JSON: dates and keys as text)."""
    return {
        key: str(value) if isinstance(value, (datetime.date, uuid.UUID)) else value
        for key, value in cleaned.items()
        if key != "website"
    }


def _post(url: str, body: dict) -> Receipt:
    if not url.startswith(("https://", "http://")):
        raise HandoverFailed("LIKVARD_INTAKE_API_URL is not an http(s) address")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.LIKVARD_INTAKE_API_TOKEN}",
        },
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 (http(s) only, checked above)
            request, timeout=settings.LIKVARD_INTAKE_API_TIMEOUT
        ) as reply:
            answer = json.load(reply)
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise HandoverFailed(str(exc)) from exc
    return Receipt(answer["reference"], datetime.datetime.fromisoformat(answer["received_at"]))
