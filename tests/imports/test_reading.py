"""The import engine reads files defensively: it stops at the row limit, refuses XLSX zip bombs before opening
them, ignores a forged sheet size, and turns undecodable or over-long CSV cells into row errors."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core import clock
from core.accounts.account_import import ACCOUNTS
from core.actors import SYSTEM
from core.errors import ImportRejected, Invalid
from core.extensions import db
from core.imports import engine
from core.imports.columns import UNREADABLE
from core.models import Account, ImportBatch
from tests.top10.helpers import xlsx_bytes

HEADER = "Cuenta;Nombre;Deuda\n"


def run(data: bytes, filename: str = "cuentas.csv", kind: engine.Kind = ACCOUNTS) -> engine.ImportResult:
    return engine.run(kind, data, filename, actor=SYSTEM, now=clock.now())


def rejected(data: bytes, filename: str = "cuentas.csv") -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        run(data, filename)
    return caught.value


def last_batch() -> ImportBatch:
    db.session.expire_all()
    return db.session.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()))


def account_count() -> int:
    return db.session.scalar(select(func.count(Account.id)))


def csv_rows(count: int, start: int = 100000) -> str:
    return "".join(f"{start + n};Cliente {n};0\n" for n in range(count))


def test_reading_stops_at_the_row_limit(app) -> None:
    """Past IMPORT_MAX_ROWS the file is rejected and the rest is never read: a broken quote further down,
    which reading it would report, is not reached, and the batch shows limit + 1 rows read."""
    app.config["IMPORT_MAX_ROWS"] = 100
    broken = '999999;"' + "x" * 200_000 + "\n"  # an unclosed quote: a cell longer than csv's field limit
    error = rejected((HEADER + csv_rows(300) + broken).encode())
    assert error.details == [{"row": 102, "column": "", "message": "El archivo tiene más de 100 filas: divídalo en "
                                                                   "partes."}]
    assert (last_batch().status, last_batch().rows_read) == ("rejected", 101)
    assert account_count() == 0


def test_a_file_at_the_row_limit_imports(app) -> None:
    """Exactly IMPORT_MAX_ROWS data rows is fine."""
    app.config["IMPORT_MAX_ROWS"] = 100
    assert run((HEADER + csv_rows(100)).encode()).created == 100


def test_a_zip_bomb_xlsx_is_refused_before_it_is_opened(app) -> None:
    """An XLSX whose members declare more than IMPORT_MAX_UNPACKED_BYTES uncompressed is refused whole."""
    app.config["IMPORT_MAX_UNPACKED_BYTES"] = 2 * 2**20
    buffer = io.BytesIO(xlsx_bytes(["Cuenta"], [["100200"]]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/relleno.bin", b"\0" * (8 * 2**20))  # 8 MB of zeros: a few kB zipped
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(Invalid) as caught:
        run(buffer.getvalue(), "bomba.xlsx")
    assert caught.value.message == ("El archivo XLSX ocupa 8 MB descomprimido; el máximo es 2 MB. Divida la "
                                    "exportación en partes.")
    assert (last_batch().status, last_batch().rows_read, account_count()) == ("rejected", 0, 0)


def test_a_forged_sheet_size_is_ignored(app) -> None:
    """A sheet that claims to span A1:XFD1048576 but holds two rows imports those two rows (openpyxl would
    otherwise pad a million rows of 16,384 cells)."""
    original = xlsx_bytes(["Cuenta", "Nombre"], [["100200", "Ana"], ["100201", "Luis"]])
    forged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, replaced = re.subn(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', content)
                assert replaced == 1
            out.writestr(item, content)
    result = run(forged.getvalue(), "cuentas.xlsx")
    assert (result.created, last_batch().rows_read) == (2, 2)


def test_a_sparse_xlsx_counts_its_empty_rows_against_the_limit(app) -> None:
    """A cell far down the sheet makes every row before it a row to read: the limit stops it early."""
    app.config["IMPORT_MAX_ROWS"] = 1000
    book = Workbook()
    book.active.append(["Cuenta"])
    book.active["A1000000"] = "100200"
    out = io.BytesIO()
    book.save(out)
    error = rejected(out.getvalue(), "cuentas.xlsx")
    assert error.details[0]["message"] == "El archivo tiene más de 1000 filas: divídalo en partes."
    assert last_batch().rows_read == 1001


def test_an_undecodable_csv_cell_is_a_row_error(app) -> None:
    """Bytes that are neither UTF-8 nor Windows-1252 reject the file naming their row and column."""
    error = rejected(HEADER.encode() + b"100200;Ana;0\n100201;Jos\x81e;0\n")
    assert error.details == [{"row": 3, "column": "Nombre", "message": UNREADABLE}]


def test_an_over_long_csv_cell_is_a_row_error(app) -> None:
    """A cell over csv's field limit (an unclosed quote swallowing the file) is a row error, not a 500."""
    data = (HEADER + '100200;"Ana;0\n' + "relleno\n" * 20_000).encode()
    assert rejected(data).details == [
        {"row": 2, "column": "", "message": "Una celda pasa de 131072 caracteres: revise que las comillas estén "
                                            "cerradas."}]


def test_a_cell_longer_than_its_column_is_a_row_error(app) -> None:
    """Each column has its length: a CI of 25 characters is refused."""
    error = rejected(b"Cuenta;CI\n100200;1234567890123456789012345\n")
    assert error.details == [{"row": 2, "column": "CI", "message": "«CI» no puede pasar de 20 caracteres."}]


def test_excel_unicode_text_imports(app) -> None:
    """Excel's «Texto Unicode» (UTF-16 with BOM, tab-separated) is read with its accents."""
    run("Cuenta\tNombre\n100200\tMaría Ñuflo\n".encode("utf-16"), "cuentas.txt")
    assert db.session.scalar(select(Account.holder_name)) == "María Ñuflo"


def test_progress_is_saved_while_reading(app) -> None:
    """A background import's batch shows the rows read so far, committed while the file is still being read."""
    seen: list[int] = []
    batch_id = engine.open_batch(ACCOUNTS, "cuentas.csv", actor=SYSTEM, now=clock.now())

    def look(record: dict) -> list:
        if record["number"] == "102500":  # row 2,502: half-way through the file
            with db.engine.connect() as other:
                seen.append(other.scalar(select(ImportBatch.rows_read).where(ImportBatch.id == batch_id)))
        return []

    watched = dataclasses.replace(ACCOUNTS, check=look)
    engine.run(watched, (HEADER + csv_rows(5000)).encode(), "cuentas.csv", actor=SYSTEM, now=clock.now(),
               batch_id=batch_id)
    assert seen == [engine.SAVE_EVERY]
    assert (last_batch().status, last_batch().rows_read, last_batch().created) == ("done", 5000, 5000)


def test_cli_lists_the_row_errors_of_a_malformed_file(app, tmp_path) -> None:
    """`import-accounts` on a file with an unreadable cell exits non-zero with «Fila N, columna «X»: …»."""
    path = tmp_path / "cuentas.csv"
    path.write_bytes(HEADER.encode() + b"100200;Ana;0\n100201;Jos\x81e;0\n100202;Rosa;mucho\n")
    result = app.test_cli_runner().invoke(args=["import-accounts", str(path)])
    assert result.exit_code == 1
    assert "El archivo fue rechazado (2 errores): no se importó ninguna fila." in result.output
    assert f"  Fila 3, columna «Nombre»: {UNREADABLE}" in result.output
    assert "  Fila 4, columna «Deuda»: «mucho» no es un monto válido (por ejemplo 1.234,50)." in result.output
    assert account_count() == 0
