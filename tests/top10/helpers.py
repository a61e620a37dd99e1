"""Builders for the Top 10 tests: Smartflex exports written as the customer's files are, and cases moved
through the real workflow."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from core.actors import Actor
from core.models import Top10Case
from core.top10 import cases, detection, report_import, workflow
from tests.helpers import actor_for

LA_PAZ = ZoneInfo("America/La_Paz")
NOW = datetime(2026, 11, 27, 11, 0, tzinfo=LA_PAZ)  # Friday of ISO week 2026-W48 (23–29 November)
WEEK = "2026-W48"
DAMAGE_HEADER = ["Nro Reporte", "Cuenta", "Cliente", "Segmento", "Producto", "Fecha Reporte", "Fecha Cierre",
                 "Orden de Trabajo", "Descripción"]
ROLES = ("top10_gestor", "top10_usm", "fidelizacion", "calidad", "supervisor_co", "tecnico", "operador_co")


def lp(day: int, hour: int = 10, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    """A La Paz moment (November 2026 unless told)."""
    return datetime(year, month, day, hour, minute, tzinfo=LA_PAZ)


def text(moment: datetime) -> str:
    return f"{moment:%d/%m/%Y %H:%M}"


def csv_bytes(header: list[str], rows: list[list[str]], delimiter: str = ";") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report(number: str, account: str, when: datetime, *, name: str = "", segment: str = "Residencial",
           closed: datetime | None = None, work_order: str = "") -> list[str]:
    return [number, account, name or f"Cliente {account}", segment, "Internet", text(when),
            text(closed) if closed else "", work_order, "Sin servicio"]


def load_reports(rows: list[list[str]], actor: Actor, now: datetime = NOW) -> report_import.ImportResult:
    return report_import.import_damage_reports(csv_bytes(DAMAGE_HEADER, rows), "reportes.csv", actor=actor, now=now)


class Team:
    """One user per Top 10 role (plus a second technician, the supervisor and a desk agent), created on first
    use: password hashing is the slow part of a test's set-up."""

    USERS = {"gestor": ("gestor", "top10_gestor"), "usm": ("usm", "top10_usm"),
             "fidelizacion": ("fideliza", "fidelizacion"), "calidad": ("calidad", "calidad"),
             "supervisor_co": ("superco", "supervisor_co"), "tecnico": ("tecnico1", "tecnico"),
             "tecnico2": ("tecnico2", "tecnico"), "supervisor": ("supervisora", "supervisor"),
             "agent": ("asesor", "agent"), "admin": ("jefe", "admin"), "jefe_division": ("jefediv", "top10_jefe"),
             "operador": ("operador1", "operador_co"), "incidentes": ("incidentes1", "top10_incidentes")}
    BY_ROLE = {"top10_gestor": "gestor", "top10_usm": "usm", "fidelizacion": "fidelizacion", "calidad": "calidad",
               "supervisor_co": "supervisor_co", "tecnico": "tecnico", "operador_co": "operador"}

    def __init__(self) -> None:
        self._made: dict[str, Actor] = {}

    def __getattr__(self, name: str) -> Actor:
        if name not in Team.USERS:
            raise AttributeError(name)
        if name not in self._made:
            self._made[name] = actor_for(*Team.USERS[name])
        return self._made[name]

    def by_role(self, role: str) -> Actor:
        return getattr(self, Team.BY_ROLE[role])


def one_case(team: Team, account: str = "100", now: datetime = NOW) -> int:
    """A customer with two reports this week, and their case generated (step 1)."""
    load_reports([report(f"R{account}-1", account, lp(23)), report(f"R{account}-2", account, lp(26))], team.gestor,
                 now)
    result = detection.generate_week(WEEK, actor=team.gestor, now=now)
    return result.case_ids[0]


# The shortest real path from a new case to each status.
PATHS: dict[str, list[str]] = {
    "nuevo": [],
    "enviado_usm": ["send"],
    "revision_usm": ["send", "receive"],
    "distribucion": ["send", "receive", "review_no"],
    "fidelizacion": ["send", "receive", "review_no", "to_fidelizacion"],
    "control_calidad": ["send", "receive", "review_no", "to_calidad"],
    "programar_visita": ["send", "receive", "review_yes"],
    "en_solucion": ["send", "receive", "review_yes", "schedule"],
    "control_co": ["send", "receive", "review_yes", "schedule", "needs_technician"],
    "trabajo_tecnico": ["send", "receive", "review_yes", "schedule", "needs_technician", "prioritise"],
}


def advance(case_id: int, status: str, team: Team, now: datetime = NOW) -> Top10Case:
    steps = {
        "send": lambda: workflow.send_to_usm(None, case_id=case_id, actor=team.gestor, now=now),
        "receive": lambda: workflow.receive(None, case_id=case_id, actor=team.usm, now=now),
        "review_no": lambda: workflow.review(case_id, factors="Nodo sin saturación", technical_solution=False,
                                             actor=team.usm, now=now),
        "review_yes": lambda: workflow.review(case_id, factors="Atenuación alta en la acometida",
                                              technical_solution=True, actor=team.usm, now=now),
        "to_fidelizacion": lambda: workflow.distribute(case_id, to="fidelizacion", actor=team.gestor, now=now),
        "to_calidad": lambda: workflow.distribute(case_id, to="calidad", actor=team.gestor, now=now),
        "schedule": lambda: workflow.schedule_visit(case_id, mode="usm_con_tecnico", visit_at=lp(28, 9),
                                                    technician_id=team.tecnico.id, actor=team.usm, now=now),
        "needs_technician": lambda: workflow.record_solution(case_id, outcome="requiere_tecnico",
                                                             note="Cambio de ONU", actor=team.usm, now=now),
        "prioritise": lambda: workflow.prioritise(case_id, technician_id=team.tecnico.id, actor=team.supervisor_co,
                                                  now=now),
    }
    for name in PATHS[status]:
        steps[name]()
    case = cases.load_case(case_id, lock=False)
    assert case.status == status
    return case
