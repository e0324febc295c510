"""The one CSV writer every export uses: what Swedish Excel reads as a table."""

import datetime
from decimal import Decimal

import pytest

from likvard.core.spreadsheet import cell, csv_response

from .spreadsheets import csv_rows


def test_cells_are_written_as_swedish_excel_reads_them():
    assert cell(Decimal("66.7")) == "66,7"
    assert cell(0.5) == "0,5"
    assert cell(12) == "12"
    assert cell(None) == ""
    assert cell(True) == "Ja"
    winter = datetime.datetime(2026, 1, 15, 23, 30, tzinfo=datetime.UTC)
    assert cell(winter) == "2026-01-16 00:30:00"  # Stockholm time, the next day
    assert cell(datetime.date(2026, 3, 1)) == "2026-03-01"
    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"  # never a formula
    with pytest.raises(ValueError):
        cell(datetime.datetime(2026, 1, 1, tzinfo=None))


def test_a_response_has_a_byte_order_mark_semicolons_and_quotes_what_needs_it():
    response = csv_response("x.csv", ["område", "andel"], [["Järva; norr", Decimal("1.5")]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.decode().startswith("\ufeffområde;andel\r\n")
    assert csv_rows(response) == [["område", "andel"], ["Järva; norr", "1,5"]]
