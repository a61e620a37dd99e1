"""Smartflex imports: tolerant Spanish headers, CSV and XLSX, all or nothing with row errors, idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core.errors import ImportRejected, Invalid
from core.extensions import db
from core.models import Cancellation, DamageReport, ImportBatch
from core.top10 import report_import
from tests.top10.helpers import DAMAGE_HEADER, NOW, csv_bytes, lp, report, xlsx_bytes

pytestmark = pytest.mark.postgres


def count(model: type) -> int:
    return db.session.scalar(select(func.count(model.id)))


def damage(number: str) -> DamageReport:
    db.session.expire_all()
    return db.session.scalar(select(DamageReport).where(DamageReport.number == number))


def test_csv_import_creates_reports_with_la_paz_times(team) -> None:
    """A semicolon CSV creates every report; "20/11/2026 09:15" is 13:15 UTC (La Paz is UTC−4)."""
    rows = [report("R1", "100", lp(20, 9, 15), closed=lp(21, 8), work_order="OT-1"), report("R2", "200", lp(22))]
    result = report_import.import_damage_reports(csv_bytes(DAMAGE_HEADER, rows), "rd.csv", actor=team.gestor, now=NOW)
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    first = damage("R1")
    assert first.reported_at == datetime(2026, 11, 20, 13, 15, tzinfo=UTC)
    assert first.closed_at == datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert (first.customer_code, first.segment, first.work_order, first.product) == ("100", "Residencial", "OT-1",
                                                                                      "Internet")
    batch = db.session.get(ImportBatch, result.batch_id)
    assert (batch.kind, batch.filename, batch.actor_name, batch.created) == ("damage_reports", "rd.csv", "gestor", 2)


def test_xlsx_with_date_cells_and_numeric_accounts(team) -> None:
    """An XLSX with real date cells and accounts stored as numbers imports like the CSV."""
    data = xlsx_bytes(["Nro Reporte", "Cuenta", "Fecha Reporte"],
                      [["R9", 100200, datetime(2026, 11, 24, 8, 30)], [5501, 100201, datetime(2026, 11, 25)]])
    result = report_import.import_damage_reports(data, "rd.xlsx", actor=team.gestor, now=NOW)
    assert result.created == 2
    assert damage("R9").customer_code == "100200"
    assert damage("R9").reported_at == datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    assert damage("5501").reported_at == datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


def test_headers_are_matched_without_case_accents_or_numbering_words(team) -> None:
    """"Número de Reporte", "Nro. Cuenta", "FECHA DE CIERRE", "OT"… all find their column."""
    header = ["Número de Reporte", "Nro. Cuenta", "NOMBRE CLIENTE", "Segmento (Nivel de Facturación)",
              "Fecha de Reporte", "FECHA DE CIERRE", "OT", "Columna desconocida"]
    row = ["R7", "300", "Ana Pérez", "Empresas", "2026-11-24 10:00", "2026-11-24 15:00", "OT-7", "x"]
    report_import.import_damage_reports(csv_bytes(header, [row], delimiter=","), "rd.csv", actor=team.gestor, now=NOW)
    found = damage("R7")
    assert (found.customer_code, found.customer_name, found.segment, found.work_order) == ("300", "Ana Pérez",
                                                                                            "Empresas", "OT-7")
    assert found.closed_at == datetime(2026, 11, 24, 19, 0, tzinfo=UTC)


def test_one_bad_row_rejects_the_whole_file_with_row_errors(team) -> None:
    """Bad date, missing account, repeated number, closing before reporting: nothing is written, every error
    is listed with its spreadsheet row and column."""
    rows = [report("R1", "100", lp(20)),
            ["R2", "100", "Ana", "Residencial", "Internet", "32/11/2026", "", "", ""],
            ["R3", "", "Ana", "Residencial", "Internet", "20/11/2026 10:00", "", "", ""],
            report("R1", "101", lp(21)),
            report("R5", "102", lp(22), closed=lp(21))]
    with pytest.raises(ImportRejected) as caught:
        report_import.import_damage_reports(csv_bytes(DAMAGE_HEADER, rows), "rd.csv", actor=team.gestor, now=NOW)
    assert caught.value.details == [
        {"row": 3, "column": "Fecha Reporte",
         "message": "La fecha «32/11/2026» no es válida (use DD/MM/AAAA HH:MM o AAAA-MM-DD)."},
        {"row": 4, "column": "Cuenta", "message": "Falta «Cuenta»."},
        {"row": 5, "column": "Nro Reporte", "message": "El número R1 ya aparece en la fila 2."},
        {"row": 6, "column": "Fecha Cierre", "message": "La fecha de cierre es anterior a la fecha del reporte."},
    ]
    assert "no se importó ninguna fila" in caught.value.message
    assert count(DamageReport) == 0
    batch = db.session.scalar(select(ImportBatch))  # the history keeps the rejected attempt and its errors
    assert (batch.status, batch.errors) == ("rejected", caught.value.details)


def test_missing_required_column_is_named(team) -> None:
    """A file without the report date column is rejected on row 1, naming the column."""
    with pytest.raises(ImportRejected) as caught:
        report_import.import_damage_reports(csv_bytes(["Nro Reporte", "Cuenta"], [["R1", "100"]]), "rd.csv",
                                           actor=team.gestor, now=NOW)
    assert caught.value.details == [{"row": 1, "column": "Fecha Reporte",
                                     "message": "Falta la columna «Fecha Reporte»."}]


def test_dates_in_the_future_are_refused(team) -> None:
    """A report dated after tomorrow is an error of the export, not data."""
    with pytest.raises(ImportRejected) as caught:
        report_import.import_damage_reports(csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(30))]), "rd.csv",
                                           actor=team.gestor, now=NOW)
    assert caught.value.details[0]["message"] == "La fecha «30/11/2026 10:00» está en el futuro."


def test_a_report_later_today_is_refused_but_a_few_minutes_of_clock_skew_are_not(team) -> None:
    """At 11:00 a report of 15:00 has not happened yet (the whole file is refused); 11:05 is Smartflex's clock
    running a little ahead and imports. Cancellations read their dates the same way."""
    with pytest.raises(ImportRejected) as caught:
        report_import.import_damage_reports(csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(27, 15))]), "rd.csv",
                                            actor=team.gestor, now=NOW)
    assert caught.value.details[0]["message"] == "La fecha «27/11/2026 15:00» está en el futuro."
    with pytest.raises(ImportRejected):
        report_import.import_cancellations(csv_bytes(["Nro Baja", "Cuenta", "Fecha Baja"], [["B1", "100",
                                                     "27/11/2026 12:00"]]), "bajas.csv", actor=team.gestor, now=NOW)
    result = report_import.import_damage_reports(csv_bytes(DAMAGE_HEADER, [report("R2", "100", lp(27, 11, 5))]),
                                                 "rd.csv", actor=team.gestor, now=NOW)
    assert result.created == 1 and count(DamageReport) == 1


def test_reimporting_the_same_file_changes_nothing(team) -> None:
    """The second import of an identical export reports every row unchanged and writes no report."""
    data = csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20)), report("R2", "100", lp(24))])
    report_import.import_damage_reports(data, "rd.csv", actor=team.gestor, now=NOW)
    before = damage("R1").batch_id
    again = report_import.import_damage_reports(data, "rd.csv", actor=team.gestor, now=NOW)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert count(DamageReport) == 2 and damage("R1").batch_id == before


def test_a_changed_row_is_updated_in_place(team) -> None:
    """A newer export with the report closed updates that report only."""
    report_import.import_damage_reports(csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20)),
                                                                 report("R2", "100", lp(24))]),
                                       "rd.csv", actor=team.gestor, now=NOW)
    newer = csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20), closed=lp(21), work_order="OT-5"),
                                      report("R2", "100", lp(24))])
    result = report_import.import_damage_reports(newer, "rd2.csv", actor=team.gestor, now=NOW)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert damage("R1").work_order == "OT-5" and damage("R1").batch_id == result.batch_id
    assert count(DamageReport) == 2


def test_cancellations_import(team) -> None:
    """Cancellations are read with their own headers ("Nro Baja", "Fecha Baja", "Motivo")."""
    data = csv_bytes(["Nro Baja", "Cuenta", "Producto", "Fecha Baja", "Motivo"],
                     [["B1", "100", "Internet", "31/10/2026 22:00", "Insatisfacción"],
                      ["B2", "101", "TV cable", "02/11/2026", "Cambio de domicilio"]])
    result = report_import.import_cancellations(data, "bajas.csv", actor=team.gestor, now=NOW)
    assert result.created == 2
    first = db.session.scalar(select(Cancellation).where(Cancellation.number == "B1"))
    assert first.cancelled_at == datetime(2026, 11, 1, 2, 0, tzinfo=UTC) and first.reason == "Insatisfacción"


def test_other_formats_are_refused(team) -> None:
    """Only CSV and XLSX are read."""
    with pytest.raises(Invalid):
        report_import.import_damage_reports(b"whatever", "rd.pdf", actor=team.gestor, now=NOW)
