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
- step 16: the live sheet *is* the planilla, so USM's report (15 / 15.1) is recorded as step 16 too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core import clock, validation
from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from core.extensions import db
from core.imports.columns import parse_datetime
from core.models import ROLES, Top10Action, Top10Case, User
from core.realtime import outbox
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

ROOM = "top10"
NOTE_MAX = 2000


@dataclass(frozen=True)
class Status:
    label: str
    steps: str  # the procedure's step(s) the case waits on
    role: str  # who owns that step ("" once closed)


STATUSES: dict[str, Status] = {
    "nuevo": Status("Detectado: por remitir a USM", "2", "top10_gestor"),
    "enviado_usm": Status("Remitido a USM: por recibir", "3", "top10_usm"),
    "revision_usm": Status("Revisión de factores técnicos", "4–5", "top10_usm"),
    "distribucion": Status("Sin solución técnica: por distribuir", "6", "top10_gestor"),
    "fidelizacion": Status("Fidelización: contacto con el cliente", "9–10", "fidelizacion"),
    "control_calidad": Status("Control de calidad", "11–13", "calidad"),
    "programar_visita": Status("Por programar visita", "14", "top10_usm"),
    "en_solucion": Status("Solución y monitoreo", "15–16", "top10_usm"),
    "control_co": Status("Control del Centro de Operaciones", "17–18", "supervisor_co"),
    "trabajo_tecnico": Status("Trabajo del Técnico Multiservicios", "19", "tecnico"),
    "cerrado": Status("Cerrado", "", ""),
}
OPEN_STATUSES = tuple(code for code in STATUSES if code != "cerrado")

STEP_TITLES: dict[int, str] = {
    1: "Obtiene el reporte de clientes Top 10 (semanal)",
    2: "Remite el reporte Top 10 a Analista USM, por segmento",
    3: "Recibe el reporte de clientes Top 10",
    4: "Revisa los factores técnicos",
    5: "Reporta los clientes sin solución técnica al Analista Gestor",
    6: "Distribuye para gestión",
    7: "Remite a Coordinador de Calidad",
    8: "Remite a Encargada Fidelización",
    9: "Contacta al cliente y gestiona el caso",
    10: "Coordina con el Centro de Operaciones la visita del técnico",
    11: "Control de calidad de la satisfacción del cliente",
    12: "Identifica causas de insatisfacción y envía al Centro de Operaciones",
    13: "Informa al cliente la visita del personal técnico",
    14: "Programa la visita",
    15: "Soluciona el daño y monitorea",
    16: "Informa en la planilla de seguimiento Top 10",
    17: "Control mediante la planilla de control y seguimiento en línea",
    18: "Coordina con el Técnico Multiservicios la prioridad del caso",
    19: "Efectúa el trabajo y reporta el cierre de la orden de trabajo",
}
ACTIONS: dict[str, str] = {
    "obtiene_reporte": "Caso generado del reporte Top 10 semanal",
    "remite_usm": "Reporte Top 10 remitido a Analista USM",
    "recibe": "Reporte Top 10 recibido",
    "revisa_factores": "Factores técnicos revisados",
    "sin_solucion_tecnica": "Sin solución técnica: reportado al Analista Gestor Top 10",
    "con_solucion_tecnica": "Con solución técnica: pasa a programación de visita",
    "distribuye": "Distribuido para gestión",
    "remite_calidad": "Remitido a Coordinador de Calidad",
    "remite_fidelizacion": "Remitido a Encargada Fidelización",
    "contacto_fallido": "Intento de contacto sin respuesta",
    "gestion": "Cliente contactado y caso gestionado",
    "coordina_co": "Visita de Técnico Multiservicios coordinada con el Centro de Operaciones",
    "pasa_calidad": "Gestión concluida sin técnico: pasa a control de calidad",
    "satisfecho": "Cliente satisfecho: concluye el procedimiento",
    "insatisfecho": "Cliente no satisfecho con la solución",
    "causas": "Causas identificadas y enviadas al Centro de Operaciones",
    "informa_visita": "Cliente informado de la visita del personal técnico",
    "programa_visita": "Visita programada",
    "monitoreo": "Solución en curso: monitoreo",
    "solucion_remota": "Solución remota: cliente contactado",
    "informa_planilla": "Informado en la planilla de seguimiento Top 10",
    "control": "Control en la planilla en línea",
    "prioriza": "Prioridad coordinada con el Técnico Multiservicios",
    "cierra_ot": "Trabajo efectuado: cierre de orden de trabajo / reporte de daño",
}
MANAGEMENT = {
    "migracion": "Migración del servicio",
    "plan": "Actualización de plan comercial",
    "reclamo": "Reclamo reiterado en general",
}
VISIT_MODES = {
    "usm_con_tecnico": "Analista USM con Técnico",
    "tecnico_con_usm": "Técnico con Analista USM",
}
DISTRIBUTIONS = {"fidelizacion": "Fidelización", "calidad": "Control de calidad"}
SOLUTION_OUTCOMES = {
    "monitoreo": "Sigue en solución (monitoreo)",
    "remota": "Solución remota (15.1)",
    "requiere_tecnico": "Requiere trabajo del técnico",
}


# --- helpers ------------------------------------------------------------------------------------------

def status_label(code: str) -> str:
    return STATUSES[code].label if code in STATUSES else code


def role_label(role: str) -> str:
    return ROLES.get(role, role)


def _note(value: str | None, label: str = "Observación", *, required: bool = False) -> str:
    return validation.text(value, label, max_len=NOTE_MAX, required=required)


def _lowered(title: str) -> str:
    return title[:1].lower() + title[1:]


def require_role(actor: Actor, step: int, *roles: str) -> None:
    if not actor.has_role(*roles):
        names = " o ".join(role_label(r) for r in roles)
        raise Forbidden(f"El paso {step} ({_lowered(STEP_TITLES[step])}) corresponde a: {names}.",
                        code="wrong_role")


def load_case(case_id: int, *, lock: bool = True) -> Top10Case:
    stmt = select(Top10Case).where(Top10Case.id == case_id)
    if lock:
        stmt = stmt.with_for_update()
    case = db.session.scalars(stmt).first()
    if case is None:
        raise NotFound("No existe ese caso Top 10.", code="unknown_case")
    return case


def _expect(case: Top10Case, step: int, *statuses: str) -> None:
    if case.status not in statuses:
        raise IllegalTransition(
            f"El caso de {case.customer_code} está en «{status_label(case.status)}»: el paso {step} "
            f"({_lowered(STEP_TITLES[step])}) no corresponde ahora.", code="illegal_step")


def _user(user_id: int | None, role: str, label: str) -> User:
    user = db.session.get(User, user_id) if user_id else None
    if user is None or not user.active or role not in user.roles:
        raise Invalid(f"Elija un {label} válido.", code="unknown_user")
    return user


def move(case: Top10Case, status: str, now: datetime) -> None:
    case.status = status
    case.assigned_role = STATUSES[status].role
    case.updated_at = now
    if status == "cerrado":
        case.closed_at = now


def act(case: Top10Case, step: int, action: str, *, actor: Actor, now: datetime, note: str = "",
        substep: str = "", to: str | None = None) -> Top10Action:
    """Append one action; with `to`, move the case first (the row keeps from → to)."""
    before = case.status
    if to is not None:
        move(case, to, now)
    row = Top10Action(case_id=case.id, step=step, substep=substep, action=action, note=note, from_status=before,
                      to_status=case.status, user_id=actor.id if actor.kind == "user" else None,
                      actor_name=actor.name, at=now)
    db.session.add(row)
    return row


def changed(case_ids: list[int]) -> None:
    """The live control sheet refreshes after commit (unsequenced: it re-reads the whole sheet)."""
    outbox.queue("top10_changed", ROOM, {"cases": case_ids}, sequenced=False)


def _done(case: Top10Case, what: str, actor: Actor) -> Top10Case:
    changed([case.id])
    logger.info("top10 case %s (%s): %s by %s", case.id, case.customer_code, what, actor.name)
    return case


# --- steps 2–3: the weekly report goes to USM ---------------------------------------------------------

def _week_cases(week: str | None, status: str, *, segment: str | None, case_id: int | None) -> list[Top10Case]:
    if week is None and case_id is None:
        raise Invalid("Indique la semana o el caso.", code="missing_week")
    stmt = select(Top10Case).where(Top10Case.status == status).order_by(Top10Case.rank)
    if week is not None:
        stmt = stmt.where(Top10Case.week == week)
    if segment:
        stmt = stmt.where(Top10Case.segment == segment)
    if case_id is not None:
        stmt = stmt.where(Top10Case.id == case_id)
    return list(db.session.scalars(stmt.with_for_update()))


def send_to_usm(week: str | None, *, segment: str | None = None, case_id: int | None = None, actor: Actor,
                now: datetime) -> int:
    """Step 2 (2.1): the gestor sends the week's new cases (of one segment, or all) to Analista USM."""
    require_role(actor, 2, "top10_gestor")
    with unit_of_work():
        cases = _week_cases(week, "nuevo", segment=segment, case_id=case_id)
        if not cases:
            raise IllegalTransition("No hay casos detectados por remitir a USM"
                                    + (f" en el segmento «{segment}»." if segment else "."), code="nothing_to_send")
        for case in cases:
            note = f"Segmento (nivel de facturación): {case.segment or 'sin segmento'}"
            act(case, 2, "remite_usm", actor=actor, now=now, note=note, substep="2.1", to="enviado_usm")
        changed([c.id for c in cases])
    logger.info("top10 week %s: %d cases sent to USM by %s", week, len(cases), actor.name)
    return len(cases)


def receive(week: str | None, *, case_id: int | None = None, actor: Actor, now: datetime) -> int:
    """Step 3: Analista USM acknowledges the weekly report."""
    require_role(actor, 3, "top10_usm")
    with unit_of_work():
        cases = _week_cases(week, "enviado_usm", segment=None, case_id=case_id)
        if not cases:
            raise IllegalTransition("No hay casos remitidos a USM por recibir.",
                                    code="nothing_to_receive")
        for case in cases:
            act(case, 3, "recibe", actor=actor, now=now, to="revision_usm")
        changed([c.id for c in cases])
    return len(cases)


# --- steps 4–8 -----------------------------------------------------------------------------------------

def review(case_id: int, *, factors: str, technical_solution: bool, actor: Actor, now: datetime) -> Top10Case:
    """Steps 4–5: USM notes the technical factors; without a technical solution the case goes back to the
    gestor, with one it stays with USM for a visit."""
    require_role(actor, 4, "top10_usm")
    factors = _note(factors, "Factores técnicos revisados", required=True)
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 4, "revision_usm")
        act(case, 4, "revisa_factores", actor=actor, now=now, note=factors)
        if technical_solution:
            act(case, 4, "con_solucion_tecnica", actor=actor, now=now, to="programar_visita")
        else:
            act(case, 5, "sin_solucion_tecnica", actor=actor, now=now, to="distribucion")
        return _done(case, "reviewed", actor)


def distribute(case_id: int, *, to: str, note: str = "", actor: Actor, now: datetime) -> Top10Case:
    """Step 6, then 8 (fidelización) or 7 (control de calidad)."""
    require_role(actor, 6, "top10_gestor")
    if to not in DISTRIBUTIONS:
        raise Invalid("Elija a quién distribuir el caso: Fidelización o Control de calidad.", code="invalid_target")
    note = _note(note)
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 6, "distribucion")
        case.distribution = to
        act(case, 6, "distribuye", actor=actor, now=now, note=note or f"Para {DISTRIBUTIONS[to].lower()}")
        if to == "fidelizacion":
            act(case, 8, "remite_fidelizacion", actor=actor, now=now, to="fidelizacion")
        else:
            act(case, 7, "remite_calidad", actor=actor, now=now, to="control_calidad")
        return _done(case, f"distributed to {to}", actor)


# --- steps 9–13 ----------------------------------------------------------------------------------------

def record_contact(case_id: int, *, reached: bool, management: str = "", note: str = "",
                   needs_technician: bool = False, actor: Actor, now: datetime) -> Top10Case:
    """Steps 9–10: fidelización calls the customer; 9.1 the management; 10 a technician visit if needed."""
    require_role(actor, 9, "fidelizacion")
    note = _note(note, required=not reached)
    if reached and management not in MANAGEMENT:
        raise Invalid("Elija la gestión realizada: migración del servicio, actualización de plan comercial o "
                      "reclamo reiterado.", code="invalid_management")
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 9, "fidelizacion")
        if not reached:
            act(case, 9, "contacto_fallido", actor=actor, now=now, note=note)
            return _done(case, "call attempt", actor)
        case.management = management
        act(case, 9, "gestion", actor=actor, now=now, substep="9.1",
            note=f"{MANAGEMENT[management]}" + (f". {note}" if note else ""))
        if needs_technician:
            act(case, 10, "coordina_co", actor=actor, now=now, to="programar_visita")
        else:
            act(case, 9, "pasa_calidad", actor=actor, now=now, to="control_calidad")
        return _done(case, "contacted", actor)


def quality_check(case_id: int, *, satisfied: bool, causes: str = "", customer_informed: bool = False,
                  note: str = "", actor: Actor, now: datetime) -> Top10Case:
    """Steps 11–13: the daily satisfaction check. Satisfied closes the case; otherwise the causes go to the
    operations centre and the customer is told a technician will visit."""
    require_role(actor, 11, "calidad")
    note = _note(note)
    if not satisfied:
        causes = _note(causes, "Causas de insatisfacción", required=True)
        if not customer_informed:
            raise Invalid("Confirme que informó al cliente que el personal técnico visitará su domicilio (paso 13).",
                          code="customer_not_informed")
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 11, "control_calidad")
        case.satisfied = satisfied
        if satisfied:
            act(case, 11, "satisfecho", actor=actor, now=now, substep="11.1", note=note, to="cerrado")
        else:
            act(case, 11, "insatisfecho", actor=actor, now=now, substep="11.1", note=note)
            act(case, 12, "causas", actor=actor, now=now, note=causes)
            act(case, 13, "informa_visita", actor=actor, now=now, to="programar_visita")
        return _done(case, "quality check", actor)


# --- steps 14–16: USM ----------------------------------------------------------------------------------

def schedule_visit(case_id: int, *, mode: str, visit_at: datetime | str, technician_id: int | None = None,
                   note: str = "", actor: Actor, now: datetime) -> Top10Case:
    """Step 14: USM schedules the visit (USM with a technician, or a technician with USM); may reschedule."""
    require_role(actor, 14, "top10_usm")
    if mode not in VISIT_MODES:
        raise Invalid("Elija el tipo de visita: Analista USM con Técnico o Técnico con Analista USM.",
                      code="invalid_visit_mode")
    if isinstance(visit_at, str):
        try:
            visit_at = parse_datetime(visit_at)
        except ValueError:
            raise Invalid("Indique la fecha y hora de la visita.", code="invalid_date") from None
    if clock.business_day(visit_at) < clock.business_day(now):
        raise Invalid("La fecha de la visita ya pasó.", code="past_date")
    note = _note(note)
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 14, "programar_visita", "en_solucion")
        technician = _user(technician_id, "tecnico", "Técnico Multiservicios") if technician_id else None
        case.visit_mode, case.visit_at = mode, visit_at
        case.assigned_user_id = technician.id if technician else None
        detail = f"{VISIT_MODES[mode]}, {clock.local(visit_at):%d/%m/%Y %H:%M}"
        if technician:
            detail += f", técnico {technician.display_name}"
        act(case, 14, "programa_visita", actor=actor, now=now, note=detail + (f". {note}" if note else ""),
            to="en_solucion")
        return _done(case, "visit scheduled", actor)


def record_solution(case_id: int, *, outcome: str, satisfied: bool | None = None, note: str = "",
                    actor: Actor, now: datetime) -> Top10Case:
    """Steps 15–16: USM solves and monitors; 15.1 a remote solution is confirmed with the customer. Every
    report is entered in the planilla (16); a technician's work goes to the operations centre (17–18)."""
    require_role(actor, 15, "top10_usm")
    if outcome not in SOLUTION_OUTCOMES:
        raise Invalid("Elija el resultado: monitoreo, solución remota o requiere técnico.", code="invalid_outcome")
    if outcome == "remota" and satisfied is None:
        raise Invalid("Indique si el cliente quedó satisfecho con la solución remota (15.1).",
                      code="missing_satisfaction")
    note = _note(note, required=outcome == "monitoreo")
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 15, "programar_visita", "en_solucion")
        if outcome == "remota":
            case.satisfied = satisfied
            verdict = "cliente satisfecho" if satisfied else "cliente no satisfecho"
            act(case, 15, "solucion_remota", actor=actor, now=now, substep="15.1",
                note=verdict + (f". {note}" if note else ""))
            target = "cerrado" if satisfied else "en_solucion"
        else:
            act(case, 15, "monitoreo", actor=actor, now=now, note=note)
            target = "control_co" if outcome == "requiere_tecnico" else "en_solucion"
        act(case, 16, "informa_planilla", actor=actor, now=now, to=target)
        return _done(case, f"solution {outcome}", actor)


# --- steps 17–19 ---------------------------------------------------------------------------------------

def control_note(case_id: int, *, note: str, actor: Actor, now: datetime) -> Top10Case:
    """Step 17 (17.1): the operations supervisor's online support and monitoring note, on any open case."""
    require_role(actor, 17, "supervisor_co")
    note = _note(note, required=True)
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 17, *OPEN_STATUSES)
        act(case, 17, "control", actor=actor, now=now, substep="17.1", note=note)
        case.updated_at = now
        return _done(case, "control note", actor)


def prioritise(case_id: int, *, technician_id: int | None, note: str = "", actor: Actor,
               now: datetime) -> Top10Case:
    """Steps 17–18: the operations supervisor gives the repeated damage report priority with a technician."""
    require_role(actor, 18, "supervisor_co")
    note = _note(note)
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 18, "control_co")
        technician = _user(technician_id, "tecnico", "Técnico Multiservicios")
        case.assigned_user_id, case.priority = technician.id, True
        act(case, 17, "control", actor=actor, now=now, note=note)
        act(case, 18, "prioriza", actor=actor, now=now, substep="18.1",
            note=f"Técnico {technician.display_name}", to="trabajo_tecnico")
        return _done(case, "prioritised", actor)


def close_work(case_id: int, *, work_order: str, note: str = "", actor: Actor, now: datetime) -> Top10Case:
    """Step 19: the technician reports the work done so the work order / damage report is closed."""
    require_role(actor, 19, "tecnico")
    work_order = _note(work_order, "Orden de trabajo", required=True)
    if len(work_order) > 40:
        raise Invalid("«Orden de trabajo» no puede pasar de 40 caracteres.", code="too_long")
    note = _note(note)
    with unit_of_work():
        case = load_case(case_id)
        _expect(case, 19, "trabajo_tecnico")
        if case.assigned_user_id and actor.id != case.assigned_user_id and not actor.has_role("supervisor_co"):
            raise Forbidden("Este trabajo está asignado a otro Técnico Multiservicios.", code="other_technician")
        case.work_order = work_order
        act(case, 19, "cierra_ot", actor=actor, now=now, substep="19.3", note=f"OT {work_order}"
            + (f". {note}" if note else ""), to="cerrado")
        return _done(case, "work order closed", actor)


# --- what the screens offer -----------------------------------------------------------------------------

# status → (form name, step) offered on the case page, in order; the form is shown to the step's role.
FORMS: dict[str, tuple[tuple[str, int, str], ...]] = {
    "nuevo": (("send", 2, "top10_gestor"),),
    "enviado_usm": (("receive", 3, "top10_usm"),),
    "revision_usm": (("review", 4, "top10_usm"),),
    "distribucion": (("distribute", 6, "top10_gestor"),),
    "fidelizacion": (("contact", 9, "fidelizacion"),),
    "control_calidad": (("quality", 11, "calidad"),),
    "programar_visita": (("schedule", 14, "top10_usm"), ("solution", 15, "top10_usm")),
    "en_solucion": (("solution", 15, "top10_usm"), ("schedule", 14, "top10_usm")),
    "control_co": (("prioritise", 18, "supervisor_co"),),
    "trabajo_tecnico": (("close", 19, "tecnico"),),
}


def forms_for(case: Top10Case, actor: Actor) -> list[tuple[str, int]]:
    """The step forms this actor may use on this case now."""
    offered = [(name, step) for name, step, role in FORMS.get(case.status, ()) if actor.has_role(role)]
    if case.is_open and actor.has_role("supervisor_co") and case.status != "control_co":
        offered.append(("control", 17))
    return offered


def technicians() -> list[User]:
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name, User.username))
    return [u for u in users if "tecnico" in u.roles]
