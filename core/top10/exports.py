"""The Top 10 tables as files: CSV (UTF-8 with BOM, «;», what a Spanish-locale Excel opens without asking) and
XLSX with real date cells. Every Top 10 export (weekly list, control sheet, repeated cases) goes through here."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from core import clock

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_TIME = "%d/%m/%Y %H:%M"


def _text(value: object) -> object:
    return f"{clock.local(value):{DATE_TIME}}" if isinstance(value, datetime) else value


def to_csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_text(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    """Aware datetimes become La Paz date cells (Excel has no time zones), formatted dd/mm/yyyy hh:mm."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([clock.local(v).replace(tzinfo=None) if isinstance(v, datetime) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
