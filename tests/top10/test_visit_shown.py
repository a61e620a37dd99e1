"""The audit's F1–F2: a visit is shown only while it is the agreed visit still ahead (steps 15–19), never after the
work order's close, a quality check that sends the case back to step 14, or the case's close; and «Solucionado en
la visita» is accepted only from the visit's day (La Paz)."""

from __future__ import annotations

import re

import pytest

from core.errors import IllegalTransition
from core.top10 import cases, detection, workflow
from tests.helpers import csrf_from
from tests.top10.helpers import NOW, Team, advance, lp, one_case
from tests.top10.test_centres import words
from tests.top10.test_pages import signed_in

VISIT = "28/11/2026 09:00"  # the visit advance() schedules at step 14 (lp(28, 9))


def read(client, path: str) -> str:
    """What the person reads on the page: its text, tags removed, spaces collapsed."""
    return words(client.get(path).get_data(as_text=True)).strip()


def work_closed(team: Team) -> int:
    """A case whose technician's work was done and its work order closed (19.3): at the quality check."""
    case_id = one_case(team)
    advance(case_id, "trabajo_tecnico", team)
    workflow.close_work(case_id, work_order="OT-5", actor=team.operador, now=NOW)
    return case_id


def test_the_quality_check_after_the_work_shows_no_visit_to_come(app, team) -> None:
    """Calidad's «Mi bandeja» and the case page: the order was attended and closed, no visit is still to come."""
    case_id = work_closed(team)
    calidad = signed_in(app, team, "calidad")
    inbox = read(calidad, "/admin/top10/")
    assert "Caso 100" in inbox and "Control de calidad · paso 11–13" in inbox
    assert VISIT not in inbox and "28 de noviembre · 09:00" not in inbox
    page = read(calidad, f"/admin/top10/casos/{case_id}")
    assert f"Visita {VISIT}" not in page
    assert f"Técnico con Analista USM, {VISIT}" in page or f"Analista USM con Técnico, {VISIT}" in page  # history


def test_an_unsatisfied_customer_goes_back_to_step_14_without_the_old_visit(app, team) -> None:
    """Back at «Por programar visita · paso 14»: the technician's visit leaves his «Mi bandeja», USM's case page shows
    no visit and step 14's form starts empty; the old visit stays in the history."""
    case_id = one_case(team)
    advance(case_id, "trabajo_tecnico", team)
    technician = signed_in(app, team, "tecnico")
    assert "sábado 28 de noviembre · 09:00" in read(technician, "/admin/top10/")  # his appointment, still ahead
    workflow.close_work(case_id, work_order="OT-5", actor=team.operador, now=NOW)
    inbox = read(technician, "/admin/top10/")
    assert "Caso 100" in inbox and VISIT not in inbox  # his work, waiting for the check: no visit to come
    workflow.quality_check(case_id, satisfied=False, causes="Sigue cortándose", customer_informed=True,
                           actor=team.calidad, now=NOW)

    inbox = read(technician, "/admin/top10/")
    assert "Caso 100" not in inbox and VISIT not in inbox
    usm = signed_in(app, team, "usm")
    usm_inbox = read(usm, "/admin/top10/")
    assert "Por programar visita · paso 14" in usm_inbox and VISIT not in usm_inbox
    html = usm.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    assert 'name="visit_at" required value=""' in html
    page = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"Visita {VISIT}" not in page and "Responsable ahora Analista USM" in page
    assert "Visita programada" in page and VISIT in page  # the history keeps the visit that was made


def test_a_closed_case_shows_no_visit_in_the_sheets_history(app, team) -> None:
    case_id = work_closed(team)
    workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=NOW)
    html = signed_in(app, team, "supervisor_co").get("/admin/top10/planilla?historial=1").get_data(as_text=True)
    row = re.search(rf'<tr data-case="{case_id}".*?</tr>', html, re.S)
    assert row is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", row.group(0)).split())
    assert "Cerrado 27/11/2026" in text and VISIT not in text


# --- F2: «Solucionado en la visita» --------------------------------------------------------------------------

def test_solved_on_the_visit_is_refused_with_no_visit_scheduled(team) -> None:
    case_id = one_case(team)
    advance(case_id, "programar_visita", team)
    with pytest.raises(IllegalTransition, match=r"No hay una visita programada: programe la visita \(paso 14\)"):
        workflow.record_solution(case_id, outcome="visita", actor=team.usm, now=NOW)
    assert cases.load_case(case_id, lock=False).status == "programar_visita"


def test_solved_on_the_visit_is_refused_before_the_visits_day(team) -> None:
    case_id = one_case(team)
    advance(case_id, "en_solucion", team)  # visit on Saturday 28/11 at 09:00; now Friday 27/11 11:00
    with pytest.raises(IllegalTransition, match="La visita está programada para el 28/11/2026 a las 09:00: registre "
                                                "«Solucionado en la visita» desde ese día."):
        workflow.record_solution(case_id, outcome="visita", actor=team.usm, now=lp(27, 23, 59))
    assert cases.load_case(case_id, lock=False).status == "en_solucion"
    # The visit's day counts, before the hour agreed: the crew may come early (La Paz calendar day).
    workflow.record_solution(case_id, outcome="visita", actor=team.usm, now=lp(28, 8))
    assert cases.load_case(case_id, lock=False).status == "control_calidad"
    assert detection.actions(case_id)[-3].action == "solucion_visita"


def test_the_form_offers_solved_on_the_visit_only_when_it_would_be_accepted(app, team, frozen) -> None:
    case_id = one_case(team)
    advance(case_id, "en_solucion", team)
    usm = signed_in(app, team, "usm")
    page = read(usm, f"/admin/top10/casos/{case_id}")
    assert "Solución remota (15.1)" in page and "Solucionado en la visita Requiere" not in page
    assert "«Solucionado en la visita» se ofrece desde el día de la visita, el 28/11/2026." in page
    frozen.value = lp(28, 8)
    page = read(usm, f"/admin/top10/casos/{case_id}")
    assert "Solucionado en la visita Requiere trabajo del técnico" in page and "se ofrece desde" not in page


def test_a_hand_made_post_before_the_visit_is_refused_on_the_page(app, team) -> None:
    case_id = one_case(team)
    advance(case_id, "en_solucion", team)
    usm = signed_in(app, team, "usm")
    token = csrf_from(usm.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True))
    answer = usm.post(f"/admin/top10/casos/{case_id}/solution", data={"csrf_token": token, "step": "solution",
                                                                       "outcome": "visita"})
    assert answer.status_code == 409
    assert "desde ese día" in answer.get_data(as_text=True)
    assert cases.load_case(case_id, lock=False).status == "en_solucion"
