"""The Top 10 case workflow (seeds/001_…, steps 2–19): each step by its role, each action recorded.

A case's `status` says which step it waits on and so which role owns it. Every function here takes the
`actor` and `now`, runs one unit of work, refuses a step out of order (`IllegalTransition`) or by the wrong
role (`Forbidden`), appends `Top10Action` rows (who, when, step, from → to) and tells the live control sheet
(`top10_changed` to the `top10` room, after commit).

Readings of the procedure, where it leaves a branch open:
- step 4: a case *with* a technical solution stays with USM and goes to visit scheduling (14); only cases
  without one are reported back to the gestor (5) for distribution (6);
- step 9: when fidelización solves it without a technician, the case goes to the quality check (11): the
  procedure ends "con el control de calidad de satisfacción del cliente";
- step 16: the live sheet *is* the planilla, so USM's report (15 / 15.1) is recorded as step 16 too;
- steps 11 and 19.3: no case closes without the quality check. An order attended and closed (a technician's
  work at 19, a remote solution at 15.1, a damage solved on the visit at 15) goes to the Coordinador de
  Calidad's daily list; only a satisfied customer there closes the case, otherwise steps 12–13 follow.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Select, func, select

from core import clock
from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, Invalid
from core.extensions import db
from core.imports.columns import parse_datetime
from core.models import Top10Case, User
from core.top10 import cases, centres
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

# --- steps 2–3: the weekly report goes to USM ---------------------------------------------------------

def _week_cases(week: str | None, status: str, *, segment: str | None, case_id: int | None,
                centre: str = "") -> list[Top10Case]:
    return list(db.session.scalars(_week_select(week, status, segment=segment, case_id=case_id, centre=centre)
                                   .with_for_update()))


def _week_select(week: str | None, status: str, *, segment: str | None = None, case_id: int | None = None,
                 centre: str = "") -> Select:
    if week is None and case_id is None:
        raise Invalid("Indique la semana o el caso.", code="missing_week")
    stmt = select(Top10Case).where(Top10Case.status == status).order_by(Top10Case.rank)
    if centre:  # a centre's USM receives the week's report of their centre (centres.py)
        stmt = stmt.where(centres.clause(centre, "top10_usm"))
    if week is not None:
        stmt = stmt.where(Top10Case.week == week)
    if segment:
        stmt = stmt.where(Top10Case.segment == segment)
    if case_id is not None:
        stmt = stmt.where(Top10Case.id == case_id)
    return stmt


def to_send(week: str) -> dict[str, int]:
    """What step 2.1 would send now: the week's cases still to send, counted by segment ("" = no segment), the
    segments in order. Only these are offered: a segment already sent has nothing left («No hay casos…»)."""
    counted = (_week_select(week, "nuevo").order_by(None)
               .with_only_columns(Top10Case.segment, func.count()).group_by(Top10Case.segment))
    return dict(sorted((segment, count) for segment, count in db.session.execute(counted)))


def to_receive(found: list[Top10Case], actor: Actor) -> list[Top10Case]:
    """Of these cases, those step 3 would receive for `actor` now: sent to USM, and of their centre (centres.py)."""
    centre = centres.of(actor)
    return [case for case in found if case.status == "enviado_usm" and centres.works(centre, case, "top10_usm")]


def send_to_usm(week: str | None, *, segment: str | None = None, case_id: int | None = None, actor: Actor,
                now: datetime) -> int:
    """Step 2 (2.1): the gestor sends the week's new cases (of one segment, or all) to Analista USM."""
    cases.require_role(actor, 2, "top10_gestor")
    with unit_of_work():
        found = _week_cases(week, "nuevo", segment=segment, case_id=case_id)
        if not found:
            raise IllegalTransition("No hay casos detectados por remitir a USM"
                                    + (f" en el segmento «{segment}»." if segment else "."), code="nothing_to_send")
        for case in found:
            note = f"Segmento (nivel de facturación): {case.segment or 'sin segmento'}"
            cases.act(case, 2, "remite_usm", actor=actor, now=now, note=note, substep="2.1", to="enviado_usm")
        cases.changed([c.id for c in found])
    logger.info("top10 week %s: %d cases sent to USM by %s", week, len(found), actor.name)
    return len(found)


def receive(week: str | None, *, case_id: int | None = None, actor: Actor, now: datetime) -> int:
    """Step 3: Analista USM acknowledges the weekly report (of their Centro de Operaciones, if they have one)."""
    cases.require_role(actor, 3, "top10_usm")
    with unit_of_work():
        found = _week_cases(week, "enviado_usm", segment=None, case_id=case_id,
                            centre=centres.of(actor) if case_id is None else "")
        if not found:
            raise IllegalTransition("No hay casos remitidos a USM por recibir.",
                                    code="nothing_to_receive")
        for case in found:
            cases.act(case, 3, "recibe", actor=actor, now=now, to="revision_usm")
        cases.changed([c.id for c in found])
    return len(found)


# --- steps 4–8 -----------------------------------------------------------------------------------------

def review(case_id: int, *, factors: str, technical_solution: bool | None, actor: Actor,
           now: datetime) -> Top10Case:
    """Steps 4–5: USM notes the technical factors; without a technical solution the case goes back to the
    gestor, with one it stays with USM for a visit. No answer is no answer, never «no»."""
    cases.require_role(actor, 4, "top10_usm")
    factors = cases.clean_note(factors, "Factores técnicos revisados", required=True)
    if technical_solution is None:
        raise Invalid("Indique si tiene solución técnica.", code="missing_answer")
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 4, "revision_usm")
        cases.act(case, 4, "revisa_factores", actor=actor, now=now, note=factors)
        if technical_solution:
            cases.act(case, 4, "con_solucion_tecnica", actor=actor, now=now, to="programar_visita")
        else:
            cases.act(case, 5, "sin_solucion_tecnica", actor=actor, now=now, to="distribucion")
        return cases.done(case, "reviewed", actor)


def distribute(case_id: int, *, to: str, note: str = "", actor: Actor, now: datetime) -> Top10Case:
    """Step 6, then 8 (fidelización) or 7 (control de calidad)."""
    cases.require_role(actor, 6, "top10_gestor")
    if to not in cases.DISTRIBUTIONS:
        raise Invalid("Elija a quién distribuir el caso: Fidelización o Control de calidad.", code="invalid_target")
    note = cases.clean_note(note)
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 6, "distribucion")
        case.distribution = to
        cases.act(case, 6, "distribuye", actor=actor, now=now, note=note or f"Para {cases.DISTRIBUTIONS[to].lower()}")
        if to == "fidelizacion":
            cases.act(case, 8, "remite_fidelizacion", actor=actor, now=now, to="fidelizacion")
        else:
            cases.act(case, 7, "remite_calidad", actor=actor, now=now, to="control_calidad")
        return cases.done(case, f"distributed to {to}", actor)


# --- steps 9–13 ----------------------------------------------------------------------------------------

def record_contact(case_id: int, *, reached: bool, management: str = "", note: str = "",
                   needs_technician: bool = False, actor: Actor, now: datetime) -> Top10Case:
    """Steps 9–10: fidelización calls the customer; 9.1 the management; 10 a technician visit if needed."""
    cases.require_role(actor, 9, "fidelizacion")
    note = cases.clean_note(note, required=not reached)
    if reached and management not in cases.MANAGEMENT:
        raise Invalid("Elija la gestión realizada: migración del servicio, actualización de plan comercial o "
                      "reclamo reiterado.", code="invalid_management")
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 9, "fidelizacion")
        if not reached:
            cases.act(case, 9, "contacto_fallido", actor=actor, now=now, note=note)
            return cases.done(case, "call attempt", actor)
        case.management = management
        cases.act(case, 9, "gestion", actor=actor, now=now, substep="9.1",
            note=f"{cases.MANAGEMENT[management]}" + (f". {note}" if note else ""))
        if needs_technician:
            cases.act(case, 10, "coordina_co", actor=actor, now=now, to="programar_visita")
        else:
            cases.act(case, 9, "pasa_calidad", actor=actor, now=now, to="control_calidad")
        return cases.done(case, "contacted", actor)


def quality_check(case_id: int, *, satisfied: bool | None, causes: str = "", customer_informed: bool = False,
                  note: str = "", actor: Actor, now: datetime) -> Top10Case:
    """Steps 11–13: the daily satisfaction check (11.1, of the orders attended and closed). Satisfied closes the
    case; otherwise the causes go to the operations centre and the customer is told a technician will visit.
    A missing answer is refused: taking it for «no» would send a technician to a customer nobody asked."""
    cases.require_role(actor, 11, "calidad")
    if satisfied is None:
        raise Invalid("Indique si el cliente quedó satisfecho.", code="missing_answer")
    note = cases.clean_note(note)
    if not satisfied:
        causes = cases.clean_note(causes, "Causas de insatisfacción", required=True)
        if not customer_informed:
            raise Invalid("Confirme que informó al cliente que el personal técnico visitará su domicilio (paso 13).",
                          code="customer_not_informed")
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 11, "control_calidad")
        case.satisfied = satisfied
        if satisfied:
            cases.act(case, 11, "satisfecho", actor=actor, now=now, substep="11.1", note=note, to="cerrado")
        else:
            cases.act(case, 11, "insatisfecho", actor=actor, now=now, substep="11.1", note=note)
            cases.act(case, 12, "causas", actor=actor, now=now, note=causes)
            cases.act(case, 13, "informa_visita", actor=actor, now=now, to="programar_visita")
        return cases.done(case, "quality check", actor)


# --- steps 14–16: USM ----------------------------------------------------------------------------------

def schedule_visit(case_id: int, *, mode: str, visit_at: datetime | str, technician_id: int | None = None,
                   note: str = "", actor: Actor, now: datetime) -> Top10Case:
    """Step 14: USM schedules the visit (USM with a technician, or a technician with USM); may reschedule."""
    cases.require_role(actor, 14, "top10_usm")
    if mode not in cases.VISIT_MODES:
        raise Invalid("Elija el tipo de visita: Analista USM con Técnico o Técnico con Analista USM.",
                      code="invalid_visit_mode")
    if isinstance(visit_at, str):
        try:
            visit_at = parse_datetime(visit_at)
        except ValueError:
            raise Invalid("Indique la fecha y hora de la visita.", code="invalid_date") from None
    if clock.business_day(visit_at) < clock.business_day(now):
        raise Invalid("La fecha de la visita ya pasó.", code="past_date")
    if visit_at < now.replace(second=0, microsecond=0):  # the form gives minutes: this minute is still now
        raise Invalid(f"La hora de la visita ya pasó: indique una hora desde las {clock.local(now):%H:%M} de hoy.",
                      code="past_time")
    note = cases.clean_note(note)
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 14, "programar_visita", "en_solucion")
        technician = cases.technician_for(case, technician_id) if technician_id else None
        before = db.session.get(User, case.assigned_user_id) if case.assigned_user_id else None
        case.visit_mode, case.visit_at = mode, visit_at
        case.assigned_user_id = technician.id if technician else None
        detail = f"{cases.VISIT_MODES[mode]}, {clock.local(visit_at):%d/%m/%Y %H:%M}"
        if technician:
            detail += f", técnico {technician.display_name}"
        elif before is not None:  # said in the history: the visit leaves that technician's «Mi bandeja»
            detail += f", sin técnico (antes {before.display_name})"
        cases.act(case, 14, "programa_visita", actor=actor, now=now, note=detail + (f". {note}" if note else ""),
            to="en_solucion")
        return cases.done(case, "visit scheduled", actor)


def record_solution(case_id: int, *, outcome: str, satisfied: bool | None = None, note: str = "",
                    actor: Actor, now: datetime) -> Top10Case:
    """Steps 15–16: USM solves and monitors; 15.1 a remote solution is confirmed with the customer. Every
    report is entered in the planilla (16); a technician's work goes to the operations centre (17–18)."""
    cases.require_role(actor, 15, "top10_usm")
    if outcome not in cases.SOLUTION_OUTCOMES:
        raise Invalid("Elija el resultado: monitoreo, solución remota, solucionado en la visita o requiere técnico.",
                      code="invalid_outcome")
    if outcome == "remota" and satisfied is None:
        raise Invalid("Indique si el cliente quedó satisfecho con la solución remota (15.1).",
                      code="missing_satisfaction")
    note = cases.clean_note(note, required=outcome == "monitoreo")
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 15, "programar_visita", "en_solucion")
        if outcome == "remota":
            case.satisfied = satisfied
            verdict = "cliente satisfecho" if satisfied else "cliente no satisfecho"
            cases.act(case, 15, "solucion_remota", actor=actor, now=now, substep="15.1",
                note=verdict + (f". {note}" if note else ""))
            target = "control_calidad" if satisfied else "en_solucion"
        elif outcome == "visita":
            _expect_visit_came(case, now)
            cases.act(case, 15, "solucion_visita", actor=actor, now=now, note=note)
            target = "control_calidad"
        elif outcome == "requiere_tecnico":
            cases.act(case, 15, "requiere_tecnico", actor=actor, now=now, note=note)
            target = "control_co"
        else:
            cases.act(case, 15, "monitoreo", actor=actor, now=now, note=note)
            target = "en_solucion"
        cases.act(case, 16, "informa_planilla", actor=actor, now=now, to=target)
        if target == "control_calidad":
            case.satisfied = None  # the Coordinador de Calidad's check (11.1) is the one that closes
            cases.act(case, 11, "pasa_control", actor=actor, now=now)
        return cases.done(case, f"solution {outcome}", actor)


def _expect_visit_came(case: Top10Case, now: datetime) -> None:
    """«Solucionado en la visita» records a visit made: refused with no visit agreed, or before its day."""
    if cases.visit_has_come(case, now):
        return
    visit = cases.pending_visit(case)
    if visit is None:
        raise IllegalTransition("No hay una visita programada: programe la visita (paso 14) antes de registrar "
                                "«Solucionado en la visita».", code="no_visit")
    raise IllegalTransition(f"La visita está programada para el {clock.local(visit):%d/%m/%Y a las %H:%M}: "
                            "registre «Solucionado en la visita» desde ese día.", code="visit_ahead")


# --- steps 17–19 ---------------------------------------------------------------------------------------

def control_note(case_id: int, *, note: str, actor: Actor, now: datetime) -> Top10Case:
    """Step 17 (17.1): the operations supervisor's online support and monitoring note, on any open case."""
    cases.require_role(actor, 17, "supervisor_co")
    note = cases.clean_note(note, required=True)
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 17, *cases.OPEN_STATUSES)
        cases.act(case, 17, "control", actor=actor, now=now, substep="17.1", note=note)
        case.updated_at = now
        return cases.done(case, "control note", actor)


def prioritise(case_id: int, *, technician_id: int | None, note: str = "", actor: Actor,
               now: datetime) -> Top10Case:
    """Steps 17–18: the operations supervisor gives the repeated damage report priority with a technician."""
    cases.require_role(actor, 18, "supervisor_co")
    note = cases.clean_note(note)
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 18, "control_co")
        technician = cases.technician_for(case, technician_id)
        case.assigned_user_id, case.priority = technician.id, True
        cases.act(case, 17, "control", actor=actor, now=now, note=note)
        cases.act(case, 18, "prioriza", actor=actor, now=now, substep="18.1",
            note=f"Técnico {technician.display_name}", to="trabajo_tecnico")
        return cases.done(case, "prioritised", actor)


def close_work(case_id: int, *, work_order: str, note: str = "", actor: Actor, now: datetime) -> Top10Case:
    """Step 19: the work done is reported and the work order closed (19.3), by the role the setting
    `top10_work_order_closer` names; the attended order goes to the quality check (11) before the case is
    closed (19.3: «realizado el control de calidad»)."""
    cases.require_role(actor, 19, cases.work_order_closer())  # 19.3: the operator, or the technician
    work_order = cases.clean_note(work_order, "Orden de trabajo", required=True)
    if len(work_order) > 40:
        raise Invalid("«Orden de trabajo» no puede pasar de 40 caracteres.", code="too_long")
    note = cases.clean_note(note)
    with unit_of_work():
        case = cases.load_case(case_id)
        cases.expect_status(case, 19, "trabajo_tecnico")
        if cases.other_technician(case, actor):
            raise Forbidden("Este trabajo está asignado a otro Técnico Multiservicios.", code="other_technician")
        case.work_order = work_order
        cases.act(case, 19, "cierra_ot", actor=actor, now=now, substep="19.3", note=f"OT {work_order}"
            + (f". {note}" if note else ""))
        case.satisfied = None
        cases.act(case, 11, "pasa_control", actor=actor, now=now, to="control_calidad")
        return cases.done(case, "work done, to quality control", actor)


