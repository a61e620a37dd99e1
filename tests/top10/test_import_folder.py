"""Issue 12, item 1 (second bullet): the column mapping is saved per source and applied by the import engine
before validation; `flask import-folder` imports every new file of TOP10_IMPORT_DIR, one run at a time,
moving each to procesados/ or rechazados/ with its batch in the import history."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.errors import Forbidden, ImportRejected, Invalid
from core.extensions import db
from core.imports import mappings
from core.jobs import lease
from core.models import Cancellation, DamageReport, ImportBatch
from core.top10 import report_import
from tests.staff import signed_in
from tests.top10.helpers import DAMAGE_HEADER, NOW, Team, csv_bytes, lp, report

# A source that calls the account «Socio COMTECO» and the report «Boleta»: no column knows these names.
OWN_HEADER = ["Boleta", "Socio COMTECO", *DAMAGE_HEADER[2:]]
MAPPED = {"number": "Boleta", "customer_code": "Socio COMTECO"}


def own_file() -> bytes:
    return csv_bytes(OWN_HEADER, [report("R1", "100", lp(20)), report("R2", "100", lp(24))])


def reports() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count(DamageReport.id)))


def test_a_saved_mapping_lets_a_source_with_its_own_headers_import(team: Team) -> None:
    kind = report_import.DAMAGE_REPORTS
    with pytest.raises(ImportRejected, match="«Nro Reporte», «Cuenta»"):
        report_import.import_damage_reports(own_file(), "propio.csv", actor=team.gestor, now=NOW)
    mappings.save(kind, MAPPED, actor=team.gestor, now=NOW)
    result = report_import.import_damage_reports(own_file(), "propio.csv", actor=team.gestor, now=NOW)
    assert (result.created, reports()) == (2, 2)
    stored = db.session.scalar(select(DamageReport).where(DamageReport.number == "R1"))
    assert stored.customer_code == "100"
    assert mappings.saved(kind) == MAPPED and mappings.saved(report_import.CANCELLATIONS) == {}


def test_a_mapping_is_checked_and_saved_only_by_the_kinds_importers(team: Team) -> None:
    kind = report_import.DAMAGE_REPORTS
    with pytest.raises(Invalid, match="El encabezado «cuenta» está asignado a dos columnas: «Nro Reporte» y «Cuenta»"):
        mappings.save(kind, {"number": "Cuenta", "customer_code": "cuenta"}, actor=team.gestor, now=NOW)
    with pytest.raises(Invalid, match="Columna desconocida: monto"):
        mappings.save(kind, {"monto": "Monto"}, actor=team.gestor, now=NOW)
    for who in (team.supervisor, team.usm, team.agent):
        with pytest.raises(Forbidden):
            mappings.save(kind, MAPPED, actor=who, now=NOW)
    assert mappings.saved(kind) == {}
    assert mappings.save(kind, MAPPED, actor=team.jefe_division, now=NOW) == MAPPED


def test_the_gestor_edits_the_mapping_in_admin(app: Flask, team: Team) -> None:
    gestor = signed_in(app, "gestor10b", "top10_gestor")
    page = "/admin/top10/importar/columnas/damage_reports"
    assert "Se reconoce sin configurar: «Cuenta», «cuenta», «cod cliente»" in gestor.get(page).get_data(as_text=True)
    response = gestor.post(page, {"h_number": "Boleta", "h_customer_code": "Socio COMTECO", "h_segment": ""})
    assert response.status_code == 302
    assert mappings.saved(report_import.DAMAGE_REPORTS) == MAPPED
    assert 'value="Socio COMTECO"' in gestor.get(page).get_data(as_text=True)
    refused = gestor.post(page, {"h_number": "x" * 81})
    assert refused.status_code == 422 and "Encabezado para «Nro Reporte»" in refused.get_data(as_text=True)
    assert gestor.get("/admin/top10/importar/columnas/accounts").status_code == 404


@pytest.fixture
def folder(app: Flask, tmp_path: Path) -> Path:
    root = tmp_path / "smartflex"
    (root / "reportes").mkdir(parents=True)
    (root / "bajas").mkdir()
    app.config["TOP10_IMPORT_DIR"] = str(root)
    return root


def run(app: Flask):
    return app.test_cli_runner().invoke(args=["import-folder"])


def test_import_folder_imports_each_new_file_and_files_it(app: Flask, team: Team, folder: Path) -> None:
    """A good and a bad report file, a cancellations file with the source's own headers, a copy still being
    written: the three finished files are imported or rejected, moved, and in the history; the copy waits."""
    mappings.save(report_import.CANCELLATIONS, {"number": "Solicitud Retiro"}, actor=team.gestor, now=NOW)
    (folder / "reportes" / "a-semana.csv").write_bytes(csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20))]))
    (folder / "reportes" / "b-malo.csv").write_bytes(csv_bytes(DAMAGE_HEADER, [["R2", "100", "", "", "", "ayer",
                                                                               "", "", ""]]))
    (folder / "reportes" / "c-copiando.csv.part").write_bytes(b"Nro Reporte;Cuenta")
    (folder / "bajas" / "bajas.csv").write_bytes(csv_bytes(["Solicitud Retiro", "Cuenta", "Fecha Baja"],
                                                           [["B1", "100", "05/11/2026"]]))
    result = run(app)
    assert result.exit_code == 1
    assert "a-semana.csv (Reportes de daño): Reportes de daño importados: 1 fila" in result.output
    assert "b-malo.csv (Reportes de daño): El archivo fue rechazado (1 error)" in result.output
    assert "1 de 3 archivos rechazados" in result.output
    assert sorted(p.name for p in (folder / "reportes").iterdir()) == ["c-copiando.csv.part", "procesados",
                                                                         "rechazados"]
    assert [p.name for p in (folder / "reportes" / "procesados").iterdir()] == ["a-semana.csv"]
    assert [p.name for p in (folder / "reportes" / "rechazados").iterdir()] == ["b-malo.csv"]
    assert [p.name for p in (folder / "bajas" / "procesados").iterdir()] == ["bajas.csv"]
    db.session.remove()
    batches = {b.filename: (b.kind, b.status, b.actor_name) for b in db.session.scalars(select(ImportBatch))}
    assert batches == {"a-semana.csv": ("damage_reports", "done", "importación programada"),
                       "b-malo.csv": ("damage_reports", "rejected", "importación programada"),
                       "bajas.csv": ("cancellations", "done", "importación programada")}
    assert reports() == 1 and db.session.scalar(select(func.count(Cancellation.id))) == 1

    again = run(app)
    assert again.exit_code == 0 and "No hay archivos nuevos." in again.output
    # The same name dropped again is filed beside the first, not over it.
    (folder / "reportes" / "a-semana.csv").write_bytes(csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20))]))
    assert run(app).exit_code == 0
    assert len(list((folder / "reportes" / "procesados").iterdir())) == 2


def test_one_run_at_a_time(app: Flask, team: Team, folder: Path) -> None:
    """While another run (another host's process) holds the lease, a second one touches nothing and says so."""
    waiting = folder / "reportes" / "a.csv"
    waiting.write_bytes(csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20))]))
    assert lease.acquire(lease.IMPORT_FOLDER, holder="otro-servidor:4242:abcd")
    result = run(app)
    lease.release(lease.IMPORT_FOLDER, holder="otro-servidor:4242:abcd")
    assert result.exit_code == 0 and "Otra importación de carpeta está en curso" in result.output
    assert waiting.exists() and reports() == 0
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0
    assert run(app).exit_code == 0 and not waiting.exists() and reports() == 1


def test_without_a_configured_folder_the_command_says_so(app: Flask, team: Team) -> None:
    app.config["TOP10_IMPORT_DIR"] = None
    result = run(app)
    assert result.exit_code == 1 and "Configure TOP10_IMPORT_DIR" in result.output
