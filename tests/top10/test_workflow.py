"""The case workflow: every step by its role (with who and when recorded), refused to every other role and
out of order, and the inputs each step requires."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, Invalid
from core.extensions import db
from core.models import Top10Action
from core.org import settings_edit
from core.top10 import cases, detection, sheet, workflow
from tests.top10.helpers import NOW, ROLES, WEEK, Team, advance, load_reports, lp, one_case, report


def trail(case_id: int) -> list[tuple[int, str]]:
    return [(a.step, a.action) for a in db.session.scalars(
        select(Top10Action).where(Top10Action.case_id == case_id).order_by(Top10Action.id))]


def call(team: Team, name: str, case_id: int, who: Actor) -> object:
    """One step with valid inputs, performed by `who`."""
    calls: dict[str, Callable[[], object]] = {
        "send": lambda: workflow.send_to_usm(None, case_id=case_id, actor=who, now=NOW),
        "receive": lambda: workflow.receive(None, case_id=case_id, actor=who, now=NOW),
        "review_no": lambda: workflow.review(case_id, factors="Nodo sin saturación", technical_solution=False,
                                             actor=who, now=NOW),
        "review_yes": lambda: workflow.review(case_id, factors="Atenuación alta", technical_solution=True,
                                              actor=who, now=NOW),
        "to_fidelizacion": lambda: workflow.distribute(case_id, to="fidelizacion", actor=who, now=NOW),
        "to_calidad": lambda: workflow.distribute(case_id, to="calidad", actor=who, now=NOW),
        "contact_technician": lambda: workflow.record_contact(case_id, reached=True, management="migracion",
                                                              needs_technician=True, actor=who, now=NOW),
        "contact_solved": lambda: workflow.record_contact(case_id, reached=True, management="plan",
                                                          note="Plan de 100 Mbps", actor=who, now=NOW),
        "contact_failed": lambda: workflow.record_contact(case_id, reached=False, note="No contesta",
                                                          actor=who, now=NOW),
        "quality_ok": lambda: workflow.quality_check(case_id, satisfied=True, actor=who, now=NOW),
        "quality_not": lambda: workflow.quality_check(case_id, satisfied=False, causes="Sigue intermitente",
                                                      customer_informed=True, actor=who, now=NOW),
        "schedule": lambda: workflow.schedule_visit(case_id, mode="tecnico_con_usm", visit_at="2026-11-28T09:30",
                                                    technician_id=team.tecnico.id, actor=who, now=NOW),
        "remote_ok": lambda: workflow.record_solution(case_id, outcome="remota", satisfied=True, actor=who, now=NOW),
        "remote_not": lambda: workflow.record_solution(case_id, outcome="remota", satisfied=False, actor=who,
                                                       now=NOW),
        "monitor": lambda: workflow.record_solution(case_id, outcome="monitoreo", note="Potencia óptica estable",
                                                    actor=who, now=NOW),
        "needs_technician": lambda: workflow.record_solution(case_id, outcome="requiere_tecnico", actor=who,
                                                             now=NOW),
        "control": lambda: workflow.control_note(case_id, note="Parámetros revisados en línea", actor=who, now=NOW),
        "prioritise": lambda: workflow.prioritise(case_id, technician_id=team.tecnico.id, actor=who, now=NOW),
        "close": lambda: workflow.close_work(case_id, work_order="OT-77", actor=who, now=NOW),
    }
    return calls[name]()


# step → (status it starts from, role that owns it, status after, actions appended)
STEPS = {
    "send": ("nuevo", "top10_gestor", "enviado_usm", [(2, "remite_usm")]),
    "receive": ("enviado_usm", "top10_usm", "revision_usm", [(3, "recibe")]),
    "review_no": ("revision_usm", "top10_usm", "distribucion", [(4, "revisa_factores"), (5, "sin_solucion_tecnica")]),
    "review_yes": ("revision_usm", "top10_usm", "programar_visita",
                   [(4, "revisa_factores"), (4, "con_solucion_tecnica")]),
    "to_fidelizacion": ("distribucion", "top10_gestor", "fidelizacion",
                        [(6, "distribuye"), (8, "remite_fidelizacion")]),
    "to_calidad": ("distribucion", "top10_gestor", "control_calidad", [(6, "distribuye"), (7, "remite_calidad")]),
    "contact_technician": ("fidelizacion", "fidelizacion", "programar_visita", [(9, "gestion"), (10, "coordina_co")]),
    "contact_solved": ("fidelizacion", "fidelizacion", "control_calidad", [(9, "gestion"), (9, "pasa_calidad")]),
    "contact_failed": ("fidelizacion", "fidelizacion", "fidelizacion", [(9, "contacto_fallido")]),
    "quality_ok": ("control_calidad", "calidad", "cerrado", [(11, "satisfecho")]),
    "quality_not": ("control_calidad", "calidad", "programar_visita",
                    [(11, "insatisfecho"), (12, "causas"), (13, "informa_visita")]),
    "schedule": ("programar_visita", "top10_usm", "en_solucion", [(14, "programa_visita")]),
    "remote_ok": ("en_solucion", "top10_usm", "control_calidad",
                  [(15, "solucion_remota"), (16, "informa_planilla"), (11, "pasa_control")]),
    "remote_not": ("en_solucion", "top10_usm", "en_solucion", [(15, "solucion_remota"), (16, "informa_planilla")]),
    "monitor": ("en_solucion", "top10_usm", "en_solucion", [(15, "monitoreo"), (16, "informa_planilla")]),
    "needs_technician": ("en_solucion", "top10_usm", "control_co",
                         [(15, "requiere_tecnico"), (16, "informa_planilla")]),
    "control": ("en_solucion", "supervisor_co", "en_solucion", [(17, "control")]),
    "prioritise": ("control_co", "supervisor_co", "trabajo_tecnico", [(17, "control"), (18, "prioriza")]),
    # 19.3 by the Operador Centro de Operaciones, the setting's default (tests/top10/test_work_order_closer.py)
    "close": ("trabajo_tecnico", "operador_co", "control_calidad", [(19, "cierra_ot"), (11, "pasa_control")]),
}
# A status from which each step is out of order (the right role still cannot do it).
OUT_OF_ORDER = {"send": "enviado_usm", "receive": "nuevo", "review_no": "nuevo", "review_yes": "distribucion",
                "to_fidelizacion": "revision_usm", "to_calidad": "fidelizacion", "contact_technician": "distribucion",
                "contact_solved": "control_calidad", "contact_failed": "nuevo", "quality_ok": "fidelizacion",
                "quality_not": "en_solucion", "schedule": "control_co", "remote_ok": "control_co",
                "remote_not": "trabajo_tecnico", "monitor": "distribucion", "needs_technician": "revision_usm",
                "control": "cerrado", "prioritise": "en_solucion", "close": "control_co"}


@pytest.mark.parametrize("name", list(STEPS))
def test_step_by_its_role_moves_the_case_and_records_who_and_when(team, name) -> None:
    """The owning role performs the step: the case moves on and each action names the person and time."""
    start, role, end, expected = STEPS[name]
    case_id = one_case(team)
    before = len(trail(case_id))
    advance(case_id, start, team)
    marked = len(trail(case_id))
    call(team, name, case_id, team.by_role(role))
    case = cases.load_case(case_id, lock=False)
    assert case.status == end and case.assigned_role == cases.STATUSES[end].role
    assert trail(case_id)[marked:] == expected and marked >= before
    added = list(db.session.scalars(select(Top10Action).where(Top10Action.case_id == case_id)
                                    .order_by(Top10Action.id)))[marked:]
    assert {(a.actor_name, a.at) for a in added} == {(team.by_role(role).name, NOW)}


@pytest.mark.parametrize("name", list(STEPS))
def test_step_is_refused_to_every_other_role(team, name) -> None:
    """Every other Top 10 role, the supervisor and a desk agent get a Spanish `Forbidden`; nothing changes."""
    start, role, _end, _expected = STEPS[name]
    case_id = one_case(team)
    advance(case_id, start, team)
    marked = trail(case_id)
    others = [team.by_role(r) for r in ROLES if r != role] + [team.supervisor, team.agent]
    for who in others:
        with pytest.raises(Forbidden) as caught:
            call(team, name, case_id, who)
        assert "corresponde a" in caught.value.message
    assert cases.load_case(case_id, lock=False).status == start and trail(case_id) == marked


@pytest.mark.parametrize("name", list(STEPS))
def test_step_out_of_order_is_refused(team, name) -> None:
    """The right role cannot skip ahead or go back: `IllegalTransition`, nothing recorded."""
    _start, role, _end, _expected = STEPS[name]
    case_id = one_case(team)
    status = OUT_OF_ORDER[name]
    if status == "cerrado":
        advance(case_id, "control_calidad", team)
        call(team, "quality_ok", case_id, team.calidad)
    else:
        advance(case_id, status, team)
    marked = trail(case_id)
    with pytest.raises(IllegalTransition):
        call(team, name, case_id, team.by_role(role))
    assert cases.load_case(case_id, lock=False).status == status and trail(case_id) == marked


@pytest.mark.postgres
def test_the_whole_procedure_leaves_its_trail(team) -> None:
    """From the weekly list to the closed work order, the trail follows the procedure's numbering."""
    case_id = one_case(team)
    for name in ("send", "receive", "review_no", "to_fidelizacion", "contact_technician", "schedule",
                 "needs_technician", "prioritise", "close", "quality_ok"):
        call(team, name, case_id, team.by_role(STEPS[name][1]))
    assert [step for step, _action in trail(case_id)] == [1, 2, 3, 4, 5, 6, 8, 9, 10, 14, 15, 16, 17, 18, 19, 11, 11]
    case = cases.load_case(case_id, lock=False)
    assert (case.status, case.closed_at, case.work_order, case.priority) == ("cerrado", NOW, "OT-77", True)
    assert (case.distribution, case.management) == ("fidelizacion", "migracion")
    # The visit was made: the closed case shows none; its history keeps it (step 14's note).
    assert (case.visit_at, case.visit_mode) == (None, "")
    assert any(a.action == "programa_visita" and "Técnico con Analista USM, 28/11/2026 09:30" in a.note
               for a in detection.actions(case_id))


def test_admin_may_perform_any_step(team) -> None:
    """The administrator passes every role check."""
    case_id = one_case(team)
    call(team, "send", case_id, team.admin)
    call(team, "receive", case_id, team.admin)
    assert cases.load_case(case_id, lock=False).status == "revision_usm"


def test_send_to_usm_by_segment(team) -> None:
    """Step 2.1: sending one segment leaves the other segment's cases with the gestor."""
    load_reports([report("E1", "E", lp(23), segment="Empresas"), report("E2", "E", lp(24), segment="Empresas"),
                  report("R1", "R", lp(23)), report("R2", "R", lp(24))], team.gestor)
    detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    assert workflow.send_to_usm(WEEK, segment="Empresas", actor=team.gestor, now=NOW) == 1
    statuses = {c.customer_code: c.status for c in detection.work_queue(team.gestor) + detection.work_queue(team.usm)}
    assert statuses == {"E": "enviado_usm", "R": "nuevo"}


def test_another_technician_cannot_close_an_assigned_work_order(team) -> None:
    """Where the technician closes (19.3), step 19 belongs to the technician the operations supervisor
    prioritised it with."""
    settings_edit.save({"top10_work_order_closer": "tecnico"}, actor=team.admin)
    case_id = one_case(team)
    advance(case_id, "trabajo_tecnico", team)
    with pytest.raises(Forbidden):
        workflow.close_work(case_id, work_order="OT-1", actor=team.tecnico2, now=NOW)


@pytest.mark.parametrize(("status", "run", "message"), [
    ("revision_usm", lambda t, c: workflow.review(c, factors=" ", technical_solution=False, actor=t.usm, now=NOW),
     "Falta «Factores técnicos revisados»."),
    ("revision_usm", lambda t, c: workflow.review(c, factors="Nodo sin saturación", technical_solution=None,
                                                  actor=t.usm, now=NOW),
     "Indique si tiene solución técnica."),
    ("control_calidad", lambda t, c: workflow.quality_check(c, satisfied=None, causes="Lento", customer_informed=True,
                                                            actor=t.calidad, now=NOW),
     "Indique si el cliente quedó satisfecho."),
    ("distribucion", lambda t, c: workflow.distribute(c, to="legal", actor=t.gestor, now=NOW),
     "Elija a quién distribuir el caso: Fidelización o Control de calidad."),
    ("fidelizacion", lambda t, c: workflow.record_contact(c, reached=True, actor=t.fidelizacion, now=NOW),
     "Elija la gestión realizada: migración del servicio, actualización de plan comercial o reclamo reiterado."),
    ("fidelizacion", lambda t, c: workflow.record_contact(c, reached=False, actor=t.fidelizacion, now=NOW),
     "Falta «Observación»."),
    ("control_calidad", lambda t, c: workflow.quality_check(c, satisfied=False, customer_informed=True,
                                                            actor=t.calidad, now=NOW),
     "Falta «Causas de insatisfacción»."),
    ("control_calidad", lambda t, c: workflow.quality_check(c, satisfied=False, causes="Lento", actor=t.calidad,
                                                            now=NOW),
     "Confirme que informó al cliente que el personal técnico visitará su domicilio (paso 13)."),
    ("programar_visita", lambda t, c: workflow.schedule_visit(c, mode="usm_con_tecnico", visit_at=NOW - timedelta(
        days=1), actor=t.usm, now=NOW), "La fecha de la visita ya pasó."),
    ("programar_visita", lambda t, c: workflow.schedule_visit(c, mode="usm_con_tecnico", visit_at="2026-11-27T09:00",
                                                              actor=t.usm, now=NOW),
     "La hora de la visita ya pasó: indique una hora desde las 11:00 de hoy."),
    ("programar_visita", lambda t, c: workflow.schedule_visit(c, mode="usm_con_tecnico", visit_at="mañana",
                                                              actor=t.usm, now=NOW),
     "Indique la fecha y hora de la visita."),
    ("programar_visita", lambda t, c: workflow.schedule_visit(c, mode="usm_con_tecnico", visit_at=NOW,
                                                              technician_id=t.usm.id, actor=t.usm, now=NOW),
     "Elija un Técnico Multiservicios válido."),
    ("en_solucion", lambda t, c: workflow.record_solution(c, outcome="remota", actor=t.usm, now=NOW),
     "Indique si el cliente quedó satisfecho con la solución remota (15.1)."),
    ("control_co", lambda t, c: workflow.prioritise(c, technician_id=None, actor=t.supervisor_co, now=NOW),
     "Elija un Técnico Multiservicios válido."),
    ("trabajo_tecnico", lambda t, c: workflow.close_work(c, work_order="", actor=t.operador, now=NOW),
     "Falta «Orden de trabajo»."),
])
def test_steps_check_their_inputs(team, status, run, message) -> None:
    """Missing or wrong inputs fail with a Spanish message and leave the case where it was."""
    case_id = one_case(team)
    advance(case_id, status, team)
    marked = trail(case_id)
    with pytest.raises(Invalid) as caught:
        run(team, case_id)
    assert caught.value.message == message
    assert cases.load_case(case_id, lock=False).status == status and trail(case_id) == marked


@pytest.mark.postgres
def test_work_queues_follow_the_roles(team) -> None:
    """Each role sees the cases waiting on its step; a technician only the work given to them."""
    first, second = one_case(team, "100"), one_case(team, "200")
    advance(first, "revision_usm", team)
    advance(second, "trabajo_tecnico", team)
    assert [c.id for c in detection.work_queue(team.usm)] == [first]
    assert detection.work_queue(team.gestor) == [] and detection.work_queue(team.calidad) == []
    assert [c.id for c in detection.work_queue(team.tecnico)] == [second]
    assert detection.work_queue(team.tecnico2) == []


@pytest.mark.postgres
def test_control_sheet_lists_open_cases_with_step_owner_and_days_open(team, frozen) -> None:
    """Step 17's sheet: priority first, each open case with its step, owner and days open; closed ones leave."""
    first, second, third = one_case(team, "100"), one_case(team, "200"), one_case(team, "300")
    advance(first, "en_solucion", team)
    advance(second, "trabajo_tecnico", team)
    advance(third, "control_calidad", team)
    call(team, "quality_ok", third, team.calidad)
    rows = sheet.control_sheet(NOW + timedelta(days=3))
    assert [(r.case.id, r.step, r.owner, r.days_open) for r in rows] == [
        # Step 19 is recorded by the operator who closes the work order (the setting's default): he is named.
        (second, "19", "Operador Centro de Operaciones (técnico: tecnico1)", 3),
        (first, "15–16", "Analista USM", 3),
    ]
    assert rows[0].last_action.action == "prioriza" and rows[0].last_action.actor_name == "superco"
