"""How a feedback reaches the reporter, from what the report holds about them.

A report keeps one free-text contact field (`Report.reporter_contact`): what the
reporter gave, often a phone number. An e-mail address found in it means an e-mail;
else a Swedish postal address (a postal code followed by the town) means a letter;
else the system cannot send it and says why.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .models import Channel

EMAIL_RE = re.compile(r"[^\s,;:<>()\[\]]+@[^\s,;:<>()\[\]]+")
# "123 45 Stockholm": five digits (space optional) then a capitalised word. A phone
# number ("070-123 45 67") has digits after the pair, not a town.
POSTAL_RE = re.compile(r"\b\d{3} ?\d{2}\s+[A-ZÅÄÖ][a-zåäöéü]+")
LETTERS_RE = re.compile(r"[A-Za-zÅÄÖåäöÉé]")


@dataclass(frozen=True)
class Route:
    channel: str
    address: str  # "" when it cannot be sent


def email_in(text: str) -> str:
    for candidate in EMAIL_RE.findall(text or ""):
        candidate = candidate.rstrip(".")
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        return candidate
    return ""


def route(contact: str) -> Route:
    """The channel and address for a reporter's contact details."""
    contact = (contact or "").strip()
    email = email_in(contact)
    if email:
        return Route(Channel.EMAIL, email)
    if POSTAL_RE.search(contact):
        # The address without the phone number given beside it.
        parts = [p.strip() for p in contact.split(",") if LETTERS_RE.search(p)]
        return Route(Channel.LETTER, ", ".join(parts))
    return Route(Channel.NONE, "")
