"""Admin imports of Smartflex exports: the upload cap, the shared row-error list, background imports with their
progress page, and the import history with who, when and the counts."""

from __future__ import annotations

import io
import re

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.imports.columns import UNREADABLE
from core.models import Account, DamageReport, ImportBatch
from tests.services import wait_until
from tests.staff import Staff, signed_in
from tests.top10.helpers import DAMAGE_HEADER, csv_bytes, lp, report

ACCOUNTS_CSV = ("Cuenta;CI;Nombre;Deuda\n200100;1234567;Juana Pérez;0\n200200;2345678;Mario Ñuflo;1.234,50\n"
                "200300;3456789;Ana Quispe;0\n").encode()
MALFORMED_CSV = b"Cuenta;Nombre;Deuda\n200100;Ana;0\n200101;Jos\x81e;0\n200102;Rosa;mucho\n"
ERROR_ROWS = ['<td class="num">3</td><td>Nombre</td><td>' + UNREADABLE + "</td>",
              '<td class="num">4</td><td>Deuda</td><td>«mucho» no es un monto válido (por ejemplo 1.234,50).</td>']


def upload(staff: Staff, url: str, data: bytes, filename: str, **fields: str):
    return staff.post(url, {"file": (io.BytesIO(data), filename), **fields}, content_type="multipart/form-data")


def wait_until_finished(staff: Staff, batch_id: int) -> str:
    """Poll the status block as the page does, until the import stops running."""
    def finished() -> str | None:
        block = staff.get(f"/admin/importaciones/{batch_id}/estado").get_data(as_text=True)
        return None if "data-poll" in block else block

    return wait_until(finished, 30, f"import {batch_id} finished")


def batch_id_from(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert "/admin/importaciones/" in location
    return int(location.rsplit("/", 1)[1])


def test_an_upload_over_the_cap_gets_the_spanish_413(app: Flask, supervisor: Staff) -> None:
    """An import bigger than IMPORT_MAX_BYTES is refused before it is read, in Spanish; nothing is recorded."""
    app.config["IMPORT_MAX_BYTES"] = 4096
    response = upload(supervisor, "/admin/cuentas", ACCOUNTS_CSV + b"200400;1;X;0\n" * 800, "cuentas.csv")
    assert response.status_code == 413
    assert "El archivo es demasiado grande: el máximo es 4 kB." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_a_malformed_accounts_file_lists_its_row_errors(supervisor: Staff) -> None:
    """The accounts page shows the row/column/message table and imports nothing."""
    page = upload(supervisor, "/admin/cuentas", MALFORMED_CSV, "cuentas.csv").get_data(as_text=True)
    assert "El archivo fue rechazado (2 errores): no se importó ninguna fila." in page
    for row in ERROR_ROWS:
        assert row in page
    assert db.session.scalar(select(func.count(Account.id))) == 0


def test_both_import_pages_list_errors_the_same_way(app: Flask) -> None:
    """The Top 10 import page shows a rejected file in the same table as the accounts page."""
    gestor = signed_in(app, "gestor", "top10_gestor")
    data = csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20)), ["R2", "", "", "", "", "20/11/2026", "", "", ""]])
    page = upload(gestor, "/admin/top10/importar", data, "rd.csv", kind="damage_reports").get_data(as_text=True)
    assert '<section class="card import-errors" aria-labelledby="errors-title">' in page
    assert '<td class="num">3</td><td>Cuenta</td><td>Falta «Cuenta».</td>' in page


def test_a_large_file_imports_in_the_background_and_the_history_shows_it(app: Flask, supervisor: Staff) -> None:
    """Over IMPORT_INLINE_MAX_BYTES the upload goes to its batch page at once; when the job ends the page and
    the history show the counts, the file and who brought it."""
    app.config["IMPORT_INLINE_MAX_BYTES"] = 0
    batch_id = batch_id_from(upload(supervisor, "/admin/cuentas", ACCOUNTS_CSV, "export-grande.csv"))
    page = supervisor.get(f"/admin/importaciones/{batch_id}").get_data(as_text=True)
    assert "se importa en segundo plano" in page and 'id="import-status"' in page
    block = wait_until_finished(supervisor, batch_id)
    assert "Importado" in block and '<dd class="created">3</dd>' in block
    assert db.session.scalar(select(func.count(Account.id))) == 3
    history = supervisor.get("/admin/cuentas").get_data(as_text=True)
    row = history[history.index(f'<tr data-batch="{batch_id}">'):]
    row = row[:row.index("</tr>")]
    assert "export-grande.csv" in row and ">Importado<" in row and "supervisora" in row
    assert '<td class="num">3</td><td class="num">3</td><td class="num">0</td>' in row


def test_a_rejected_background_import_shows_its_row_errors(app: Flask, supervisor: Staff) -> None:
    """When a background import is rejected, its page lists the row errors and nothing is written."""
    app.config["IMPORT_INLINE_MAX_BYTES"] = 0
    batch_id = batch_id_from(upload(supervisor, "/admin/cuentas", MALFORMED_CSV, "cuentas.csv"))
    wait_until_finished(supervisor, batch_id)
    page = supervisor.get(f"/admin/importaciones/{batch_id}").get_data(as_text=True)
    assert "Rechazado" in page and "El archivo fue rechazado (2 errores)" in page
    for row in ERROR_ROWS:
        assert row in page
    assert db.session.scalar(select(func.count(Account.id))) == 0


def test_a_background_top10_import_completes(app: Flask) -> None:
    """Damage reports go through the same background job."""
    app.config["IMPORT_INLINE_MAX_BYTES"] = 0
    gestor = signed_in(app, "gestor", "top10_gestor")
    data = csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20)), report("R2", "100", lp(24))])
    batch_id = batch_id_from(upload(gestor, "/admin/top10/importar", data, "rd.csv", kind="damage_reports"))
    assert '<dd class="created">2</dd>' in wait_until_finished(gestor, batch_id)
    assert db.session.scalar(select(func.count(DamageReport.id))) == 2


def test_a_batch_page_is_only_for_who_may_import_that_kind(app: Flask, supervisor: Staff) -> None:
    """The Top 10 gestor cannot open an accounts import; a desk agent no import at all."""
    upload(supervisor, "/admin/cuentas", ACCOUNTS_CSV, "cuentas.csv")
    batch_id = db.session.scalar(select(ImportBatch.id))
    assert supervisor.get(f"/admin/importaciones/{batch_id}").status_code == 200
    assert signed_in(app, "gestor", "top10_gestor").get(f"/admin/importaciones/{batch_id}").status_code == 403
    assert signed_in(app, "asesor1", "agent").get(f"/admin/importaciones/{batch_id}").status_code == 403


def test_the_history_shows_the_rows_a_rejected_file_had(supervisor: Staff) -> None:
    """A rejected file of three data rows is listed with its 3 rows, not «0» as if it were empty; a file refused
    for its header, whose rows were never read, shows «—»."""
    upload(supervisor, "/admin/cuentas", MALFORMED_CSV, "tres-filas.csv")
    upload(supervisor, "/admin/cuentas", b"Nombre;Deuda\nAna;0\n", "sin-cuenta.csv")
    history = supervisor.get("/admin/cuentas").get_data(as_text=True)

    def cells(filename: str) -> list[str]:
        row = history[history.rindex("<tr", 0, history.index(f"<td>{filename}</td>")):]
        return re.findall(r"<td[^>]*>(.*?)</td>", row[:row.index("</tr>")], re.S)

    rejected, no_header = cells("tres-filas.csv"), cells("sin-cuenta.csv")
    assert "Rechazado" in rejected[3] and rejected[4] == "3"
    assert "Rechazado" in no_header[3] and no_header[4] == "—"
