"""Reading a CSV file of partners into rows, with every problem found (row, field, problem).

The file is checked whole before anything is written (`services.import_partners`
writes only a clean file): a registry half-imported would leave intake picking from
a list nobody can vouch for.

What is read, following the project's CSV conventions (`core.spreadsheet`): a file
as Swedish Excel saves it, UTF-8 with or without a byte-order mark or Windows-1252
(Excel's "CSV (semikolonavgränsad)"), cells separated by semicolons or commas (told
from the header row). Row numbers are the spreadsheet's: the header is row 1.

A row updates an existing partner found by its organisation number when the row has
one, else by exactly the same name and kind; otherwise it adds a partner.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Kind, Partner

MAX_BYTES = 2_000_000
MAX_ROWS = 5_000

#: Header (lower case, as written in the file) -> Partner field.
COLUMNS = {
    "namn": "name",
    "typ": "kind",
    "organisationsnummer": "organisation_number",
    "stadsdelsområde": "district",
    "adress": "address",
    "postnummer": "postal_code",
    "telefon": "phone",
    "e-post": "email",
}
#: May be left out of the file: an imported partner is then not yet verified.
OPTIONAL_COLUMNS = {"senast kontrollerad": "last_verified"}
KIND_BY_TEXT = {
    **{value: value for value in Kind.values},
    **{str(label).lower(): value for value, label in Kind.choices},
}


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    problem: str


@dataclass
class Parsed:
    """The rows to write (Partner field -> value, district as a name) and the problems."""

    rows: list[tuple[int, dict]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def decode(data: bytes) -> str | None:
    """The file's text: UTF-8 (a BOM dropped), else Windows-1252; None when neither."""
    if b"\x00" in data:
        return None  # UTF-16 or a binary file: not a CSV Excel wrote for us
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _separator(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def parse(data: bytes, districts: dict[str, int]) -> Parsed:
    """Every row of the file checked on its own and against the others.

    `districts`: district names in lower case -> id.
    """
    parsed = Parsed()
    if len(data) > MAX_BYTES:
        parsed.problems.append(Problem(0, "", _("Filen är för stor (högst 2 MB).")))
        return parsed
    text = decode(data)
    if text is None:
        parsed.problems.append(
            Problem(0, "", _("Filen kan inte läsas. Spara den som CSV (UTF-8 eller Windows-1252)."))
        )
        return parsed
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        parsed.problems.append(Problem(1, "", _("Filen är tom.")))
        return parsed
    reader = csv.reader(io.StringIO(text), delimiter=_separator(lines[0]))
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS and name not in OPTIONAL_COLUMNS]
    for name in missing:
        parsed.problems.append(Problem(1, name, _("Kolumnen saknas.")))
    for name in unknown:
        parsed.problems.append(Problem(1, name, _("Okänd kolumn.")))
    if missing or unknown:
        return parsed
    seen: dict[tuple, int] = {}
    for number, cells in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            parsed.problems.append(Problem(number, "", _("Filen har för många rader.")))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            parsed.problems.append(
                Problem(
                    number,
                    "",
                    _("Raden har fel antal fält (%(n)d, väntat %(m)d).")
                    % {"n": len(cells), "m": len(header)},
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        row, problems = _row(number, values, districts)
        parsed.problems.extend(problems)
        for key in _keys(row):
            if key in seen:
                parsed.problems.append(
                    Problem(number, key[0], _("Dubblett av rad %(row)d.") % {"row": seen[key]})
                )
            else:
                seen[key] = number
        if not problems:
            parsed.rows.append((number, row))
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem(2, "", _("Filen har inga rader med partner.")))
    return parsed


def _keys(row: dict):
    if row.get("organisation_number"):
        yield ("organisationsnummer", row["organisation_number"])
    yield ("namn", row.get("name", "").lower(), row.get("kind"))


def _row(number: int, values: dict, districts: dict[str, int]) -> tuple[dict, list[Problem]]:
    problems = []
    row = {COLUMNS[name]: values[name] for name in COLUMNS}
    kind = KIND_BY_TEXT.get(row["kind"].lower())
    if kind is None:
        problems.append(Problem(number, "typ", _("Okänd typ: %(v)s.") % {"v": row["kind"]}))
    row["kind"] = kind or Kind.OTHER
    district = row.pop("district")
    row["district_id"] = districts.get(district.lower()) if district else None
    if district and row["district_id"] is None:
        problems.append(
            Problem(number, "stadsdelsområde", _("Okänt stadsdelsområde: %(v)s.") % {"v": district})
        )
    verified = values.get("senast kontrollerad", "")
    row["last_verified"] = None
    if verified:
        try:
            row["last_verified"] = datetime.date.fromisoformat(verified)
        except ValueError:
            problems.append(
                Problem(number, "senast kontrollerad", _("Ange datumet som ÅÅÅÅ-MM-DD."))
            )
    try:
        Partner(**row).full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        header_of = {value: name for name, value in COLUMNS.items()}
        for name, messages in exc.message_dict.items():
            if name in ("kind", "district"):
                continue  # told above, in the file's words
            problems.extend(Problem(number, header_of.get(name, name), m) for m in messages)
    return row, problems
