"""Swedish identity numbers: personnummer and samordningsnummer.

Wraps python-stdnum's check-digit and date logic with the stricter written forms
the city accepts (no spaces, 10 or 12 digits, '-' or '+' separator), and
normalises every accepted form to the 12-digit long form YYYYMMDDNNNC that is
stored. The public test vectors in tests/people/data/personnummer.json must pass.
"""

import datetime
import re
from dataclasses import dataclass

from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError

_FORM = re.compile(
    r"^(?P<century>\d{2})?(?P<date>\d{6})(?P<sep>[-+]?)(?P<serial>\d{3})(?P<check>\d)\Z"
)


#: Anything written like an identity number inside a text (10 or 12 digits, with or
#: without a separator), valid or not: a text that must identify no one refuses it.
_IN_TEXT = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")


def mentions_identity_number(text: str) -> bool:
    """Whether `text` holds something written like a personnummer or samordningsnummer."""
    return _IN_TEXT.search(text or "") is not None


class InvalidIdentityNumber(ValueError):
    """The text is not a valid personnummer or samordningsnummer."""


@dataclass(frozen=True)
class IdentityNumber:
    """A validated identity number in its long form."""

    long_form: str
    birth_date: datetime.date
    is_coordination_number: bool

    @property
    def is_male(self) -> bool:
        return int(self.long_form[10]) % 2 == 1

    @property
    def display(self) -> str:
        """YYYYMMDD-NNNC, the form shown to staff."""
        return f"{self.long_form[:8]}-{self.long_form[8:]}"


def _full_year(short_year: int, sep: str, today: datetime.date) -> int:
    """Resolve a two-digit year: '+' means the person is 100 or older."""
    year = today.year - today.year % 100 + short_year
    if year > today.year:
        year -= 100
    if sep == "+":
        year -= 100
    return year


def parse(text: str, today: datetime.date | None = None) -> IdentityNumber:
    """Validate `text` and return it normalised; raise InvalidIdentityNumber."""
    today = today or datetime.date.today()
    match = _FORM.match(text or "")
    if not match:
        raise InvalidIdentityNumber("format")
    digits = match["date"] + match["serial"] + match["check"]
    if match["serial"] == "000":
        raise InvalidIdentityNumber("serial")
    try:
        luhn.validate(digits)
    except StdnumError as exc:
        raise InvalidIdentityNumber("check_digit") from exc
    yy, month, day = int(match["date"][:2]), int(match["date"][2:4]), int(match["date"][4:6])
    coordination = day > 60
    if coordination:
        day -= 60
    if match["century"]:
        year = int(match["century"] + match["date"][:2])
    else:
        year = _full_year(yy, match["sep"], today)
    try:
        birth = datetime.date(year, month, day)
    except ValueError as exc:
        raise InvalidIdentityNumber("date") from exc
    if birth > today:
        raise InvalidIdentityNumber("date")
    return IdentityNumber(f"{year:04d}{match['date'][2:]}{digits[6:]}", birth, coordination)
