"""Every CSV and XLSX download is written here, each cell through `cell()`.

Names typed by staff or imported from Smartflex reach these files. A spreadsheet program runs a cell starting
with «=», «+», «-» or «@» (or a tab or carriage return before one) as a formula: «=HYPERLINK(…)» becomes a
live link, «=cmd|…» an attempt to run a program. Such a text gets a leading apostrophe (OWASP's advice for
CSV injection), so it shows as the text it was; numbers and dates are written as values. Aware datetimes are
La Paz times: text «dd/mm/aaaa hh:mm» in a CSV, a real date cell in an XLSX (Excel has no time zones); a bare
date is «dd/mm/aaaa» in both, text in a CSV and a date cell in an XLSX, so every export writes a day one way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from core import clock

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # with the full-width forms
# content_type, not mimetype, when a response is built from these: Werkzeug appends a second «; charset=utf-8»
# to a text/* mimetype that already names one.
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_TIME = "%d/%m/%Y %H:%M"
DATE = "%d/%m/%Y"


def cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return f"{clock.local(value):{DATE_TIME}}"
    return f"{value:{DATE}}" if isinstance(value, date) else cell(value)


def _xlsx_cell(value: Any) -> Any:
    return clock.local(value).replace(tzinfo=None) if isinstance(value, datetime) else cell(value)


def to_csv(rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with BOM, «;» and CRLF: what a Spanish-locale Excel opens without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Iterable[Iterable[Any]], *, title: str, decimals: str | None = None) -> bytes:
    """One sheet named `title`, the first row in bold, times dd/mm/yyyy hh:mm, days dd/mm/yyyy, and decimal numbers
    (floats) in the number format `decimals` when given ("0.0": one decimal, shown with the reader's comma)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
        for written in sheet[sheet.max_row]:
            if isinstance(written.value, datetime):
                written.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(written.value, date):
                written.number_format = "dd/mm/yyyy"
            elif decimals and isinstance(written.value, float):
                written.number_format = decimals
    for header in sheet[1]:
        header.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
