"""A followed customer stays one case (issue 12): the procedure's scope (the products it covers, internet by
default) and what a new damage report does to a customer's case.

- A new in-scope report of a customer with an open case joins that case: its repeat count and report list grow
  and its owner is told live.
- A new in-scope report within the window after the customer's case closed reopens that case (back to step 2)
  and counts as a repeat after closing, the «Reporte Casos reiterados».
- A report dated before the case closed but imported after the close (Smartflex's export came late) is part of
  the damage the case already followed through quality control: it joins the closed case's reports and history,
  the gestor is told, and the case stays closed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from core import clock, settings, validation
from core.actors import Actor
from core.extensions import db
from core.models import DamageReport, Top10Case
from core.realtime import outbox
from core.top10.cases import OPEN_STATUSES, ROOM, act, changed, new_visit_cycle, role_label, step_role


def _key(text: str) -> str:
    return validation.folded(text)


def scope_terms() -> list[str]:
    """The products the procedure covers (setting `top10_products`, comma separated), normalised."""
    return [_key(term) for term in str(settings.get("top10_products")).split(",") if _key(term)]


def in_scope(product: str, terms: list[str] | None = None) -> bool:
    """A product is in scope when its name contains one of the configured terms («Internet Fibra» ⊃ «internet»).
    A report without a product (an export without that column) is counted: nothing says it is out of scope."""
    key = _key(product)
    if not key:
        return True
    return any(term in key for term in (terms if terms is not None else scope_terms()))


def notify(case: Top10Case, message: str, role: str | None = None) -> None:
    """Tell the case's owner (its step's role, or the person assigned; `role` for a closed case, which has
    none) on their Top 10 pages, after commit."""
    role = role or step_role(case.status)
    outbox.queue("top10_notice", ROOM, {"case": case.id, "role": role, "user": case.assigned_user_id,
                                        "owner": role_label(role), "message": message},
                 sequenced=False)


def _window() -> int:
    return int(settings.get("top10_window_days"))


CONTACT_FIELDS = ("phone", "address", "zone", "contact_person")
CHUNK = 500  # customer codes per query: under SQLite's bound-parameter limit


def fill_contact(case: Top10Case) -> None:
    """A new case takes each contact field from the customer's most recent report that has it."""
    recent = db.session.scalars(select(DamageReport).where(DamageReport.customer_code == case.customer_code)
                                .order_by(DamageReport.reported_at.desc()).limit(50))
    for report in recent:
        for field in CONTACT_FIELDS:
            if not getattr(case, field) and getattr(report, field):
                setattr(case, field, getattr(report, field))


def _join(case: Top10Case, report: Mapping[str, Any]) -> None:
    numbers = [n.strip() for n in case.report_numbers.split(",") if n.strip()]
    if report["number"] not in numbers:
        numbers.append(report["number"])
    case.report_numbers = ", ".join(numbers)
    case.repeat_count += 1
    case.last_report_at = max(clock.as_utc(case.last_report_at), report["reported_at"])
    for field in CONTACT_FIELDS:  # the latest export knows best
        if report.get(field):
            setattr(case, field, report[field])


@dataclass
class Absorbed:
    joined: int = 0  # joined an open case (one this import reopened included)
    # the customer codes of the closed cases this import reopened
    reopened: list[str] = dataclasses.field(default_factory=list)
    late: int = 0  # dated before their case closed: attached to it while closed
    late_reopened: int = 0  # of those, how many belong to a case a later report of this import reopened


def absorb(reports: list[Mapping[str, Any]], *, actor: Actor, now: datetime) -> Absorbed:
    """Attach newly imported reports (their records: number, customer_code, product, reported_at, contact
    fields) to their customers' cases, in the import's write transaction: how many joined an open case, which
    closed cases reopened and how many reports came late."""
    terms = scope_terms()
    reports = sorted((r for r in reports if in_scope(r.get("product", ""), terms)), key=lambda r: r["reported_at"])
    result = Absorbed()
    if not reports:
        return result
    codes = sorted({r["customer_code"] for r in reports})
    latest: dict[str, Top10Case] = {}
    for start in range(0, len(codes), CHUNK):
        for case in db.session.scalars(select(Top10Case).where(Top10Case.customer_code.in_(codes[start:start + CHUNK]))
                                       .order_by(Top10Case.id).with_for_update()):
            current = latest.get(case.customer_code)
            if current is None or case.status in OPEN_STATUSES or current.status not in OPEN_STATUSES:
                latest[case.customer_code] = case
    joined: list[int] = []
    late_cases: list[int] = []
    for report in reports:
        case = latest.get(report["customer_code"])
        number = report["number"]
        if case is None or number in case.report_numbers.split(", "):
            continue
        when = f"{clock.local(report['reported_at']):%d/%m/%Y %H:%M}"
        if case.status in OPEN_STATUSES:
            _join(case, report)
            result.joined += 1
            act(case, 1, "nuevo_reporte", actor=actor, now=now, note=f"Reporte {number} del {when}")
            notify(case, f"Nuevo reporte de daño {number} del cliente {case.customer_code} "
                         f"(caso abierto #{case.id}).")
        elif _reopens(case, report["reported_at"]):
            _join(case, report)
            case.reopened += 1
            result.reopened.append(case.customer_code)
            new_cycle(case)
            act(case, 1, "reabierto", actor=actor, now=now, to="nuevo",
                note=f"Reporte {number} del {when}, dentro de los {_window()} días del cierre")
            notify(case, f"El caso #{case.id} de {case.customer_code} se reabrió: nuevo reporte de daño "
                         f"{number} después del cierre.")
        elif _came_late(case, report["reported_at"]):
            _join(case, report)
            act(case, 1, "reporte_tardio", actor=actor, now=now, note=f"Reporte {number} del {when}")
            notify(case, f"Reporte de daño {number} del {when}, anterior al cierre del caso #{case.id} de "
                         f"{case.customer_code}: sumado al caso cerrado, que no se reabre.", role="top10_gestor")
            late_cases.append(case.id)
        else:
            continue
        case.updated_at = now
        joined.append(case.id)
    if joined:
        changed(sorted(set(joined)))
    result.late = len(late_cases)
    reopened = {case.id for case in latest.values() if case.status in OPEN_STATUSES}
    result.late_reopened = sum(1 for case_id in late_cases if case_id in reopened)
    return result


def new_cycle(case: Top10Case) -> None:
    """A reopened case starts the procedure again at step 2: what the last cycle decided (distribution,
    management, visit, technician, priority, work order, verdict) no longer holds; its actions keep it."""
    new_visit_cycle(case)
    case.closed_at = None
    case.distribution, case.management = "", ""
    case.visit_mode, case.visit_at = "", None


def _came_late(case: Top10Case, reported_at: datetime) -> bool:
    """A report dated while the case was followed (from a window before it opened to its close) that reaches
    us only after the close."""
    if case.closed_at is None or reported_at > clock.as_utc(case.closed_at):
        return False
    return reported_at >= clock.as_utc(case.created_at) - timedelta(days=_window())


def _reopens(case: Top10Case, reported_at: datetime) -> bool:
    """A report after the case closed, within the window (La Paz calendar days), reopens it."""
    if case.closed_at is None or reported_at <= clock.as_utc(case.closed_at):
        return False
    return (clock.business_day(reported_at) - clock.business_day(case.closed_at)).days <= _window()


def open_cases_by_customer(codes: list[str]) -> dict[str, Top10Case]:
    """The open case of each customer (whatever week it was generated in; the newest if ever two)."""
    if not codes:
        return {}
    return {c.customer_code: c for c in db.session.scalars(select(Top10Case).where(
        Top10Case.customer_code.in_(codes), Top10Case.status.in_(OPEN_STATUSES)).order_by(Top10Case.id))}

