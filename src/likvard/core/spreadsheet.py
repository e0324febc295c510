"""CSV files that Swedish Excel opens as a table, for every export.

Excel in a Swedish locale splits a CSV on semicolons (the comma is the decimal
sign), reads a file as UTF-8 only when it starts with a byte-order mark (else
å, ä and ö come out broken), and reads "66,7" as a number but "66.7" as text.
Times are written in Stockholm time, as every page shows them. A text cell that
starts like a formula is written with a leading apostrophe, so a value typed
by a user never runs in the reader's spreadsheet.
"""

import csv
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

from .calendar import STOCKHOLM

BOM = "\ufeff"
DELIMITER = ";"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One value as Swedish Excel reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: an export shows Stockholm time")
        return value.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date | int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """An attachment `filename` with a header row and one line per row."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response, delimiter=DELIMITER)
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return response
