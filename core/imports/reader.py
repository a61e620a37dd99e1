"""Rows of a CSV or XLSX export, one at a time, as text cells numbered as the spreadsheet shows them.

Nothing here holds the whole sheet: the engine stops pulling rows at the row limit. An XLSX is a zip, so its
declared uncompressed size is checked before openpyxl opens it (a 100 kB file can unpack to gigabytes), and it
is read in read-only mode with the sheet's own <dimension> ignored (a forged "A1:XFD1048576" would make
openpyxl pad every row to 16,384 cells). A CSV cell whose bytes cannot be decoded keeps them as surrogates, so
the engine reports that cell as a row error instead of failing the request.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from flask import current_app

from core.errors import Invalid

MAX_COLUMNS = 200  # cells past this column are ignored: Smartflex exports have a few dozen
UNREADABLE_FILE = "El archivo XLSX no se puede leer: ¿es una planilla válida?"


@dataclass(frozen=True)
class Limits:
    max_rows: int  # data rows, blank ones included: they cost as much to read
    max_unpacked: int  # bytes an XLSX may declare once uncompressed


def limits() -> Limits:
    config = current_app.config
    return Limits(max_rows=int(config.get("IMPORT_MAX_ROWS", 200_000)),
                  max_unpacked=int(config.get("IMPORT_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)))


class RowUnreadable(Exception):
    """The file cannot be read from this row on (a broken quote, an over-long field, damaged XML)."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row, self.message = row, message


def _suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".csv", ".txt"):
        raise Invalid("Formato no admitido: suba un archivo CSV o XLSX exportado de Smartflex.",
                      code="unsupported_file")
    return suffix


def unpacked_size(data: bytes) -> int:
    """What an XLSX declares its members weigh uncompressed (zipfile never inflates past a declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise Invalid(UNREADABLE_FILE, code="unreadable_file") from error


def work_size(data: bytes, filename: str) -> int:
    """How much text reading the file means: the upload itself for a CSV, the unpacked size for an XLSX."""
    try:
        return unpacked_size(data) if _suffix(filename) == ".xlsx" else len(data)
    except Invalid:
        return len(data)  # the import itself will say what is wrong with it


def rows(data: bytes, filename: str, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every row; Invalid for a file that cannot be opened, RowUnreadable mid-way."""
    if _suffix(filename) == ".xlsx":
        return _xlsx_rows(data, limits)
    return _csv_rows(data)


def _cell(value: Any) -> str:
    """Spreadsheets turn account numbers into numbers: 100200.0 → "100200"; dates keep ISO order."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value).strip()


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    unpacked = unpacked_size(data)
    if unpacked > limits.max_unpacked:
        raise Invalid(f"El archivo XLSX ocupa {unpacked // 2**20} MB descomprimido; el máximo es "
                      f"{limits.max_unpacked // 2**20} MB. Divida la exportación en partes.", code="file_too_large")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises several unrelated types for a broken file
        raise Invalid(UNREADABLE_FILE, code="unreadable_file") from error
    try:
        sheet.reset_dimensions()
        values = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        for number in itertools.count(1):
            try:
                row = next(values)
            except StopIteration:
                return
            except Exception as error:  # damaged XML inside the zip
                raise RowUnreadable(number, "El archivo XLSX está dañado desde esta fila.") from error
            # A missing row comes back as one shared tuple of None: skip the per-cell work.
            yield number, [] if row.count(None) == len(row) else [_cell(value) for value in row]
    finally:
        workbook.close()


def _encoding(data: bytes) -> tuple[str, str]:
    """(encoding, error handler): Excel's «Unicode text» is UTF-16, its «CSV» cp1252, «CSV UTF-8» UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "surrogateescape"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding, "strict"
    return "utf-8-sig", "surrogateescape"  # undecodable bytes become row errors on their cells


def _delimiter(line: str) -> str:
    if line.count(";") > line.count(","):
        return ";"
    return "\t" if "\t" in line else ","


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    encoding, errors = _encoding(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors=errors, newline="")
    ahead = list(itertools.islice(stream, 50))  # the delimiter is guessed on the first line with text
    first = next((line for line in ahead if line.strip()), "")
    reader = csv.reader(itertools.chain(ahead, stream), delimiter=_delimiter(first))
    for number in itertools.count(1):
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                message = (f"Una celda pasa de {csv.field_size_limit()} caracteres: revise que las comillas "
                           "estén cerradas.")
            else:
                message = "La fila no se puede leer como CSV: revise las comillas y los separadores."
            raise RowUnreadable(number, message) from error
        yield number, [cell.strip() for cell in row[:MAX_COLUMNS]]
