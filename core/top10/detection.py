"""Top 10 detection, the weekly reports, the case queues and the monthly indicator (seeds/001_…, DESIGN.md §6).

A Top 10 customer of ISO week W (La Paz): at least one of their damage reports dated in W repeats an earlier
one, i.e. two or more reports fall within the window (setting `top10_window_days`, 10 by default) counted
in La Paz calendar days: reports on the 1st and the 11th are 10 days apart and count. The repeat count is
the largest number of the customer's reports inside one window ending at a report of W. Ranking: repeat
count, then the most recent report, then the account code. The Top 10 and the broader Top 30 are the first
10 and 30 rows.

The monthly indicator is in indicator.py.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from core import clock, exports, formatting, settings, validation
from core.actors import Actor
from core.errors import IllegalTransition, Invalid
from core.extensions import db
from core.models import DamageReport, Top10Action, Top10Case
from core.roles import CENTRE_ROLES
from core.top10 import centres, followup
from core.top10.cases import (
    OPEN_STATUSES,
    STATUSES,
    act,
    changed,
    load_case,
    other_technician,
    require_role,
    status_label,
    step_role,
)
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
TOP_LIMITS = (10, 30)


# --- weeks and months (La Paz) -------------------------------------------------------------------------

def week_of(moment: datetime) -> str:
    year, week, _day = clock.business_day(moment).isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> str:
    match = WEEK_RE.match((text or "").strip())
    if match and validation.in_years(int(match.group(1))):
        try:
            date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
            return match.group(0)
        except ValueError:
            pass
    raise Invalid(f"La semana «{(text or '')[:20]}» no es válida (ej.: 2026-W48).", code="invalid_week")


def week_days(week: str) -> tuple[date, date]:
    """Monday and Sunday of the ISO week."""
    year, number = (int(part) for part in WEEK_RE.match(parse_week(week)).groups())
    monday = date.fromisocalendar(year, number, 1)
    return monday, monday + timedelta(days=6)


def week_choices(current: str, shown: str, weeks: int = 53) -> list[tuple[str, str]]:
    """The weeks the weekly report's picker offers, newest first: the current week and the year before it (and the
    week shown, if older), each «Semana 48 · 23–29 nov 2026». Its value is the ISO week `parse_week` reads."""
    values = [shift_week(current, -back) for back in range(weeks)]
    if shown not in values:
        values.append(shown)
    choices = []
    for week in values:
        monday, sunday = week_days(week)
        choices.append((week, f"Semana {monday.isocalendar()[1]} · {formatting.date_range(monday, sunday)}"))
    return choices


def week_bounds(week: str) -> tuple[datetime, datetime]:
    """[Monday 00:00, next Monday 00:00) in La Paz, as UTC."""
    monday, sunday = week_days(week)
    return clock.day_start(monday), clock.day_start(sunday + timedelta(days=1))


def shift_week(week: str, weeks: int) -> str:
    monday, _sunday = week_days(week)
    year, number, _day = (monday + timedelta(weeks=weeks)).isocalendar()
    return f"{year}-W{number:02d}"


def parse_month(text: str) -> date:
    match = MONTH_RE.match((text or "").strip())
    if match and validation.in_years(int(match.group(1))) and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1)
    raise Invalid(f"El mes «{(text or '')[:20]}» no es válido (ej.: 2026-11).", code="invalid_month")


def shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_bounds(first: date) -> tuple[datetime, datetime]:
    return clock.day_start(first), clock.day_start(shift_month(first, 1))


def window_days() -> int:
    return max(settings.SETTINGS["top10_window_days"].low, int(settings.get("top10_window_days")))


# --- detection -----------------------------------------------------------------------------------------

@dataclass
class TopRow:
    rank: int
    customer_code: str
    customer_name: str
    segment: str
    repeat_count: int
    report_numbers: list[str]
    first_report_at: datetime
    last_report_at: datetime
    open_reports: int
    work_orders: list[str]
    case: Top10Case | None = None


@dataclass
class WeekCases:
    """The cases step 1 opened for a week. Generating it again later in the week adds the customers who entered the
    list since, and the earlier cases stay followed even if their customer dropped out: a «Top 10» week may hold
    more than ten cases, and the week's page says so (how many a later generation added, which ones are outside
    the list now)."""

    count: int = 0
    first_at: datetime | None = None  # the first generation of step 1
    added_later: list[Top10Case] = field(default_factory=list)  # opened by a later generation
    outside: list[Top10Case] = field(default_factory=list)  # followed, but no longer in the list shown

    @property
    def last_at(self) -> datetime | None:
        return max((c.created_at for c in self.added_later), default=self.first_at)


@dataclass
class WeeklyList:
    week: str
    window_days: int
    limit: int
    total: int  # customers detected, before the limit
    rows: list[TopRow] = field(default_factory=list)
    cases: WeekCases = field(default_factory=WeekCases)


def detect(week: str, *, window: int | None = None) -> list[TopRow]:
    """Every repeated customer of the week, ranked (see the module docstring)."""
    window = window or window_days()
    start, end = week_bounds(week)
    since = start - timedelta(days=window + 1)  # generous; the calendar-day test below decides
    reports = db.session.scalars(select(DamageReport).where(DamageReport.reported_at >= since,
                                                            DamageReport.reported_at < end)
                                 .order_by(DamageReport.customer_code, DamageReport.reported_at, DamageReport.id))
    by_customer: dict[str, list[DamageReport]] = defaultdict(list)
    terms = followup.scope_terms()
    for report in reports:
        if not followup.in_scope(report.product, terms):
            continue
        by_customer[report.customer_code].append(report)
    rows: list[TopRow] = []
    for customer, items in by_customer.items():
        days = [clock.business_day(r.reported_at) for r in items]
        best: list[DamageReport] = []
        for index, report in enumerate(items):
            if report.reported_at < start:
                continue
            inside = [items[j] for j in range(index + 1) if (days[index] - days[j]).days <= window]
            if len(inside) >= len(best):  # ties: the later window, with the most recent report
                best = inside
        if len(best) < 2:
            continue
        in_week = [r for r in items if r.reported_at >= start]
        latest = max(in_week, key=lambda r: (r.reported_at, r.id))
        named = [r for r in reversed(items) if r.customer_name]
        segmented = [r for r in reversed(items) if r.segment]
        rows.append(TopRow(
            rank=0, customer_code=customer, customer_name=named[0].customer_name if named else "",
            segment=segmented[0].segment if segmented else "", repeat_count=len(best),
            report_numbers=[r.number for r in best], first_report_at=best[0].reported_at,
            last_report_at=latest.reported_at, open_reports=sum(1 for r in best if r.closed_at is None),
            work_orders=[r.work_order for r in best if r.work_order]))
    rows.sort(key=lambda row: (-row.repeat_count, -row.last_report_at.timestamp(), row.customer_code))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


def weekly_list(week: str, limit: int = 10) -> WeeklyList:
    """The "Reporte Top 10" (limit=10) or "Reporte Top 30" (limit=30) of the week, with each row's case."""
    week = parse_week(week)
    window = window_days()
    detected = detect(week, window=window)
    rows = detected[:limit]
    cases = {c.customer_code: c for c in db.session.scalars(select(Top10Case).where(Top10Case.week == week))}
    cases.update(followup.open_cases_by_customer([row.customer_code for row in rows]))  # «Caso abierto #N»
    for row in rows:
        row.case = cases.get(row.customer_code)
    return WeeklyList(week=week, window_days=window, limit=limit, total=len(detected), rows=rows,
                      cases=week_cases(week, {row.customer_code for row in rows}))


def week_cases(week: str, listed: set[str]) -> WeekCases:
    """The week's cases, by generation of step 1 (every case of one generation has its `created_at`)."""
    found = list(db.session.scalars(select(Top10Case).where(Top10Case.week == week)
                                    .order_by(Top10Case.created_at, Top10Case.rank)))
    if not found:
        return WeekCases()
    first = found[0].created_at
    return WeekCases(count=len(found), first_at=first, added_later=[c for c in found if c.created_at > first],
                     outside=[c for c in found if c.customer_code not in listed])


@dataclass
class GenerateResult:
    created: int = 0
    existing: int = 0  # already a case this week
    followed: int = 0  # an open case from an earlier week: not duplicated
    case_ids: list[int] = field(default_factory=list)


def generate_week(week: str, *, limit: int = 10, actor: Actor, now: datetime) -> GenerateResult:
    """Step 1: the gestor obtains the week's Top 10 and opens one case per customer (idempotent)."""
    require_role(actor, 1, "top10_gestor")
    week = parse_week(week)
    if limit not in TOP_LIMITS:
        raise Invalid("El reporte es Top 10 o Top 30.", code="invalid_limit")
    if week_bounds(week)[0] > now:
        raise Invalid("Esa semana todavía no empezó.", code="future_week")
    result = GenerateResult()
    try:
        _generate(week, limit, result, actor=actor, now=now)
    except IntegrityError as error:  # another gestor generated the same week a moment earlier
        raise IllegalTransition("Los casos de esa semana se generaron al mismo tiempo desde otro equipo: "
                                "recargue la página.", code="concurrent_generation") from error
    logger.info("top10 week %s generated by %s: %d new, %d existing, %d followed", week, actor.name,
                result.created, result.existing, result.followed)
    return result


def _generate(week: str, limit: int, result: GenerateResult, *, actor: Actor, now: datetime) -> None:
    with unit_of_work():
        rows = detect(week)[:limit]
        if not rows:
            raise IllegalTransition("No hay clientes con reportes de daño reiterados en esa semana.",
                                    code="nothing_detected")
        codes = [row.customer_code for row in rows]
        this_week = set(db.session.scalars(select(Top10Case.customer_code).where(
            Top10Case.week == week, Top10Case.customer_code.in_(codes))))
        open_elsewhere = set(db.session.scalars(select(Top10Case.customer_code).where(
            Top10Case.week != week, Top10Case.customer_code.in_(codes), Top10Case.status.in_(OPEN_STATUSES))))
        for row in rows:
            if row.customer_code in this_week:
                result.existing += 1
                continue
            if row.customer_code in open_elsewhere:
                result.followed += 1
                continue
            case = Top10Case(week=week, customer_code=row.customer_code, customer_name=row.customer_name,
                             segment=row.segment, rank=row.rank, repeat_count=row.repeat_count,
                             report_numbers=", ".join(row.report_numbers), last_report_at=row.last_report_at,
                             status="nuevo", assigned_role=STATUSES["nuevo"].role, created_at=now, updated_at=now)
            followup.fill_contact(case)
            db.session.add(case)
            db.session.flush()
            act(case, 1, "obtiene_reporte", actor=actor, now=now,
                note=f"Puesto {row.rank} de la semana {week}: {row.repeat_count} reportes en {window_days()} días "
                     f"({case.report_numbers})")
            result.created += 1
            result.case_ids.append(case.id)
        if result.case_ids:
            changed(result.case_ids)


# --- exports -------------------------------------------------------------------------------------------

EXPORT_HEADER = ["Puesto", "Cuenta", "Cliente", "Segmento", "Reportes reiterados", "Reportes de daño",
                 "Primer reporte", "Último reporte", "Reportes abiertos", "Órdenes de trabajo", "Estado del caso"]


def export_rows(listing: WeeklyList) -> list[list[object]]:
    return [[row.rank, row.customer_code, row.customer_name, row.segment, row.repeat_count,
             ", ".join(row.report_numbers), row.first_report_at, row.last_report_at, row.open_reports,
             ", ".join(row.work_orders), case_text(row.case)] for row in listing.rows]


def case_text(case: Top10Case | None) -> str:
    if case is None:
        return "Sin caso"
    return f"Caso abierto #{case.id}: {status_label(case.status)}" if case.is_open else status_label(case.status)


def export_csv(listing: WeeklyList) -> bytes:
    return exports.to_csv([EXPORT_HEADER, *export_rows(listing)])


def export_xlsx(listing: WeeklyList) -> bytes:
    return exports.to_xlsx([EXPORT_HEADER, *export_rows(listing)], title=f"Top {listing.limit} {listing.week}")


# --- queues and the control sheet ----------------------------------------------------------------------

def get_case(case_id: int) -> Top10Case:
    return load_case(case_id, lock=False)


def actions(case_id: int) -> list[Top10Action]:
    return list(db.session.scalars(select(Top10Action).where(Top10Action.case_id == case_id)
                                   .order_by(Top10Action.id)))


def reports_of(found: Top10Case) -> list[DamageReport]:
    numbers = [n.strip() for n in found.report_numbers.split(",") if n.strip()]
    if not numbers:
        return []
    return list(db.session.scalars(select(DamageReport).where(DamageReport.number.in_(numbers))
                                   .order_by(DamageReport.reported_at)))


def work_queue(actor: Actor) -> list[Top10Case]:
    """Open cases waiting on a step of one of the actor's roles (a technician: theirs or unassigned), and a
    technician's visits scheduled at step 14 from the moment they are scheduled. For a user of a Centro de
    Operaciones (centres.py), the steps of the centre roles hold that centre's cases, those with no zone and those
    of a centre where nobody has the step's role."""
    # Step 19 is recorded by the role the setting names (step_role): by default every case at 19 is in the
    # Operador Centro de Operaciones' queue, and its technician's through the assignment below.
    statuses = [code for code in OPEN_STATUSES if actor.has_role(step_role(code))]
    mine = actor.kind == "user" and actor.has_role("tecnico") and not actor.has_role("supervisor_co")
    if not statuses and not mine:
        return []
    centre = centres.of(actor)
    local = [code for code in statuses if step_role(code) in CENTRE_ROLES] if centre else []
    where = Top10Case.status.in_([code for code in statuses if code not in local])
    for code in local:
        where = or_(where, (Top10Case.status == code) & centres.clause(centre, step_role(code)))
    if mine:
        where = or_(where, (Top10Case.assigned_user_id == actor.id) & Top10Case.status.in_(OPEN_STATUSES))
    stmt = select(Top10Case).where(where)
    found = list(db.session.scalars(stmt.order_by(Top10Case.priority.desc(), Top10Case.week, Top10Case.rank)))
    return [c for c in found if c.status != "trabajo_tecnico" or not other_technician(c, actor)]
