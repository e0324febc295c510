"""What a submission stores, and the report registered from it.

The payload is the form's cleaned answers as JSON (dates as ISO text), so that a
submission waiting in the central queue can be registered later exactly as it was
sent. The report's description is composed from the answers, under Swedish
headings the intake worker reads, whatever language the reporter used.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from likvard.people.services import ChildInput
from likvard.reports.models import Channel
from likvard.reports.services import ReportInput

from .vocabulary import REPORTER_TYPES, Knows

#: Answers that are not part of the report (the form's machinery).
NOT_STORED = {"idempotency_key", "website", "organisation"}


def payload_of(cleaned: dict, partner: dict | None) -> dict:
    """The form's answers as JSON, with the chosen organisation's name and district."""
    payload = {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in cleaned.items()
        if key not in NOT_STORED
    }
    if partner:
        payload["organisation_id"] = partner["id"]
        payload["organisation_name"] = partner["name"]
        payload["organisation_district"] = partner.get("district")
    return payload


def _section(title: str, text: str) -> str:
    return f"{title}:\n{text.strip()}" if text and text.strip() else ""


def _knows(value: str) -> str:
    return str(Knows(value).label) if value in Knows.values else ""


def description(payload: dict, reference: str) -> str:
    """The report's description for the intake worker, in Swedish."""
    p = payload
    with translation.override("sv"):
        interpreter = (
            _("Ja, språk: %(language)s") % {"language": p.get("interpreter_language", "")}
            if p.get("interpreter")
            else ""
        )
        address = " ".join(filter(None, [p.get("child_address", ""), p.get("child_postal_code")]))
        parts = [
            _("Inkom via e-tjänsten, referensnummer %(reference)s.") % {"reference": reference},
            _section(_("Vad har hänt"), p.get("what_happened", "")),
            _section(_("Vad anmälaren själv har sett eller hört"), p.get("observed", "")),
            _section(_("Vad barnet har sagt"), p.get("child_said", "")),
            _section(_("Hur länge anmälaren har varit orolig"), p.get("duration", "")),
            _section(_("Barnets adress enligt anmälaren"), address),
            _section(_("Vårdnadshavare enligt anmälaren"), p.get("guardians", "")),
            _section(_("Behov av tolk"), interpreter),
            _section(_("Barnet vet om anmälan"), _knows(p.get("child_knows", ""))),
            _section(_("Vårdnadshavarna vet om anmälan"), _knows(p.get("guardians_know", ""))),
        ]
    return "\n\n".join(part for part in parts if part)


def report_input(payload: dict, reference: str, received_at: datetime.datetime) -> ReportInput:
    p = payload
    reporter_type, mandated = REPORTER_TYPES[p["reporter_type"]]
    birth_date = p.get("child_birth_date")
    anonymous = bool(p.get("anonymous"))
    # Comma-separated, so that a letter's address is read without the phone number
    # beside it (`notices.channels.route`).
    contact = ", ".join(
        filter(None, [p.get("reporter_phone"), p.get("reporter_email"), p.get("reporter_address")])
    )
    return ReportInput(
        child=ChildInput(
            personal_number=p.get("child_personal_number", ""),
            first_name=p.get("child_first_name", ""),
            last_name=p.get("child_last_name", ""),
            birth_date=datetime.date.fromisoformat(birth_date) if birth_date else None,
            approximate_age=p.get("child_age"),
            school=p.get("child_school", ""),
        ),
        received_at=received_at,
        channel=Channel.E_SERVICE,
        reporter_type=reporter_type,
        reporter_mandated=mandated,
        reporter_wants_feedback=mandated and bool(p.get("wants_feedback")),
        description=description(p, reference),
        concerns=list(p.get("concerns", [])),
        reporter_name="" if anonymous else p.get("reporter_name", ""),
        reporter_organisation=p.get("organisation_name", ""),
        reporter_contact="" if anonymous else contact[:200],
    )
