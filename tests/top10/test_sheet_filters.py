"""Issue 12: the control sheet filters, marks overdue steps, keeps the closed-case history, and exports exactly
the filtered rows."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from openpyxl import load_workbook

from core.top10 import cases, sheet, workflow
from tests.top10.helpers import NOW, Team, advance, one_case
from tests.top10.test_pages import signed_in


def test_a_filter_and_its_export_hold_exactly_the_filtered_rows(app, team: Team) -> None:
    first, second, third = one_case(team, "101"), one_case(team, "102"), one_case(team, "103")
    advance(second, "revision_usm", team)
    advance(third, "revision_usm", team)
    client = signed_in(app, team, "supervisor_co")
    page = client.get("/admin/top10/planilla?estado=revision_usm").get_data(as_text=True)
    assert f'data-case="{second}"' in page and f'data-case="{third}"' in page and f'data-case="{first}"' not in page
    response = client.get("/admin/top10/planilla.csv?estado=revision_usm")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == sheet.HEADER and sorted(line[1] for line in lines[1:]) == ["102", "103"]
    searched = client.get("/admin/top10/planilla.xlsx?q=103")
    rows = list(load_workbook(io.BytesIO(searched.get_data())).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["103"]


def test_overdue_rows_are_marked_and_filtered(team: Team) -> None:
    waiting, fresh = one_case(team, "201"), one_case(team, "202")
    later = NOW + timedelta(days=5)
    workflow.send_to_usm(None, case_id=fresh, actor=team.gestor, now=later)
    rows = {r.case.id: r for r in sheet.control_sheet(later)}
    assert rows[waiting].overdue and not rows[fresh].overdue
    assert [r.case.id for r in sheet.control_sheet(later, sheet.Filters(overdue=True))] == [waiting]


def test_closed_cases_are_in_the_history(team: Team) -> None:
    case_id = one_case(team, "301")
    advance(case_id, "control_calidad", team)
    workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=NOW)
    assert case_id not in [r.case.id for r in sheet.control_sheet(NOW)]
    assert [r.case.id for r in sheet.control_sheet(NOW, sheet.Filters(closed=True))] == [case_id]


def test_week_buttons_show_their_done_state(app, team: Team) -> None:
    from tests.top10.helpers import WEEK

    one_case(team, "401")
    client = signed_in(app, team, "gestor")
    page = client.get(f"/admin/top10/semana?semana={WEEK}").get_data(as_text=True)
    assert "✓ Casos generados (paso 1)" in page and "Generar casos del Top 10 (paso 1)" not in page
    assert "Remitir a Analista USM (paso 2)</button>" in page


def test_the_history_view_is_announced_as_the_closed_cases(app, team: Team) -> None:
    """A screen reader hears which list the table holds: the open cases, or the closed-case history."""
    client = signed_in(app, team, "supervisor_co")
    open_page = client.get("/admin/top10/planilla").get_data(as_text=True)
    history = client.get("/admin/top10/planilla?historial=1").get_data(as_text=True)
    assert '<caption class="visually-hidden">Casos Top 10 abiertos</caption>' in open_page
    assert '<caption class="visually-hidden">Casos Top 10 cerrados (historial)</caption>' in history


def test_the_export_says_the_last_action_in_words_and_vence_is_a_date(app, team: Team) -> None:
    """«Última acción» reads as on screen (never a code like «sin_solucion_tecnica»); «Vence» is a date cell in the
    XLSX and «dd/mm/aaaa» in the CSV."""
    case_id = one_case(team, "501")
    advance(case_id, "distribucion", team)
    client = signed_in(app, team, "supervisor_co")
    sentence = cases.ACTIONS["sin_solucion_tecnica"]
    assert sentence in client.get("/admin/top10/planilla").get_data(as_text=True)
    response = client.get("/admin/top10/planilla.csv")
    lines = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(lines[0], lines[1], strict=True))
    assert row["Última acción"] == f"{sentence} (usm, 27/11/2026 11:00)"
    assert row["Vence"] == "29/11/2026"
    workbook = load_workbook(io.BytesIO(client.get("/admin/top10/planilla.xlsx").get_data()))
    header, values = (list(r) for r in workbook.active.iter_rows(values_only=True))
    cells = dict(zip(header, values, strict=True))
    assert cells["Vence"] == datetime(2026, 11, 29) and cells["Última acción"] == row["Última acción"]
    due = workbook.active.cell(row=2, column=header.index("Vence") + 1)
    assert due.is_date and due.number_format == "dd/mm/yyyy"


def test_the_daily_quality_check_is_due_the_next_day(app, team: Team) -> None:
    """Step 11 is daily (procedure: «Control de Calidad de clientes TOP 10, diario»): a case that reaches the quality
    check on Friday is due on Saturday and overdue on Sunday, while another step reached the same day is due on Sunday;
    the Jefe División can change that day, and the sheet's caption says both deadlines."""
    from core.org import settings_edit

    quality, review = one_case(team, "601"), one_case(team, "602")
    advance(quality, "control_calidad", team)
    advance(review, "revision_usm", team)
    rows = {r.case.id: r for r in sheet.control_sheet(NOW + timedelta(days=2))}
    assert rows[quality].due.isoformat() == "2026-11-28" and rows[quality].overdue
    assert rows[review].due.isoformat() == "2026-11-29" and not rows[review].overdue
    page = signed_in(app, team, "supervisor_co").get("/admin/top10/planilla").get_data(as_text=True)
    assert "el control de calidad, que es diario (paso 11), vence 1 día después" in page
    settings_edit.save({"top10_quality_days": 3}, actor=team.jefe_division)
    assert {r.case.id: r.due.isoformat() for r in sheet.control_sheet(NOW)}[quality] == "2026-11-30"
    config = signed_in(app, team, "jefe_division").get("/admin/top10/configuracion").get_data(as_text=True)
    assert "control de calidad diario (paso 11" in config
