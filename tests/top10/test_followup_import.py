"""Issue 12 import tests: contact columns reach the report and its case, an out-of-scope product never makes a
case, a second report joins the customer's open case (and tells its owner live), and a report soon after a
closed case reopens it as a repeat after closing."""

from __future__ import annotations

import io

import pytest

from core.extensions import db, socketio
from core.models import DamageReport
from core.people import users
from core.top10 import cases, detection, followup, report_import, workflow
from tests.helpers import login
from tests.staff import Staff
from tests.top10.helpers import NOW, WEEK, Team, advance, csv_bytes, lp, one_case, text

HEADER = ["Nro Reporte", "Cuenta", "Cliente", "Producto", "Fecha Reporte", "Teléfonos", "Dirección",
          "Zona", "Persona de contacto"]


def row(number: str, account: str, when, product: str = "Internet Fibra") -> list[str]:
    return [number, account, f"Cliente {account}", product, text(when), "4412345 / 70712345",
            "Av. Ayacucho 123", "CO Norte", "María Quispe"]


def test_contact_columns_are_imported_and_reach_the_case(team) -> None:
    data = csv_bytes(HEADER, [row("C1", "300", lp(23)), row("C2", "300", lp(25))])
    report_import.import_damage_reports(data, "rd.csv", actor=team.gestor, now=NOW)
    stored = db.session.scalars(db.select(DamageReport).where(DamageReport.number == "C1")).one()
    assert (stored.phone, stored.address, stored.zone, stored.contact_person) == (
        "4412345 / 70712345", "Av. Ayacucho 123", "CO Norte", "María Quispe")
    case = cases.load_case(detection.generate_week(WEEK, actor=team.gestor, now=NOW).case_ids[0], lock=False)
    assert (case.phone, case.address, case.zone, case.contact_person) == (
        "4412345 / 70712345", "Av. Ayacucho 123", "CO Norte", "María Quispe")


def test_an_out_of_scope_product_never_makes_a_case(team) -> None:
    data = csv_bytes(HEADER, [row("T1", "400", lp(23), "Telefonía básica"), row("T2", "400", lp(25),
                                                                                 "Telefonía básica")])
    report_import.import_damage_reports(data, "rd.csv", actor=team.gestor, now=NOW)
    assert detection.weekly_list(WEEK).rows == []
    assert followup.in_scope("INTERNET ADSL") and not followup.in_scope("TV cable")


def test_a_second_report_joins_the_open_case_and_its_owner_is_told_live(app, team) -> None:
    case_id = one_case(team)
    socket = socketio.test_client(app, auth={"token": users.create_api_token(team.gestor.name)})
    assert socket.emit("join_top10", callback=True) == {"ok": True}
    socket.get_received()
    result = report_import.import_damage_reports(csv_bytes(HEADER, [row("R100-3", "100", lp(27, 9))]), "rd.csv",
                                                 actor=team.gestor, now=NOW)
    assert result.summary().endswith("; 1 reporte sumado a casos en seguimiento.")
    case = cases.load_case(case_id, lock=False)
    assert (case.repeat_count, case.report_numbers, case.status) == (3, "R100-1, R100-2, R100-3", "nuevo")
    assert [r.number for r in detection.reports_of(case)] == ["R100-1", "R100-2", "R100-3"]
    notices = [e["args"][0] for e in socket.get_received() if e["name"] == "top10_notice"]
    assert notices == [{"case": case_id, "role": "top10_gestor", "user": None, "owner": "Analista Gestor Top 10",
                        "message": f"Nuevo reporte de daño R100-3 del cliente 100 (caso abierto #{case_id})."}]
    socket.disconnect()
    # The next week's Top 10 shows the open case, never «Sin caso».
    listing = detection.weekly_list("2026-W49")
    assert [(r.customer_code, r.case.id if r.case else None) for r in listing.rows] in ([], [("100", case_id)])
    this_week = detection.weekly_list(WEEK)
    assert detection.case_text(this_week.rows[0].case).startswith(f"Caso abierto #{case_id}")


def test_a_report_within_the_window_after_closing_reopens_the_case(team) -> None:
    case_id = one_case(team)
    advance(case_id, "control_calidad", team)
    workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=NOW)
    later = lp(27, 15)
    result = report_import.import_damage_reports(csv_bytes(HEADER, [row("R100-9", "100", later)]), "rd.csv",
                                                 actor=team.gestor, now=later)
    case = cases.load_case(case_id, lock=False)
    assert result.summary().endswith("; 1 caso cerrado reabierto (100).")
    assert (case.status, case.reopened, case.closed_at) == ("nuevo", 1, None)
    assert [a.action for a in detection.actions(case_id)][-1] == "reabierto"


def test_a_report_long_after_closing_does_not_reopen(team) -> None:
    case_id = one_case(team)
    advance(case_id, "control_calidad", team)
    workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=NOW)
    much_later = lp(20, month=12)
    report_import.import_damage_reports(csv_bytes(HEADER, [row("R100-8", "100", much_later)]), "rd.csv",
                                        actor=team.gestor, now=much_later)
    assert cases.load_case(case_id, lock=False).status == "cerrado"


def test_the_case_page_shows_the_contact_data(app, team) -> None:
    from tests.top10.test_pages import signed_in

    data = csv_bytes(HEADER, [row("P1", "500", lp(23)), row("P2", "500", lp(25))])
    report_import.import_damage_reports(data, "rd.csv", actor=team.gestor, now=NOW)
    case_id = detection.generate_week(WEEK, actor=team.gestor, now=NOW).case_ids[0]
    page = signed_in(app, team, "fidelizacion").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    phones = '<dd id="case-phone"><a href="tel:4412345">4412345</a> / <a href="tel:70712345">70712345</a></dd>'
    assert phones in page and "María Quispe" in page and "CO Norte" in page


def test_reporte_casos_reiterados_lists_the_reopened_case_by_month_and_segment(app, team) -> None:
    import csv
    import io

    from core.top10 import repeats
    from tests.top10.test_pages import signed_in

    case_id = one_case(team)
    advance(case_id, "control_calidad", team)
    workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=NOW)
    report_import.import_damage_reports(csv_bytes(HEADER, [row("R100-7", "100", lp(27, 15))]), "rd.csv",
                                        actor=team.gestor, now=lp(27, 15))
    rows = repeats.repeats()
    assert [(r.case.id, r.month.month) for r in rows] == [(case_id, 11)]
    assert repeats.by_month_and_segment(rows) == [(rows[0].month, "Residencial", 1)]
    response = signed_in(app, team, "calidad").get("/admin/top10/reiterados.csv")
    lines = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == repeats.HEADER and [line[3] for line in lines[1:]] == ["100"]


def test_the_import_page_of_a_batch_says_how_many_reports_joined_a_case(app, team) -> None:
    """The batch page (where a background import ends) repeats «1 reporte sumado a casos en seguimiento»."""
    from tests.top10.test_pages import signed_in

    one_case(team)
    result = report_import.import_damage_reports(csv_bytes(HEADER, [row("R100-5", "100", lp(27, 9))]), "rd.csv",
                                                 actor=team.gestor, now=NOW)
    page = signed_in(app, team, "gestor").get(f"/admin/importaciones/{result.batch_id}").get_data(as_text=True)
    assert '<dd class="also">1 reporte sumado a casos en seguimiento</dd>' in page


def test_a_reopened_case_starts_a_new_cycle_without_the_old_visit(app, team) -> None:
    """Reopening goes back to step 2 with no appointment: the technician's «Mi bandeja», the case page and the
    sheet (and its export) no longer show the old visit, work order, technician or priority; the history keeps
    them. A closed case shows no «Prioridad (paso 18)» either."""
    from tests.top10.test_pages import signed_in

    case_id = one_case(team)
    advance(case_id, "trabajo_tecnico", team)
    workflow.close_work(case_id, work_order="OT-55", actor=team.operador, now=NOW)
    workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=NOW)
    closed_page = signed_in(app, team, "gestor").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    assert "Prioridad (paso 18)" not in closed_page and "OT-55" in closed_page
    later = lp(27, 15)
    report_import.import_damage_reports(csv_bytes(HEADER, [row("R100-9", "100", later)]), "rd.csv",
                                        actor=team.gestor, now=later)
    case = cases.load_case(case_id, lock=False)
    assert (case.status, case.visit_at, case.visit_mode, case.work_order, case.priority, case.assigned_user_id) == (
        "nuevo", None, "", "", False, None)
    assert case_id not in [c.id for c in detection.work_queue(team.tecnico)]
    assert case_id in [c.id for c in detection.work_queue(team.gestor)]
    page = signed_in(app, team, "gestor").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    assert "Prioridad (paso 18)" not in page and "<dt>Visita</dt>" not in page
    assert "<dt>Orden de trabajo</dt>" not in page
    assert "Visita programada" in page and "OT OT-55" in page  # the history keeps the old cycle
    sheet_rows = signed_in(app, team, "supervisor_co").get("/admin/top10/planilla/filas").get_data(as_text=True)
    assert "28/11/2026 09:00" not in sheet_rows and "Prioridad" not in sheet_rows
    exported = signed_in(app, team, "supervisor_co").get("/admin/top10/planilla.csv").get_data().decode("utf-8-sig")
    assert "28/11/2026 09:00" not in exported


def test_a_report_dated_before_the_close_but_imported_after_joins_the_closed_case(app, team) -> None:
    """Smartflex's export came late: the report is added to the case's reports and history, the gestor is told
    live, the import summary says so, and the case stays closed (its follow-up already ended)."""
    from tests.top10.test_pages import signed_in

    case_id = one_case(team)
    advance(case_id, "control_calidad", team)
    closed_at = lp(27, 12)
    workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=closed_at)
    socket = socketio.test_client(app, auth={"token": users.create_api_token(team.gestor.name)})
    assert socket.emit("join_top10", callback=True) == {"ok": True}
    socket.get_received()
    result = report_import.import_damage_reports(csv_bytes(HEADER, [row("R100-4", "100", lp(26, 18))]), "rd.csv",
                                                 actor=team.gestor, now=lp(27, 16))
    assert result.summary().endswith("; 1 reporte anterior al cierre sumado a su caso cerrado, sin reabrirlo.")
    case = cases.load_case(case_id, lock=False)
    assert (case.status, case.reopened, case.repeat_count) == ("cerrado", 0, 3)
    assert "R100-4" in [r.number for r in detection.reports_of(case)]
    assert [a.action for a in detection.actions(case_id)][-1] == "reporte_tardio"
    notices = [e["args"][0] for e in socket.get_received() if e["name"] == "top10_notice"]
    assert [(n["case"], n["role"]) for n in notices] == [(case_id, "top10_gestor")]
    socket.disconnect()
    page = signed_in(app, team, "gestor").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    assert "<td>R100-4</td>" in page and cases.ACTIONS["reporte_tardio"] in page


@pytest.mark.parametrize("where", ["page", "cli"])
def test_the_import_summary_names_the_closed_case_it_reopened(app, team, frozen, tmp_path, where) -> None:
    """A case closed after the technician's work (19, then 11 «satisfecho»); a file with one report dated before
    the close and one after: the summary the gestor reads (the import page's message, the command's output) says
    the case was reopened and names it, never that the report joined a case in follow-up nor «sin reabrirlo»."""
    case_id = one_case(team, account="CLI-2004")
    advance(case_id, "trabajo_tecnico", team)
    workflow.close_work(case_id, work_order="OT-77", actor=team.operador, now=NOW)
    workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=lp(27, 12))
    frozen.value = lp(27, 16)
    data = csv_bytes(HEADER, [row("R2004-8", "CLI-2004", lp(27, 9)), row("R2004-9", "CLI-2004", lp(27, 14))])
    if where == "page":
        client = app.test_client()
        gestor = Staff(client, login(client, Team.USERS["gestor"][0]))
        said = gestor.post("/admin/top10/importar", {"kind": "damage_reports", "file": (io.BytesIO(data), "rd.csv")},
                           content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    else:
        (tmp_path / "rd.csv").write_bytes(data)
        said = app.test_cli_runner().invoke(args=["import-damage-reports", str(tmp_path / "rd.csv")]).output
    assert ("Reportes de daño importados: 2 filas: 2 nuevas, 0 actualizadas, 0 sin cambios; "
            "1 caso cerrado reabierto (CLI-2004); 1 reporte anterior al cierre sumado a un caso reabierto.") in said
    assert "sumado a casos en seguimiento" not in said and "sin reabrir" not in said
    case = cases.load_case(case_id, lock=False)
    assert (case.status, case.reopened) == ("nuevo", 1)


def test_the_summary_names_up_to_five_reopened_cases(team) -> None:
    """Six closed cases reopened by one file: five named, «y 1 más»; a report for a case still open is counted
    apart."""
    ids = [one_case(team, account=f"70{n}") for n in range(7)]
    for case_id in ids[:6]:
        advance(case_id, "control_calidad", team)
        workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=NOW)
    later = lp(27, 15)
    result = report_import.import_damage_reports(
        csv_bytes(HEADER, [row(f"N70{n}", f"70{n}", later) for n in range(7)]), "rd.csv", actor=team.gestor,
        now=later)
    assert result.summary().endswith("; 1 reporte sumado a casos en seguimiento; 6 casos cerrados reabiertos "
                                     "(700, 701, 702, 703, 704 y 1 más).")
