"""Reading the postal-code table (CSV) that routes e-service reports to districts.

A file is read whole and checked whole: every problem is reported with its row,
field and what is wrong, and nothing is imported until the file is clean. UTF-8
(with or without a BOM) and Windows-1252, as Excel saves it; `;` or `,` between
fields. Columns: `postnummer` and `stadsdelsomrade` (the district's short name or
name).
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

COLUMNS = ("postnummer", "stadsdelsomrade")


@dataclass(frozen=True)
class Problem:
    row: int  # the line in the file, the header being 1; 0 for the file as a whole
    field: str
    message: str

    def __str__(self) -> str:
        where = _("rad %(row)d") % {"row": self.row} if self.row else _("filen")
        return f"{where}, {self.field or '–'}: {self.message}"


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def read(raw: bytes, districts: dict[str, int]) -> tuple[dict[str, int], list[Problem]]:
    """(postal code -> district id, problems); `districts` maps slug and name to id."""
    text = decode(raw)
    dialect = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=dialect)
    header = [h.strip().lower() for h in next(rows, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return {}, [Problem(0, c, _("kolumnen saknas")) for c in missing]
    code_at, district_at = header.index(COLUMNS[0]), header.index(COLUMNS[1])
    table: dict[str, int] = {}
    problems: list[Problem] = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(Problem(line, "", _("raden har för få fält")))
            continue
        code = "".join(row[code_at].split())
        district = row[district_at].strip()
        if not (len(code) == 5 and code.isdigit()):
            problems.append(Problem(line, COLUMNS[0], _("inte ett postnummer med fem siffror")))
        elif code in table:
            problems.append(
                Problem(line, COLUMNS[0], _("postnumret finns redan på en rad ovanför"))
            )
        if district not in districts:
            problems.append(Problem(line, COLUMNS[1], _("okänt stadsdelsområde")))
        if len(code) == 5 and code.isdigit() and code not in table and district in districts:
            table[code] = districts[district]
    if not table and not problems:
        problems.append(Problem(0, "", _("filen innehåller inga postnummer")))
    return table, problems
