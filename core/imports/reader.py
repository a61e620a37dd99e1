"""Rows of a CSV or XLSX export, one at a time, as text cells numbered as the spreadsheet shows them.

Nothing here holds the whole sheet: the engine stops pulling rows at the row limit. An XLSX is a zip, so its
declared uncompressed size is checked before anything opens it (a 100 kB file can unpack to gigabytes); then
a child process (core/imports/xlsx_rows.py) parses it with openpyxl in read-only mode and streams the rows, so
openpyxl's long pure-Python stretches never stop a gevent worker. A CSV cell whose bytes cannot be decoded
keeps them as surrogates, so the engine reports that cell as a row error instead of failing the request.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from core.config import ROOT
from core.errors import Invalid
from core.imports.xlsx_rows import MAX_COLUMNS

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


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """The rows core/imports/xlsx_rows.py reads in a child process; closing this generator stops the child."""
    unpacked = unpacked_size(data)
    if unpacked > limits.max_unpacked:
        raise Invalid(f"El archivo XLSX ocupa {unpacked // 2**20} MB descomprimido; el máximo es "
                      f"{limits.max_unpacked // 2**20} MB. Divida la exportación en partes.", code="file_too_large")
    with tempfile.TemporaryFile() as source:  # a file, not a pipe: the child reads it at its own pace
        source.write(data)
        source.seek(0)
        child = subprocess.Popen([sys.executable, "-m", "core.imports.xlsx_rows"], cwd=ROOT, stdin=source,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, encoding="utf-8")
    try:
        number = 0
        for line in child.stdout:
            item = json.loads(line)
            if isinstance(item, list):
                number += 1
                yield number, item
            elif item.get("unreadable"):
                raise Invalid(UNREADABLE_FILE, code="unreadable_file")
            elif item.get("end"):
                return
            else:
                break
        raise RowUnreadable(number + 1, "El archivo XLSX no se puede leer desde esta fila: ¿está dañado?")
    finally:
        child.kill()
        child.stdout.close()
        child.wait()


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
