"""`python -m core.imports.xlsx_rows`: the rows of the first sheet of the XLSX on stdin, one JSON line each.

openpyxl parses in pure Python and never pauses: loading 200,000 shared strings alone takes seconds, and a
greenlet doing that stops every other request of a gevent worker. So core/imports/reader.py runs this module as
a child process and reads its output as a stream: the server keeps serving, the parent stops the child as
soon as it has read enough rows, and the child's memory is capped. Nothing here imports Flask or the app.

Output: `[cell, …]` per row (text, as _cell() writes it; [] for an empty row), then `{"end": true}`.
A file openpyxl cannot open gives `{"unreadable": true}`; damaged XML later on gives `{"broken": true}`.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
from datetime import date, datetime, time
from typing import Any

MAX_COLUMNS = 200  # cells past this column are ignored: Smartflex exports have a few dozen
MEMORY_LIMIT = 1536 * 2**20  # bytes of address space: a hostile workbook ends in MemoryError, not the server


def _cell(value: Any) -> str:
    """Spreadsheets turn account numbers into numbers: 100200.0 → "100200"; dates keep ISO order."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _emit(item: object) -> None:
    sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(sys.stdin.buffer.read()), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises several unrelated types for a broken file
        _emit({"unreadable": True})
        return
    # A forged <dimension ref="A1:XFD1048576"> would make openpyxl pad every row to 16,384 cells and the sheet
    # to a million rows: read the rows the file really has.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except Exception:  # damaged XML inside the zip
            _emit({"broken": True})
            return
        # A missing row comes back as one shared tuple of None: skip the per-cell work.
        _emit([] if row.count(None) == len(row) else [_cell(value) for value in row])
    _emit({"end": True})


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):  # the parent read enough rows and closed the pipe
        main()
