"""Importing Smartflex account exports: CSV and XLSX, all or nothing, idempotent, from the CLI and admin."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core import clock
from core.accounts import account_import
from core.actors import SYSTEM
from core.errors import ImportRejected
from core.extensions import db
from core.imports.engine import ImportResult
from core.models import Account
from tests.helpers import login, make_user
from tests.kiosk.helpers import fresh_csrf

CSV = ("Cuenta;CI;Nombre;Deuda;Requisitos pendientes;Observaciones\n"
       "200100;1234567;Juana Pérez;0;;\n"
       "200200;2345678;Mario Ñuflo;1.234,50;;Cobranza judicial\n"
       "200300;3456789;Ana Quispe;0;\"Fotocopia de CI; Croquis del domicilio\";\n").encode()


def load(data: bytes, filename: str) -> ImportResult:
    return account_import.import_accounts(data, filename, actor=SYSTEM, now=clock.now())


def accounts() -> dict[str, Account]:
    db.session.remove()
    return {a.number: a for a in db.session.scalars(select(Account))}


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_with_semicolons_and_bolivian_amounts_imports(app) -> None:
    """A «;» CSV with Bs 1.234,50 and «;»-separated requirements lands as three accounts."""
    report = load(CSV, "cuentas.csv")
    assert (report.created, report.updated) == (3, 0)
    rows = accounts()
    assert str(rows["200200"].debt_amount) == "1234.50" and rows["200200"].holder_name == "Mario Ñuflo"
    assert rows["200300"].pending_requirements.splitlines() == ["Fotocopia de CI", "Croquis del domicilio"]


def test_reimporting_the_same_file_changes_nothing(app) -> None:
    """The same export twice: the second import reports every row unchanged."""
    load(CSV, "cuentas.csv")
    report = load(CSV, "cuentas.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)


def test_a_newer_export_updates_by_account_number(app) -> None:
    """A paid debt in a newer export updates that account and nothing else."""
    load(CSV, "cuentas.csv")
    newer = CSV.replace(b"1.234,50", b"0")
    report = load(newer, "cuentas.csv")
    assert (report.updated, report.unchanged) == (1, 2)
    assert str(accounts()["200200"].debt_amount) == "0.00"


def test_xlsx_with_numeric_cells_imports(app) -> None:
    """Spreadsheet numbers (account 200400.0, debt 80.5) become text and money."""
    data = xlsx([["Nro. Cuenta", "Documento", "Titular", "Saldo deudor"], [200400.0, 7654321, "Rosa Mamani", 80.5]])
    load(data, "export.xlsx")
    row = accounts()["200400"]
    assert (row.ci, str(row.debt_amount)) == ("7654321", "80.50")


def test_one_bad_row_rejects_the_whole_file(app) -> None:
    """A bad amount and a missing number reject the file, list both rows, and write nothing."""
    bad = CSV + b"200500;1;X;mucho;;\n;2;Y;0;;\n"
    with pytest.raises(ImportRejected) as caught:
        load(bad, "cuentas.csv")
    assert caught.value.details == [
        {"row": 5, "column": "Deuda", "message": "«mucho» no es un monto válido (por ejemplo 1.234,50)."},
        {"row": 6, "column": "Cuenta", "message": "Falta «Cuenta»."}]
    assert accounts() == {}


def test_duplicate_account_in_a_file_is_an_error(app) -> None:
    """The same account twice in one file is refused, naming the first row."""
    with pytest.raises(ImportRejected) as caught:
        load(b"cuenta,deuda\n300100,0\n300100,5\n", "c.csv")
    assert caught.value.details == [{"row": 3, "column": "Cuenta",
                                     "message": "El número 300100 ya aparece en la fila 2."}]


def test_file_without_an_account_column_is_rejected(app) -> None:
    """Without a «Cuenta» column there is nothing to import."""
    with pytest.raises(ImportRejected, match="Cuenta"):
        load(b"nombre,deuda\nAna,0\n", "c.csv")


def test_cli_imports_and_reports(app, tmp_path) -> None:
    """`flask import-accounts FILE` imports and says how many rows."""
    path = tmp_path / "cuentas.csv"
    path.write_bytes(CSV)
    result = app.test_cli_runner().invoke(args=["import-accounts", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 nuevas" in result.output


def test_cli_rejection_exits_non_zero_listing_rows(app, tmp_path) -> None:
    """A rejected file makes the command fail and list the row errors."""
    path = tmp_path / "cuentas.csv"
    path.write_bytes(b"cuenta,deuda\n300100,abc\n")
    result = app.test_cli_runner().invoke(args=["import-accounts", str(path)])
    assert result.exit_code != 0
    assert "Fila 2, columna «Deuda»: «abc» no es un monto válido" in result.output
    assert db.session.scalar(select(func.count(Account.id))) == 0


def test_admin_upload_imports_the_file(app, client) -> None:
    """The supervisor uploads an export from Administración → Cuentas Smartflex."""
    make_user("supervisora", "supervisor")
    login(client, "supervisora")
    response = client.post("/admin/cuentas", data={"csrf_token": fresh_csrf(client, "/admin/cuentas"),
                                                   "file": (io.BytesIO(CSV), "cuentas.csv")}, follow_redirects=True)
    assert "Cuentas importadas: 3 filas" in response.get_data(as_text=True)
    assert len(accounts()) == 3


def test_admin_upload_shows_row_errors(app, client) -> None:
    """A rejected upload lists its row errors on the page and imports nothing."""
    make_user("supervisora", "supervisor")
    login(client, "supervisora")
    response = client.post("/admin/cuentas", data={"csrf_token": fresh_csrf(client, "/admin/cuentas"),
                                                   "file": (io.BytesIO(b"cuenta,deuda\n1,0\n"), "c.csv")})
    assert ("<td class=\"num\">2</td><td>Cuenta</td><td>«1» no es un código válido (de 3 a 32 letras, números o «-»)."
            "</td>") in response.get_data(as_text=True)
    assert accounts() == {}


def test_admin_upload_is_for_supervisors(app, client) -> None:
    """An agent cannot open the account upload."""
    make_user("asesor1", "agent")
    login(client, "asesor1")
    assert client.get("/admin/cuentas").status_code == 403
