"""Step 17, the «Planilla de Control y Seguimiento en Línea», at least as good as the shared spreadsheet it
replaces: filters (step, role, owner, segment, operations centre, overdue) and search, a due date per step
(setting `top10_step_days`; the daily quality check of step 11: `top10_quality_days`; not before an agreed
visit's day) with overdue rows marked (`deadlines`, which «Mi bandeja» shows too, its rows in that order: `by_due`),
the closed-case history, and CSV/XLSX of exactly what is filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select

from core import clock, exports, settings
from core.extensions import db
from core.models import Top10Action, Top10Case
from core.top10.cases import OPEN_STATUSES, STATUSES, action_label, owner_label, pending_visit, step_role


@dataclass(frozen=True)
class Filters:
    status: str = ""  # a status code (the step it waits on)
    role: str = ""
    owner: int | None = None  # the person assigned (technician)
    segment: str = ""
    zone: str = ""  # zone / operations centre
    overdue: bool = False
    search: str = ""  # account, name, phone, address, contact, report number
    closed: bool = False  # the closed-case history instead of the open cases


@dataclass
class SheetRow:
    case: Top10Case
    step: str
    status: str
    owner: str
    days_open: int
    last_action: Top10Action | None
    due: date | None = None
    overdue: bool = False


def step_days(status: str = "") -> int:
    """Days a case has to leave `status` (calendar days, counted from the day it arrived): the quality check
    (step 11, «diario» in the procedure) has its own setting, every other step `top10_step_days`."""
    return int(settings.get("top10_quality_days" if status == "control_calidad" else "top10_step_days"))


@dataclass(frozen=True)
class Deadline:
    due: date | None  # None once closed
    overdue: bool


def deadlines(found: list[Top10Case], now: datetime) -> dict[int, Deadline]:
    """Each case's due date and whether it is overdue: the sheet's «Vence» and every role's «Mi bandeja». A step
    is due `step_days` calendar days after the case reached it; while a visit is agreed (steps 15–19) not before
    the visit's day, since the case waits on an appointment made with the customer."""
    entered = _entered([item.id for item in found if item.is_open])
    today = clock.business_day(now)
    result = {}
    for item in found:
        due = None
        if item.is_open:
            due = clock.business_day(entered.get(item.id, item.created_at)) + timedelta(days=step_days(item.status))
            visit = pending_visit(item)
            if visit is not None:
                due = max(due, clock.business_day(visit))
        result[item.id] = Deadline(due=due, overdue=due is not None and due < today)
    return result


def by_due(found: list[Top10Case], now: datetime) -> tuple[list[Top10Case], dict[int, Deadline]]:
    """«Mi bandeja» in the order its people work it: the overdue first (the longest overdue on top), then the
    soonest due, then any without a due date; ties by the Top 10 rank (then the week). With `deadlines`."""
    due = deadlines(found, now)
    def key(item: Top10Case) -> tuple[bool, date, int, str, int]:
        line = due[item.id]
        return (line.due is None, line.due or date.max, item.rank, item.week, item.id)
    return sorted(found, key=key), due


def _entered(case_ids: list[int]) -> dict[int, datetime]:
    """When each case entered its current status (its last action that changed the status)."""
    if not case_ids:
        return {}
    return dict(db.session.execute(select(Top10Action.case_id, func.max(Top10Action.at)).where(
        Top10Action.case_id.in_(case_ids), Top10Action.from_status != Top10Action.to_status)
        .group_by(Top10Action.case_id)).all())


def control_sheet(now: datetime, filters: Filters | None = None) -> list[SheetRow]:
    filters = filters or Filters()
    stmt = select(Top10Case)
    if filters.closed:
        stmt = stmt.where(Top10Case.status == "cerrado").order_by(Top10Case.closed_at.desc())
    else:
        stmt = stmt.where(Top10Case.status.in_(OPEN_STATUSES)).order_by(
            Top10Case.priority.desc(), Top10Case.created_at, Top10Case.rank)
    if filters.status:
        stmt = stmt.where(Top10Case.status == filters.status)
    if filters.role:  # who records the step now (step 19: the setting's role), as the «Responsable» column
        stmt = stmt.where(Top10Case.status.in_([code for code in OPEN_STATUSES if step_role(code) == filters.role]))
    if filters.owner:
        stmt = stmt.where(Top10Case.assigned_user_id == filters.owner)
    if filters.segment:
        stmt = stmt.where(Top10Case.segment == filters.segment)
    if filters.zone:
        stmt = stmt.where(Top10Case.zone == filters.zone)
    if filters.search:
        like = f"%{filters.search.lower()}%"
        stmt = stmt.where(or_(*(func.lower(column).like(like) for column in (
            Top10Case.customer_code, Top10Case.customer_name, Top10Case.phone, Top10Case.address,
            Top10Case.contact_person, Top10Case.report_numbers))))
    found = list(db.session.scalars(stmt))
    ids = [c.id for c in found]
    last_ids = dict(db.session.execute(select(Top10Action.case_id, func.max(Top10Action.id))
                                       .where(Top10Action.case_id.in_(ids)).group_by(Top10Action.case_id)).all()) \
        if ids else {}
    last = {a.case_id: a for a in db.session.scalars(select(Top10Action).where(
        Top10Action.id.in_(list(last_ids.values()))))} if last_ids else {}
    due = deadlines(found, now)
    today = clock.business_day(now)
    rows = []
    for item in found:
        status = STATUSES[item.status]
        row = SheetRow(case=item, step=status.steps, status=status.label, owner=owner_label(item),
                       days_open=(today - clock.business_day(item.created_at)).days, last_action=last.get(item.id),
                       due=due[item.id].due, overdue=due[item.id].overdue)
        if filters.overdue and not row.overdue:
            continue
        rows.append(row)
    return rows


def choices() -> dict[str, list[str]]:
    """The values the segment and operations-centre filters offer."""
    def distinct(column: object) -> list[str]:
        return [v for v in db.session.scalars(select(column).distinct().order_by(column)) if v]

    return {"segments": distinct(Top10Case.segment), "zones": distinct(Top10Case.zone)}


HEADER = ["Caso", "Cuenta", "Cliente", "Segmento", "Teléfono", "Dirección", "Zona / Centro de Operaciones",
          "Persona de contacto", "Paso", "Estado", "Responsable", "Visita", "Vence", "Vencido", "Días abierto",
          "Reportes reiterados", "Última acción", "Cerrado"]


def last_action_text(action: Top10Action | None) -> str:
    """What the sheet's «Última acción» cell says, in words: the action, who and when."""
    if action is None:
        return ""
    return f"{action_label(action.action)} ({action.actor_name}, {clock.local(action.at):%d/%m/%Y %H:%M})"


def export_rows(rows: list[SheetRow]) -> list[list[object]]:
    return [[r.case.id, r.case.customer_code, r.case.customer_name, r.case.segment, r.case.phone, r.case.address,
             r.case.zone, r.case.contact_person, r.step, r.status, r.owner, pending_visit(r.case), r.due or "",
             "Sí" if r.overdue else "No", r.days_open, r.case.repeat_count, last_action_text(r.last_action),
             r.case.closed_at]
            for r in rows]


def export(rows: list[SheetRow], fmt: str) -> bytes:
    if fmt == "csv":
        return exports.to_csv([HEADER, *export_rows(rows)])
    return exports.to_xlsx([HEADER, *export_rows(rows)], title="Planilla Top 10")
