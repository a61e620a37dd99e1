"""The staff roles with their Spanish names, and the named sets of roles each rule allows.

Every access rule names one of these sets: the route decorators (web/access.py), the Socket.IO handlers and
the domain checks (`require`). Admin passes every check (`Actor.has_role`, `User.has_role`), so no set lists it.
"""

from __future__ import annotations

from typing import Protocol

from core.errors import Forbidden


class Holder(Protocol):  # an Actor or a User
    def has_role(self, *roles: str) -> bool: ...


ROLES: dict[str, str] = {
    "admin": "Administrador",
    "supervisor": "Encargada Plataforma de Servicios",
    "reception": "Asesor Comercial de Informes (recepción)",
    "agent": "Asesor / funcionario de mesón",
    "top10_gestor": "Analista Gestor Top 10",
    "top10_usm": "Analista USM",
    "fidelizacion": "Encargada Fidelización",
    "calidad": "Coordinador de Calidad",
    "supervisor_co": "Supervisor Centro de Operaciones",
    "tecnico": "Técnico Multiservicios",
    # The other roles the procedure names (seeds/001_…): its supervisor, the indicator's owner, and who closes
    # the work order at 19.3.
    "top10_jefe": "Jefe División Gestión de la Relación Cliente",
    "top10_incidentes": "Responsable Equipo Atención de Incidentes",
    "operador_co": "Operador Centro de Operaciones",
}
TOP10_ROLES = ("top10_gestor", "top10_usm", "fidelizacion", "calidad", "supervisor_co", "tecnico", "top10_jefe",
               "top10_incidentes", "operador_co")

ADMINS = ("admin",)  # staff users and devices
SUPERVISORS = ("supervisor",)  # the admin area: office setup, printers, monitor, statistics, audit, survey check
DESK_OPERATORS = ("agent", "supervisor")  # the desk console and the desk actions, transfers
RECEPTION_STAFF = ("reception", "supervisor")  # reception, the kiosk from a PC, overrides, reprints, cancels
TICKET_ISSUERS = ("reception",)  # POST /api/v1/tickets (besides the kiosk device)
FRONT_OFFICE = ("reception", "agent", "supervisor")  # read tickets and queues, watch a waiting-room panel
TOP10_VIEWERS = (*TOP10_ROLES, "supervisor")  # the Top 10 follow-up pages and its live sheet
# Every customer's contact data at once: the «Planilla de Control y Seguimiento en Línea» (page, rows and exports) and
# the weekly Top 10/Top 30 exports. Those who run the control and the lists (seeds/001_…): the gestor obtains and sends
# the weekly report (steps 1–2), USM receives it (3) and informs the planilla (16), the Supervisor Centro de
# Operaciones controls with it (17), and the Jefe División supervises the procedure. The other roles (fidelización,
# calidad, the technician, the operator, incidentes) work their own cases: «Mi bandeja» and the case pages.
TOP10_CONTROL = ("top10_gestor", "top10_usm", "supervisor_co", "top10_jefe")
# The roles of a Centro de Operaciones (procedure: «Analista USM de Centro de Operaciones», «Centro de Operaciones
# correspondiente»): one with a centre (User.operations_centre) works that centre's cases, and the cases with no zone;
# one without a centre, like every central role (gestor, fidelización, calidad, the division head), every centre's.
CENTRE_ROLES = ("top10_usm", "supervisor_co", "operador_co", "tecnico")
# The lists of every followed customer (the weekly Top 10/Top 30, «Casos reiterados»): every Top 10 role but the
# technician, who sees only his own cases (his «Mi bandeja» and their pages: core/top10/scope.py readable_case).
TOP10_LIST_READERS = tuple(role for role in TOP10_VIEWERS if role != "tecnico")
# Smartflex imports of the Top 10: the gestor and the division head (the P01 Encargada only if given a role).
TOP10_IMPORTERS = ("top10_gestor", "top10_jefe")
# Smartflex's cancellations also by the Responsable Equipo Atención de Incidentes, who measures the monthly churn
# indicator from them (procedure «Seguimiento TOP 10» §III.2: «Sistema Smartflex», «Mensual»).
TOP10_CANCELLATION_IMPORTERS = (*TOP10_IMPORTERS, "top10_incidentes")
TOP10_CONFIGURERS = ("top10_jefe",)  # the Top 10 settings (window, scope, due dates, who closes at 19.3)
PERSONAL_DATA_READERS = ("supervisor", "reception")  # every ticket's account and notes, live (desks: their own)


def holds(mine: set[str] | frozenset[str], allowed: tuple[str, ...]) -> bool:
    """Whether someone with roles `mine` passes a check that allows `allowed`: admin passes every check."""
    return "admin" in mine or bool(mine.intersection(allowed))


def unknown_roles(roles: list[str] | tuple[str, ...]) -> list[str]:
    return [role for role in roles if role not in ROLES]


def described() -> str:
    """Every role code with its Spanish name, for a person choosing one: «admin (Administrador), …»."""
    return ", ".join(f"{code} ({label})" for code, label in ROLES.items())


def require(actor: Holder, allowed: tuple[str, ...], message: str | None = None) -> None:
    """The domain's own access check: raise `Forbidden` unless the actor holds one of `allowed` (or is admin)."""
    if not actor.has_role(*allowed):
        raise Forbidden(message)
