"""Every CSV and XLSX download is written here, each cell through `cell()`.

Names typed by staff or imported from Smartflex reach these files. A spreadsheet program runs a cell starting
with «=», «+», «-» or «@» (or a tab or carriage return before one) as a formula: «=HYPERLINK(…)» becomes a
live link, «=cmd|…» an attempt to run a program. Such a text gets a leading apostrophe (OWASP's advice for
CSV injection), so it shows as the text it was; numbers and dates are written as values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # with the full-width forms


def cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with BOM, «;» and CRLF: what a Spanish-locale Excel opens without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Iterable[Iterable[Any]], *, title: str) -> bytes:
    """One sheet named `title`, the first row in bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([cell(value) for value in row])
    for header in sheet[1]:
        header.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
