"""Top 10 cases: the statuses a case goes through (which step, which role), the labels the screens show, and
the helpers every workflow step shares: load, check, move, record, notify. The steps are in workflow.py."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core import clock, settings, validation
from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from core.extensions import db
from core.models import Top10Action, Top10Case, User
from core.realtime import outbox
from core.roles import ROLES, TOP10_ROLES
from core.top10 import centres

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
# Where the visit scheduled at step 14 still lies ahead: its solution (15–16) and, when it needs the technician's
# work, the priority and that work (17–19). Anywhere else it was made or no longer applies (back at 14 after an
# unsatisfied customer, in the quality check, closed): no screen shows it; the history keeps it (step 14's note).
VISIT_STATUSES = ("en_solucion", "control_co", "trabajo_tecnico")

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
    "nuevo_reporte": "Nuevo reporte de daño sumado al caso abierto",
    "reabierto": "Caso reabierto: reporte reiterado después del cierre",
    "reporte_tardio": "Reporte de daño anterior al cierre, importado después: sumado sin reabrir el caso",
    "visita_oficina": "Visitó la oficina",
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
    "requiere_tecnico": "Requiere trabajo del técnico: pasa al Centro de Operaciones",
    "solucion_remota": "Solución remota: cliente contactado",
    "solucion_visita": "Daño solucionado en la visita",
    "pasa_control": "Orden atendida: pasa al control de calidad antes del cierre",
    "informa_planilla": "Informado en la planilla de seguimiento Top 10",
    "control": "Control en la planilla en línea",
    "prioriza": "Prioridad coordinada con el Técnico Multiservicios",
    "cierra_ot": "Trabajo efectuado: orden de trabajo / reporte de daño por cerrar",
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
    "visita": "Solucionado en la visita",
    "requiere_tecnico": "Requiere trabajo del técnico",
}


TOP10_ROLE_CODES = TOP10_ROLES  # the sheet's role filter


# --- helpers ------------------------------------------------------------------------------------------

def status_label(code: str) -> str:
    return STATUSES[code].label if code in STATUSES else code


def action_label(code: str) -> str:
    """The Spanish sentence of a recorded action, wherever one is shown or exported."""
    return ACTIONS.get(code, code)


def role_label(role: str) -> str:
    return ROLES.get(role, role)


def clean_note(value: str | None, label: str = "Observación", *, required: bool = False) -> str:
    return validation.text(value, label, max_len=NOTE_MAX, required=required)


def lowered(title: str) -> str:
    return title[:1].lower() + title[1:]


def require_role(actor: Actor, step: int, *roles: str) -> None:
    if not actor.has_role(*roles):
        names = " o ".join(role_label(r) for r in roles)
        raise Forbidden(f"El paso {step} ({lowered(STEP_TITLES[step])}) corresponde a: {names}.",
                        code="wrong_role")


def load_case(case_id: int, *, lock: bool = True) -> Top10Case:
    stmt = select(Top10Case).where(Top10Case.id == case_id)
    if lock:
        stmt = stmt.with_for_update()
    case = db.session.scalars(stmt).first()
    if case is None:
        raise NotFound("No existe ese caso Top 10.", code="unknown_case")
    return case


def expect_status(case: Top10Case, step: int, *statuses: str) -> None:
    if case.status not in statuses:
        raise IllegalTransition(
            f"El caso de {case.customer_code} está en «{status_label(case.status)}»: el paso {step} "
            f"({lowered(STEP_TITLES[step])}) no corresponde ahora.", code="illegal_step")


def user_with_role(user_id: int | None, role: str, label: str) -> User:
    user = db.session.get(User, user_id) if user_id else None
    if user is None or not user.active or role not in user.roles:
        raise Invalid(f"Elija un {label} válido.", code="unknown_user")
    return user


def move(case: Top10Case, status: str, now: datetime) -> None:
    case.status = status
    case.assigned_role = STATUSES[status].role
    case.updated_at = now
    if status not in VISIT_STATUSES:  # the visit was made or no longer applies (VISIT_STATUSES)
        case.visit_at, case.visit_mode = None, ""
    if status == "programar_visita":
        new_visit_cycle(case)
    if status == "cerrado":
        case.closed_at = now


def new_visit_cycle(case: Top10Case) -> None:
    """Back at step 14 (a new visit, after an unsatisfied customer): what steps 14–19 and the check of the last
    cycle decided (technician, priority, work order, the customer's verdict) no longer holds, so no screen shows it
    as current; the case's history keeps every cycle."""
    case.assigned_user, case.assigned_user_id = None, None
    case.priority, case.work_order, case.satisfied = False, "", None


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


def done(case: Top10Case, what: str, actor: Actor) -> Top10Case:
    changed([case.id])
    logger.info("top10 case %s (%s): %s by %s", case.id, case.customer_code, what, actor.name)
    return case


# --- the visit -----------------------------------------------------------------------------------------------

def pending_visit(case: Top10Case) -> datetime | None:
    """The agreed visit still ahead, the only one a screen or export shows (VISIT_STATUSES); None otherwise."""
    return case.visit_at if case.status in VISIT_STATUSES else None


def visit_has_come(case: Top10Case, now: datetime) -> bool:
    """«Solucionado en la visita» needs an agreed visit whose day has come (La Paz): the procedure schedules
    visits by day (13: «personal técnico visitará su domicilio») and the crew may arrive before the hour agreed."""
    visit = pending_visit(case)
    return visit is not None and clock.business_day(visit) <= clock.business_day(now)


def without_solution(case: Top10Case) -> bool:
    """At the quality check (11) straight from the gestor's distribution (step 7, after «sin solución técnica»): no
    work order, solution or management of the claim was recorded, so Calidad asks about the service instead."""
    if case.status != "control_calidad":
        return False
    came_by = db.session.scalar(select(Top10Action.step).where(
        Top10Action.case_id == case.id, Top10Action.to_status == "control_calidad",
        Top10Action.from_status != "control_calidad").order_by(Top10Action.id.desc()).limit(1))
    return came_by == 7


def solution_outcomes(case: Top10Case, now: datetime) -> dict[str, str]:
    """The outcomes step 15 accepts now: «solucionado en la visita» only once the visit's day has come."""
    return {code: text for code, text in SOLUTION_OUTCOMES.items() if code != "visita" or visit_has_come(case, now)}


# --- what the screens offer -----------------------------------------------------------------------------

# status → (form name, step, role) offered on the case page, in order; the form is shown to that role
# ("work_order_closer": the role the setting names, see step_role).
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
    "trabajo_tecnico": (("close", 19, "work_order_closer"),),  # the role the setting names
}


def work_order_closer() -> str:
    """Who closes the work order at 19.3 (setting `top10_work_order_closer`): "operador_co" (the Operador
    Centro de Operaciones, by default) or "tecnico" (the technician who did the work)."""
    return str(settings.get("top10_work_order_closer"))


def step_role(status: str) -> str:
    """Who records the step a status waits on. Step 19 is the technician's work, but what is recorded there is the
    work order's close (19.3: the technician reports to the operator, who closes it), so it is recorded, and owned
    on every screen, by the role setting `top10_work_order_closer` names."""
    return work_order_closer() if status == "trabajo_tecnico" else STATUSES[status].role


def other_technician(case: Top10Case, actor: Actor) -> bool:
    """Step 19's work was given to someone else (step 18); the operations staff may still record it."""
    return bool(case.assigned_user_id) and actor.id != case.assigned_user_id \
        and not actor.has_role("supervisor_co", "operador_co")


def owner_label(case: Top10Case) -> str:
    """«Responsable» on the case page, the queues, the sheet and the office flag: who records the next step, and at
    step 19 the technician doing the work."""
    role = step_role(case.status)
    owner = role_label(role) if role else "—"
    if case.assigned_user is not None and case.status == "trabajo_tecnico":
        name = case.assigned_user.display_name
        owner += f" ({name})" if role == "tecnico" else f" (técnico: {name})"
    return owner


def reports_to(case: Top10Case, actor: Actor) -> str | None:
    """Step 19 on the page of the technician it was given to, where another role records the close: whom he
    reports his work to (19.1–19.2 done, 19.3 theirs). None anywhere else."""
    role = step_role(case.status)
    if case.status != "trabajo_tecnico" or case.assigned_user_id != actor.id or role == "tecnico":
        return None
    return role_label(role)


def forms_for(case: Top10Case, actor: Actor) -> list[tuple[str, int]]:
    """The step forms this actor may use on this case now (step 19's only to the technician it was given to,
    where the technician closes the work order)."""
    offered = list(dict.fromkeys((name, step) for name, step, role in FORMS.get(case.status, ())
                                 if actor.has_role(step_role(case.status) if role == "work_order_closer" else role)
                                 and not (name == "close" and other_technician(case, actor))))
    if case.is_open and actor.has_role("supervisor_co") and case.status != "control_co":
        offered.append(("control", 17))
    return offered


@dataclass(frozen=True)
class Technicians:
    """The technicians steps 14 and 18 offer, and the sentence under the list that says which they are."""

    users: list[User]
    hint: str  # "" with nothing to say: the sheet's filter, a case with no zone

    @property
    def options(self) -> list[tuple[int, str]]:
        """(id, name) for a select."""
        return [(user.id, user.display_name) for user in self.users]


def technicians(case: Top10Case | None = None) -> Technicians:
    """The active technicians; for a case, those of its Centro de Operaciones and those with no centre, or all of them
    when none of these exists (centres.py): the visit still needs one."""
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name, User.username))
    everyone = [u for u in users if "tecnico" in u.roles]
    if case is None:
        return Technicians(everyone, "")
    local = [u for u in everyone if centres.serves(u.operations_centre, case)]
    if not everyone:
        return Technicians([], "No hay ningún Técnico Multiservicios activo.")
    if not case.zone:
        return Technicians(local, "")
    if not local:
        return Technicians(everyone, f"Ningún técnico está asignado al Centro de Operaciones «{case.zone}»: se "
                                     "listan todos los técnicos.")
    if not any(u.operations_centre for u in local):
        return Technicians(local, f"Ningún técnico está asignado al Centro de Operaciones «{case.zone}»: se listan "
                                  "los que atienden todos los centros.")
    return Technicians(local, f"Técnicos del Centro de Operaciones «{case.zone}» y los que atienden todos los "
                              "centros.")


def technician_for(case: Top10Case, user_id: int | None) -> User:
    """The technician chosen at step 14 or 18: an active one, of the case's centre or of none."""
    user = user_with_role(user_id, "tecnico", "Técnico Multiservicios")
    if user not in technicians(case).users:
        raise Invalid(f"{user.display_name} es del Centro de Operaciones «{user.operations_centre}»; este caso es de "
                      f"«{case.zone}»: elija un técnico de ese centro.", code="other_centre")
    return user
