"""What a search text asks for: a personnummer, a report number or a name.

A personnummer may be written in any of its forms (YYYYMMDD-NNNN, YYMMDD-NNNN, with
'+' for a hundred-year-old, without the dash, with spaces); it is normalised to the
12 digits the child is stored under, so the lookup is one probe of a unique index.
A name is matched word by word against `SearchName`, the expression the trigram
index of migration 0001 holds.
"""

import re
from dataclasses import dataclass

from django.db.models import CharField, F, Func
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _

from likvard.core.validation import MAX_ID
from likvard.people.identity import InvalidIdentityNumber, parse

_IDENTITY = re.compile(r"^(\d{6}|\d{8})[-+]?\d{4}\Z")
#: Letters of a name: at least this many in some word before a name is searched
#: (fewer give no trigram to look up, and too many children to show).
MIN_NAME_LETTERS = 3
MAX_QUERY = 100

IDENTITY_ERRORS = {
    "check_digit": _(
        "Personnumret har fel kontrollsiffra (den sista siffran). Kontrollera numret."
    ),
    "date": _("Personnumret innehåller inget giltigt födelsedatum."),
    "serial": _("Personnumret är inte giltigt: födelsenumret kan inte vara 000."),
    "format": _("Personnumret är inte skrivet i en form som går att tolka."),
}


class SearchName(Func):
    """LOWER(first_name || ' ' || last_name): the child's name as the index holds it."""

    template = "LOWER(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = CharField()

    def __init__(self):
        super().__init__(F("first_name"), F("last_name"))


@dataclass(frozen=True)
class Query:
    """A search text understood: its kind and the value to look up, or why not."""

    kind: str  # "personal_number", "report", "name" or "invalid"
    value: object = None
    error: str = ""
    code: str = ""

    def name_conditions(self) -> list:
        """One condition per word of a name: each must be part of the name."""
        return [Contains(SearchName(), word) for word in self.value]


def understand(text: str) -> Query:
    """The kind of search `text` asks for; an explained refusal when it cannot be run."""
    text = (text or "").strip()
    if any(not (ch.isprintable() or ch.isspace()) for ch in text):
        # A NUL or another control character: SQLite ends the pattern there, so "a\0b"
        # would search for "a" and list half the city.
        return Query(
            "invalid", error=_("Söktexten innehåller otillåtna tecken."), code="invalid_characters"
        )
    compact = re.sub(r"\s+", "", text)
    if not compact:
        return Query(
            "invalid",
            error=_("Skriv ett namn, ett personnummer eller ett ärendenummer."),
            code="required",
        )
    if len(text) > MAX_QUERY:
        return Query("invalid", error=_("Söktexten är för lång."), code="too_long")
    if _IDENTITY.match(compact):
        try:
            return Query("personal_number", parse(compact).long_form)
        except InvalidIdentityNumber as exc:
            code = str(exc)
            return Query("personal_number", error=IDENTITY_ERRORS[code], code=code)
    if compact.isdigit():
        if len(compact) > 9 or int(compact) > MAX_ID:
            return Query(
                "invalid",
                error=_(
                    "Ett personnummer har 10 eller 12 siffror (ÅÅMMDD-NNNN eller "
                    "ÅÅÅÅMMDD-NNNN); ett ärendenummer högst 9."
                ),
                code="not_a_number",
            )
        return Query("report", int(compact))
    words = [w for w in re.split(r"[\s,]+", text.lower()) if w]
    if any(ch.isdigit() for ch in compact) or max(len(w) for w in words) < MIN_NAME_LETTERS:
        return Query(
            "invalid",
            error=_("Skriv minst tre bokstäver av namnet, eller ett helt personnummer."),
            code="too_short",
        )
    return Query("name", words)
