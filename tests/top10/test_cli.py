"""`flask import-damage-reports` and `import-cancellations`: exit status 0 on success, ≠ 0 with the row
errors on rejection, nothing written then."""

from __future__ import annotations

from sqlalchemy import func, select

from core.extensions import db
from core.models import Cancellation, DamageReport
from tests.top10.helpers import DAMAGE_HEADER, csv_bytes, lp, report, xlsx_bytes


def test_damage_reports_command_imports_and_reports_counts(app, team, tmp_path) -> None:
    """A valid XLSX exits 0 and says what it created."""
    path = tmp_path / "reportes.xlsx"
    path.write_bytes(xlsx_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20)), report("R2", "100", lp(24))]))
    result = app.test_cli_runner().invoke(args=["import-damage-reports", str(path)])
    assert result.exit_code == 0, result.output
    assert "Reportes de daño importados: 2 filas: 2 nuevas, 0 actualizadas, 0 sin cambios." in result.output
    assert db.session.scalar(select(func.count(DamageReport.id))) == 2


def test_rejected_file_exits_non_zero_listing_row_errors(app, team, tmp_path) -> None:
    """One bad date: exit status 1, the row and column named, nothing imported."""
    path = tmp_path / "reportes.csv"
    path.write_bytes(csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20)),
                                              ["R2", "100", "Ana", "", "", "ayer", "", "", ""]]))
    result = app.test_cli_runner().invoke(args=["import-damage-reports", str(path)])
    assert result.exit_code == 1
    assert "Fila 3, columna «Fecha Reporte»: La fecha «ayer» no es válida" in result.output
    assert db.session.scalar(select(func.count(DamageReport.id))) == 0


def test_cancellations_command(app, team, tmp_path) -> None:
    """The cancellations export goes through its own command."""
    path = tmp_path / "bajas.csv"
    path.write_bytes(csv_bytes(["Nro Baja", "Cuenta", "Fecha Baja"], [["B1", "100", "05/11/2026"]]))
    result = app.test_cli_runner().invoke(args=["import-cancellations", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Cancellation.id))) == 1


def test_missing_file_exits_non_zero(app, team, tmp_path) -> None:
    """A path that does not exist is an error, in Spanish."""
    result = app.test_cli_runner().invoke(args=["import-cancellations", str(tmp_path / "no.csv")])
    assert result.exit_code == 1 and "No se puede leer el archivo" in result.output
