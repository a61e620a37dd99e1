"""What a person reads at four Top 10 steps: step 2.1's segments (only those with cases left to send), Calidad's
question for a case the gestor sent straight to it (step 7, no solution to ask about), a refused step 19 by
another technician (one message), and step 15's outcome in the case's history as it was chosen."""

from __future__ import annotations

import re

from core.top10 import detection, workflow
from tests.helpers import csrf_from
from tests.top10.helpers import NOW, WEEK, Team, advance, load_reports, lp, one_case, report
from tests.top10.test_centres import words
from tests.top10.test_pages import signed_in


def segment_options(html: str) -> list[str]:
    select = re.search(r'<select id="f-segmento"[^>]*>(.*?)</select>', html, re.S)
    return [words(option).strip() for option in re.findall(r"<option[^>]*>(.*?)</option>", select.group(1))] \
        if select else []


def test_step_2_offers_only_the_segments_with_cases_left_to_send(app, team: Team) -> None:
    load_reports([report("R1", "100", lp(23), segment="Residencial"),
                  report("R2", "100", lp(26), segment="Residencial"),
                  report("R3", "200", lp(23), segment="PyME"), report("R4", "200", lp(26), segment="PyME"),
                  report("R5", "300", lp(24), segment="PyME"), report("R6", "300", lp(25), segment="PyME")],
                 team.gestor)
    detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    gestor = signed_in(app, team, "gestor")
    week = f"/admin/top10/semana?semana={WEEK}"
    assert segment_options(gestor.get(week).get_data(as_text=True)) == [
        "Todos los segmentos por remitir (3 casos)", "PyME (2 casos)", "Residencial (1 caso)"]

    workflow.send_to_usm(WEEK, segment="PyME", actor=team.gestor, now=NOW)
    assert segment_options(gestor.get(week).get_data(as_text=True)) == [
        "Todos los segmentos por remitir (1 caso)", "Residencial (1 caso)"]

    workflow.send_to_usm(WEEK, segment="Residencial", actor=team.gestor, now=NOW)
    page = gestor.get(week).get_data(as_text=True)
    assert segment_options(page) == []
    assert "No quedan casos por remitir a Analista USM en esta semana: todos sus segmentos ya se remitieron." \
        in words(page)


def test_calidad_asks_about_the_service_for_a_case_sent_straight_by_the_gestor(app, team: Team) -> None:
    straight = one_case(team, "801")
    advance(straight, "control_calidad", team)  # 4 «sin solución técnica» → 6/7 to Calidad
    calidad = signed_in(app, team, "calidad")
    inbox = words(calidad.get("/admin/top10/").get_data(as_text=True))
    assert "los casos que el Analista Gestor Top 10 remite directamente (paso 7), sin orden de trabajo ni solución " \
           "registrada" in inbox
    page = words(calidad.get(f"/admin/top10/casos/{straight}").get_data(as_text=True))
    assert "¿El cliente está satisfecho con su servicio y la atención de sus reportes de daño?" in page
    assert "este caso no tiene orden de trabajo ni solución registrada" in page
    assert "satisfecho con la solución del daño" not in page

    attended = one_case(team, "802")  # an order attended and closed at 19.3: its solution is what Calidad asks about
    advance(attended, "trabajo_tecnico", team)
    workflow.close_work(attended, work_order="OT-1", actor=team.operador, now=NOW)
    page = words(calidad.get(f"/admin/top10/casos/{attended}").get_data(as_text=True))
    assert "¿El cliente está satisfecho con la solución del daño?" in page
    assert "no tiene orden de trabajo" not in page


def test_another_technicians_refused_close_reads_one_message(app, team: Team) -> None:
    """tecnico2 posts step 19 of tecnico1's case (a hand-made POST: the form is not shown to him): one message."""
    case_id = one_case(team)
    advance(case_id, "trabajo_tecnico", team)
    other = signed_in(app, team, "tecnico2")
    token = csrf_from(other.get("/admin/top10/").get_data(as_text=True))
    answer = other.post(f"/admin/top10/casos/{case_id}/close", data={"csrf_token": token, "work_order": "OT-9"},
                        follow_redirects=True)
    page = words(answer.get_data(as_text=True))
    assert answer.status_code == 403
    assert page.count("Este caso no es suyo") == 1
    assert "asignado a otro Técnico Multiservicios" not in page
    assert 'class="flash' not in answer.get_data(as_text=True)
    assert detection.get_case(case_id).status == "trabajo_tecnico"


def timeline(html: str) -> str:
    return words(re.search(r'<ol class="timeline".*?</ol>', html, re.S).group(0))


def test_the_history_says_the_case_needs_the_technicians_work_not_monitoring(app, team: Team) -> None:
    """Steps 15–16 «Requiere trabajo del técnico» (the case goes to the operations centre) reads so in the case's
    history; «Sigue en solución (monitoreo)» still reads as monitoring."""
    needs, monitored = one_case(team, "811"), one_case(team, "812")
    advance(needs, "en_solucion", team)
    advance(monitored, "en_solucion", team)
    usm = signed_in(app, team, "usm")
    token = csrf_from(usm.get(f"/admin/top10/casos/{needs}").get_data(as_text=True))
    for case_id, outcome in ((needs, "requiere_tecnico"), (monitored, "monitoreo")):
        usm.post(f"/admin/top10/casos/{case_id}/solution",
                 data={"csrf_token": token, "outcome": outcome, "note": "Cambio de ONU"})
    history = timeline(usm.get(f"/admin/top10/casos/{needs}").get_data(as_text=True))
    assert "Paso 15 Requiere trabajo del técnico: pasa al Centro de Operaciones Cambio de ONU" in history
    assert "monitoreo" not in history
    assert detection.get_case(needs).status == "control_co"
    history = timeline(usm.get(f"/admin/top10/casos/{monitored}").get_data(as_text=True))
    assert "Paso 15 Solución en curso: monitoreo Cambio de ONU" in history
    assert detection.get_case(monitored).status == "en_solucion"
