"""The Top 10 screens over HTTP: who may open them, where each role lands, a step posted through its form,
uploads with row errors, exports, and the live sheet's Socket.IO room."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.extensions import db, socketio
from core.models import Cancellation, DamageReport
from core.people import users
from core.top10 import cases, detection, workflow
from tests.helpers import csrf_from, login
from tests.top10.helpers import DAMAGE_HEADER, ROLES, WEEK, Team, advance, csv_bytes, load_reports, lp, one_case, report

PAGES = ["/admin/top10/", "/admin/top10/indicador?mes=2026-11"]
# The lists of every followed customer: every Top 10 role but the technician.
LIST_PAGES = [f"/admin/top10/semana?semana={WEEK}", f"/admin/top10/semana?semana={WEEK}&top=30",
              "/admin/top10/reiterados", "/admin/top10/reiterados.csv"]
# Every customer's contact data at once: only for those who run the control and the lists (TOP10_CONTROL).
CONTACT_PAGES = ["/admin/top10/planilla", "/admin/top10/planilla/filas", "/admin/top10/planilla.csv",
                 "/admin/top10/planilla.xlsx", f"/admin/top10/semana.csv?semana={WEEK}",
                 f"/admin/top10/semana.xlsx?semana={WEEK}&top=30"]
CONTROL = ("top10_gestor", "top10_usm", "supervisor_co")  # and the Jefe División (not in ROLES' team)


def signed_in(app: Flask, team: Team, who: str):
    getattr(team, who)  # created on first use
    client = app.test_client()
    login(client, Team.USERS[who][0])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_top10_role_lands_on_the_follow_up(app, team, role) -> None:
    """After sign-in every Top 10 role is sent to /admin/top10/ and can open its pages; the control sheet and the
    exports, every customer's phone and address, only the roles that run the control and the lists."""
    case_id = one_case(team)
    client = signed_in(app, team, Team.BY_ROLE[role])
    assert client.get("/").headers["Location"].endswith("/admin/top10/")
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    for path in [*LIST_PAGES, f"/admin/top10/casos/{case_id}"]:  # a new case: not given to any technician yet
        assert client.get(path).status_code == (403 if role == "tecnico" else 200), path
    for path in CONTACT_PAGES:
        assert client.get(path).status_code == (200 if role in CONTROL else 403), path


def test_the_technician_sees_only_his_own_cases(app, team) -> None:
    """A technician opens the cases given to him, not another customer's case, the weekly list or «Casos
    reiterados», and his pages do not offer them."""
    mine, other = one_case(team, "701"), one_case(team, "702")
    advance(mine, "trabajo_tecnico", team)  # given to tecnico1 at step 18
    technician = signed_in(app, team, "tecnico")
    assert technician.get(f"/admin/top10/casos/{mine}").status_code == 200
    refused = technician.get(f"/admin/top10/casos/{other}")
    assert refused.status_code == 403 and "Este caso no es suyo" in refused.get_data(as_text=True)
    home = technician.get("/admin/top10/").get_data(as_text=True)
    assert "Reporte semanal" not in home and "Casos reiterados" not in home
    assert "Caso 701" in re.sub(r"<[^>]+>", "", home)
    assert signed_in(app, team, "tecnico2").get(f"/admin/top10/casos/{mine}").status_code == 403


def test_the_technician_cannot_export_every_customers_contact_data(app, team) -> None:
    """The audit: as tecnico1, /admin/top10/planilla.csv gave every customer's phone and address. He is refused, and
    his pages offer neither the sheet nor the exports; the operations supervisor still exports the sheet."""
    load_reports([report("R1", "100", lp(23)), report("R2", "100", lp(26))], team.gestor)
    detection.generate_week(WEEK, actor=team.gestor, now=lp(27))
    technician = signed_in(app, team, "tecnico")
    assert technician.get("/admin/top10/planilla.csv").status_code == 403
    assert technician.get(f"/admin/top10/semana.csv?semana={WEEK}").status_code == 403
    home = technician.get("/admin/top10/").get_data(as_text=True)
    week = signed_in(app, team, "fidelizacion").get(f"/admin/top10/semana?semana={WEEK}").get_data(as_text=True)
    assert "Planilla en línea" not in home and "Planilla de control en línea" not in home
    assert "semana.csv" not in week and "Exportar:" not in week
    supervisor = signed_in(app, team, "supervisor_co")
    assert supervisor.get("/admin/top10/planilla.csv").status_code == 200
    assert "Planilla en línea" in supervisor.get("/admin/top10/").get_data(as_text=True)


def test_a_desk_agent_may_not_open_the_follow_up(app, team) -> None:
    """Staff without a Top 10 role (or supervisor) get 403 on every page."""
    case_id = one_case(team)
    client = signed_in(app, team, "agent")
    for path in [*PAGES, f"/admin/top10/casos/{case_id}", "/admin/top10/importar"]:
        assert client.get(path).status_code == 403, path


def test_menu_shows_a_top10_user_only_what_they_can_open(app, team) -> None:
    """The admin menu of a Top 10 user lists the follow-up and no supervisor-only section."""
    page = signed_in(app, team, "usm").get("/admin/top10/").get_data(as_text=True)
    start = page.index('aria-label="Administración"')
    nav = page[start:page.index("</nav>", start)]
    assert "Seguimiento Top 10" in nav and "Inicio" not in nav and "Colas" not in nav
    assert '<a href="/admin/top10/">Top 10</a>' in page


def test_a_step_posted_by_its_role_moves_the_case(app, team) -> None:
    """USM's review form records steps 4–5 and redirects back to the case."""
    case_id = one_case(team)
    advance(case_id, "revision_usm", team)
    client = signed_in(app, team, "usm")
    token = csrf_from(client.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True))
    response = client.post(f"/admin/top10/casos/{case_id}/review", data={
        "csrf_token": token, "step": "review", "factors": "Nodo sin saturación", "technical_solution": "no"})
    assert response.status_code == 302
    db.session.rollback()  # end the test's read snapshot: the request committed in its own session
    assert cases.load_case(case_id, lock=False).status == "distribucion"


@pytest.mark.parametrize(("status", "who", "step", "typed", "message"), [
    ("revision_usm", "usm", "review", {"factors": "Atenuación alta en la acometida"},
     "Indique si tiene solución técnica."),
    ("control_calidad", "calidad", "quality", {"causes": "Sigue lento por la noche", "note": "Llamada de las 10"},
     "Indique si el cliente quedó satisfecho."),
])
def test_an_unanswered_yes_no_question_is_refused_and_what_was_typed_stays(app, team, status, who, step, typed,
                                                                          message) -> None:
    """Leaving «¿Tiene solución técnica?» or «¿satisfecho?» unanswered is not «No»: the page comes back with the
    reason and the text as typed, the case stays where it was, and the page's radios are required."""
    case_id = one_case(team)
    advance(case_id, status, team)
    client = signed_in(app, team, who)
    page = client.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    name = "technical_solution" if step == "review" else "satisfied"
    for answer in ("si", "no"):
        assert re.search(rf'<input type="radio" id="{step}-{name}-{answer}" name="{name}" value="{answer}" required>',
                         page)
    response = client.post(f"/admin/top10/casos/{case_id}/{step}",
                           data={"csrf_token": csrf_from(page), "step": step, **typed})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    assert all(f">{text}</textarea>" in body for text in typed.values())
    db.session.rollback()  # end the test's read snapshot: the request committed in its own session
    assert cases.load_case(case_id, lock=False).status == status
    assert [a.action for a in detection.actions(case_id)][-1] not in ("sin_solucion_tecnica", "insatisfecho")


def test_a_step_posted_by_another_role_is_refused_with_the_reason(app, team) -> None:
    """The gestor posting USM's review gets 403 with the Spanish reason; the case stays put."""
    case_id = one_case(team)
    advance(case_id, "revision_usm", team)
    client = signed_in(app, team, "gestor")
    token = csrf_from(client.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True))
    response = client.post(f"/admin/top10/casos/{case_id}/review", data={
        "csrf_token": token, "step": "review", "factors": "x", "technical_solution": "no"})
    assert response.status_code == 403
    assert "corresponde a: Analista USM" in response.get_data(as_text=True)
    db.session.rollback()  # end the test's read snapshot: the request committed in its own session
    assert cases.load_case(case_id, lock=False).status == "revision_usm"


def test_a_step_without_csrf_is_refused(app, team) -> None:
    """Forms need their CSRF token."""
    case_id = one_case(team)
    client = signed_in(app, team, "gestor")
    assert client.post(f"/admin/top10/casos/{case_id}/send", data={"step": "send"}).status_code == 400


def test_case_page_offers_only_my_next_step(app, team) -> None:
    """On a case waiting for USM's review, USM sees the review form and the gestor sees none."""
    case_id = one_case(team)
    advance(case_id, "revision_usm", team)
    usm_page = signed_in(app, team, "usm").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    gestor_page = signed_in(app, team, "gestor").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    assert 'id="form-review"' in usm_page
    assert f'action="/admin/top10/casos/{case_id}/' not in gestor_page
    assert "Este caso espera un paso de" in gestor_page


def test_upload_with_errors_shows_the_rows_and_writes_nothing(app, team) -> None:
    """The import page lists each rejected row with its column; no report is stored."""
    client = signed_in(app, team, "gestor")
    token = csrf_from(client.get("/admin/top10/importar").get_data(as_text=True))
    data = csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20)), ["R2", "", "", "", "", "20/11/2026", "", "", ""]])
    response = client.post("/admin/top10/importar", data={"csrf_token": token, "kind": "damage_reports",
                                                          "file": (io.BytesIO(data), "rd.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "no se importó ninguna fila" in page
    assert "<td class=\"num\">3</td><td>Cuenta</td><td>Falta «Cuenta».</td>" in page
    assert db.session.scalar(select(func.count(DamageReport.id))) == 0


def test_upload_of_a_valid_file_imports_it(app, team) -> None:
    """A valid upload redirects with the counts and lists the batch."""
    client = signed_in(app, team, "gestor")
    token = csrf_from(client.get("/admin/top10/importar").get_data(as_text=True))
    data = csv_bytes(DAMAGE_HEADER, [report("R1", "100", lp(20))])
    response = client.post("/admin/top10/importar", data={"csrf_token": token, "kind": "damage_reports",
                                                          "file": (io.BytesIO(data), "rd.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "Reportes de daño importados: 1 fila: 1 nueva," in response.get_data(as_text=True)


def test_only_gestor_and_division_head_import(app, team) -> None:
    """The gestor and the Jefe División upload Smartflex exports; USM and the P01 supervisor may not (issue 12)."""
    assert signed_in(app, team, "usm").get("/admin/top10/importar").status_code == 403
    assert signed_in(app, team, "supervisor").get("/admin/top10/importar").status_code == 403
    assert signed_in(app, team, "gestor").get("/admin/top10/importar").status_code == 200
    assert signed_in(app, team, "jefe_division").get("/admin/top10/importar").status_code == 200


def test_the_indicator_owner_imports_the_cancellations_only(app, team) -> None:
    """The Responsable Equipo Atención de Incidentes measures the monthly churn from Smartflex's cancellations: they
    import those (the form offers nothing else), never the damage reports that open cases."""
    client = signed_in(app, team, "incidentes")
    page = client.get("/admin/top10/importar").get_data(as_text=True)
    assert '<option value="cancellations"' in page and '<option value="damage_reports"' not in page
    bajas = "Nro Baja;Cuenta;Producto;Fecha Baja\r\nB-1;100;Internet;20/11/2026 10:00\r\n"
    form = {"csrf_token": csrf_from(page), "kind": "cancellations",
            "file": (io.BytesIO(bajas.encode()), "bajas.csv")}
    assert client.post("/admin/top10/importar", data=form, content_type="multipart/form-data").status_code == 302
    assert db.session.scalar(select(func.count(Cancellation.id))) == 1
    reports = csv_bytes(DAMAGE_HEADER, [report("R-9", "900", lp(23))])
    form = {"csrf_token": csrf_from(page), "kind": "damage_reports", "file": (io.BytesIO(reports), "reportes.csv")}
    client.post("/admin/top10/importar", data=form, content_type="multipart/form-data")
    assert db.session.scalar(select(func.count(DamageReport.id))) == 0


def test_export_downloads(app, team) -> None:
    """The weekly list downloads as CSV and XLSX attachments named after the report and week."""
    one_case(team)
    client = signed_in(app, team, "gestor")
    csv_response = client.get(f"/admin/top10/semana.csv?semana={WEEK}&top=30")
    assert csv_response.headers["Content-Disposition"] == f'attachment; filename="reporte-top30-{WEEK}.csv"'
    assert "R100-1, R100-2" in csv_response.get_data().decode("utf-8-sig")
    xlsx = client.get(f"/admin/top10/semana.xlsx?semana={WEEK}")
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"


def test_indicator_page_shows_the_verdict(app, team) -> None:
    """The month picker's month is computed; with nothing imported it reads «Sin datos» (issue 12)."""
    page = signed_in(app, team, "calidad").get("/admin/top10/indicador?mes=2026-11").get_data(as_text=True)
    assert 'id="indicator-verdict">Sin datos<' in page and "octubre de 2026" in page


def test_sheet_room_gets_top10_changed_after_a_step(app, team) -> None:
    """A Top 10 user who joined `top10` hears `top10_changed` with the case when a step commits."""
    case_id = one_case(team)
    socket = socketio.test_client(app, auth={"token": users.create_api_token(team.supervisor_co.name)})
    assert socket.emit("join_top10", callback=True) == {"ok": True}
    socket.get_received()
    workflow.send_to_usm(WEEK, actor=team.gestor, now=lp(27, 11))
    events = [e for e in socket.get_received() if e["name"] == "top10_changed"]
    assert events == [{"name": "top10_changed", "args": [{"cases": [case_id]}], "namespace": "/"}]
    socket.disconnect()


def test_staff_without_top10_role_cannot_join_the_room(app, team) -> None:
    """A desk agent's join is refused and they hear nothing."""
    case_id = one_case(team)
    socket = socketio.test_client(app, auth={"token": users.create_api_token(team.agent.name)})
    assert socket.emit("join_top10", callback=True)["ok"] is False
    socket.get_received()
    workflow.send_to_usm(None, case_id=case_id, actor=team.gestor, now=lp(27, 11))
    assert [e for e in socket.get_received() if e["name"] == "top10_changed"] == []
    socket.disconnect()


def test_a_join_that_arrives_after_the_page_left_is_answered_not_raised(app, team, monkeypatch) -> None:
    """The sheet's page posted a form and left before its `join_top10` arrived: python-socketio refuses the room
    (a ValueError once the namespace is gone) and the handler answers «Conexión cerrada.» instead of leaving an
    unhandled error in the server's log."""
    import admin.top10_events

    def gone(_room: str) -> None:
        raise ValueError("sid is not connected to requested namespace")

    monkeypatch.setattr(admin.top10_events, "join_room", gone)
    socket = socketio.test_client(app, auth={"token": users.create_api_token(team.supervisor_co.name)})
    assert socket.emit("join_top10", callback=True) == {"ok": False, "error": "Conexión cerrada."}
    socket.disconnect()


def test_the_inbox_and_the_case_page_call_the_customer_in_one_tap(app, team) -> None:
    """Fidelización calls each customer of her inbox (step 7), and the technician calls from the field: the phone
    is in the inbox, and on both pages it is a tel: link."""
    from core.models import Top10Case

    case_id = one_case(team)
    advance(case_id, "fidelizacion", team)
    db.session.get(Top10Case, case_id).phone = "4 4250000 / 71712345"
    db.session.commit()
    client = signed_in(app, team, "fidelizacion")
    inbox = client.get("/admin/top10/").get_data(as_text=True)
    case_page = client.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    links = '<a href="tel:44250000">4 4250000</a> / <a href="tel:71712345">71712345</a>'
    assert links in inbox and links in case_page
