"""The satisfaction indicators, by semester and by month (COM-DSC-P01 §III.2, DESIGN.md §7).

P01, «clientes satisfechos con la información brindada»: the answers to reception's question (information and
routing, core/tickets/attentions.py) over the customers attended at the entrance: info-only, locate-only and
ticket. The desk-service question (core/tickets/survey.py) is a second, separate indicator.

P01's verdict is on the procedure's own formula (§III.2): satisfied ÷ total attended × 100, > 90 % «Bueno», otherwise
«Bajo» (exactly 90 % is not above it). Satisfied ÷ surveyed and the response rate (surveyed ÷ attended) are shown
beside it, labelled as what they are, so the Encargada sees how few answered; they carry no verdict, since the
threshold is the procedure's and applies to its formula. No procedure defines a threshold for the desk question:
its ratios carry no verdict. Periods are La Paz calendar days. The desk question's optional 1–5 rating is averaged
beside it, over the answers that gave one (`score_mean`, `scored`), and per desk for a range (`service_by_desk`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date
from sqlalchemy import func, select

from core import clock, validation
from core.extensions import db
from core.formatting import LOCALE
from core.models import Attention, Desk, InfoAnswer, SurveyAnswer, Ticket

NAMES = {"p01": "P01 · Información y direccionamiento", "service": "Atención en el mesón"}


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive
    label: str


def _short(day: date) -> str:
    return format_date(day, "d MMM", locale=LOCALE).rstrip(".")


def semester(day: date) -> Period:
    """The semester holding `day`: «2.º semestre 2026 (1 jul – 31 dic)»."""
    first, last, ordinal = ((date(day.year, 1, 1), date(day.year, 6, 30), "1.er") if day.month <= 6
                            else (date(day.year, 7, 1), date(day.year, 12, 31), "2.º"))
    return Period(first, last, f"{ordinal} semestre {day.year} ({_short(first)} – {_short(last)})")


def previous_semester(day: date) -> Period:
    return semester(semester(day).first - timedelta(days=1))


def month(day: date) -> Period:
    """The calendar month holding `day`: «Noviembre de 2026»."""
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Period(first, last, format_date(first, "LLLL 'de' y", locale=LOCALE).capitalize())


def months(first: date, last: date) -> list[Period]:
    """Every month that meets [first, last], in order."""
    found, cursor = [], first.replace(day=1)
    while cursor <= last:
        found.append(month(cursor))
        cursor = month(cursor).last + timedelta(days=1)
    return found


def semesters(first: date, last: date) -> list[Period]:
    found, cursor = [], first
    while cursor <= last:
        found.append(semester(cursor))
        cursor = semester(cursor).last + timedelta(days=1)
    return found


# COM-DSC-P01 §III.2 «PARÁMETRO: >90% Bueno <90% Bajo», on its formula (satisfied ÷ total attended).
GOOD_ABOVE = 90.0
# The desk question's «Resultado»: no procedure defines a threshold for it, so it gets no verdict.
NO_THRESHOLD = "Sin parámetro"


def verdict(ratio: float | None) -> str:
    if ratio is None:
        return "Sin datos"
    return "Bueno" if ratio > GOOD_ABOVE else "Bajo"


def percent(part: int, whole: int) -> float | None:
    """part ÷ whole in %, to one decimal rounded half up as a person (or a spreadsheet) rounds: 9 of 16 is 56,3 %.
    Python's round() goes half to even, and binary floats put many halves below: it showed 56,2 %."""
    if not whole:
        return None
    return float((Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _bounds(period: Period) -> tuple[datetime, datetime]:
    tz = clock.tz()
    start = datetime.combine(period.first, time(), tz)
    end = datetime.combine(period.last + timedelta(days=1), time(), tz)
    return clock.as_utc(start), clock.as_utc(end)


def _result(name: str, period: Period, attended: int, answered: int, satisfied: int, scored: int = 0,
            score_total: int = 0) -> dict[str, Any]:
    ratio = percent(satisfied, answered)
    return {"indicator": name, "indicator_label": NAMES[name], "label": period.label,
            "scored": scored, "score_mean": score_mean(score_total, scored),
            "first_day": period.first, "last_day": period.last, "attended": attended, "answered": answered,
            "satisfied": satisfied, "ratio": ratio, "response_rate": percent(answered, attended),
            "ratio_attended": percent(satisfied, attended),
            # P01 only, on its formula and the exact share: 90,04 % is above 90 % even though it shows as «90,0 %».
            "verdict": verdict(satisfied * 100 / attended if attended else None) if name == "p01" else NO_THRESHOLD}


def score_mean(total: int, count: int) -> float | None:
    """The mean of 1–5 ratings to one decimal, half up (4,25 reads «4,3»)."""
    if not count:
        return None
    return float((Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def p01(period: Period) -> dict[str, Any]:
    """P01 over the customers attended at the entrance in the period and their answers."""
    start, end = _bounds(period)
    in_period = (Attention.at >= start, Attention.at < end)
    attended = db.session.scalar(select(func.count(Attention.id)).where(*in_period)) or 0
    answered, satisfied = db.session.execute(
        select(func.count(InfoAnswer.id), func.count(InfoAnswer.id).filter(InfoAnswer.satisfied.is_(True)))
        .join(Attention, Attention.id == InfoAnswer.attention_id).where(*in_period)).one()
    return _result("p01", period, attended, answered or 0, satisfied or 0)


# P01's attended customers by what they came for (the Encargada reads where «Atendidos» comes from). A «pending»
# attention a ticket followed up later that day (core/tickets/follow_up.py) is one customer: a row of its own.
P01_KINDS = {("info", False): "Información", ("locate", False): "Ubicación", ("ticket", True): "Ficha",
             ("pending", False): "Requisitos o deuda pendientes, sin ficha",
             ("pending", True): "Requisitos o deuda pendientes, volvió y sacó ficha"}


def p01_by_kind(first: date, last: date) -> list[dict[str, Any]]:
    """P01's attended, surveyed and satisfied customers over [first, last] (La Paz days) by kind of attention, every
    kind listed (zeros included); their sum is P01's «Atendidos» for the range."""
    start, end = _bounds(Period(first, last, ""))
    followed = Attention.ticket_id.is_not(None)
    rows = db.session.execute(
        select(Attention.kind, followed, func.count(Attention.id), func.count(InfoAnswer.id),
               func.count(InfoAnswer.id).filter(InfoAnswer.satisfied.is_(True)))
        .outerjoin(InfoAnswer, InfoAnswer.attention_id == Attention.id)
        .where(Attention.at >= start, Attention.at < end).group_by(Attention.kind, followed)).all()
    counts = {(kind, bool(linked) or kind == "ticket"): numbers for kind, linked, *numbers in rows}
    return [{"kind": kind, "followed_up": kind == "pending" and linked, "label": label,
             **dict(zip(("attended", "answered", "satisfied"), counts.get((kind, linked), (0, 0, 0)), strict=True))}
            for (kind, linked), label in P01_KINDS.items()]


# The desk question's answers: how many, how many satisfied, how many gave a 1–5 rating and their sum.
_ANSWERS = (func.count(SurveyAnswer.id), func.count(SurveyAnswer.id).filter(SurveyAnswer.satisfied.is_(True)),
            func.count(SurveyAnswer.score), func.sum(SurveyAnswer.score))


def service(period: Period) -> dict[str, Any]:
    """The desk-service question over the tickets finished as attended in the period."""
    start, end = _bounds(period)
    in_period = (Ticket.status == "done", Ticket.finished_at >= start, Ticket.finished_at < end)
    attended = db.session.scalar(select(func.count(Ticket.id)).where(*in_period)) or 0
    answered, satisfied, scored, score_total = db.session.execute(
        select(*_ANSWERS).join(Ticket, Ticket.id == SurveyAnswer.ticket_id).where(*in_period)).one()
    return _result("service", period, attended, answered or 0, satisfied or 0, scored or 0, score_total or 0)


def service_by_desk(first: date, last: date) -> list[dict[str, Any]]:
    """The desk question per desk over the tickets attended in [first, last] (La Paz days), by the desk that
    finished them: who rates each desk how. Desks with no answer are left out."""
    start, end = _bounds(Period(first, last, ""))
    rows = db.session.execute(
        select(Desk.code, Desk.name, *_ANSWERS).join(Ticket, Ticket.id == SurveyAnswer.ticket_id)
        .join(Desk, Desk.id == SurveyAnswer.desk_id)
        .where(Ticket.status == "done", Ticket.finished_at >= start, Ticket.finished_at < end)
        .group_by(Desk.code, Desk.name)).all()
    return [{"code": code, "name": name, "answered": answered, "satisfied": satisfied,
             "ratio": percent(satisfied, answered), "scored": scored,
             "score_mean": score_mean(score_total or 0, scored)}
            for code, name, answered, satisfied, scored, score_total in
            sorted(rows, key=lambda row: validation.name_order(row[1]))]


EXPORT_HEADER = ["Indicador", "Período", "Desde", "Hasta", "Atendidos", "Encuestados", "Satisfechos",
                 "Satisfechos ÷ atendidos (%) (fórmula de COM-DSC-P01)", "Resultado (COM-DSC-P01: más de 90 % Bueno)",
                 "Tasa de respuesta (%)", "Satisfechos ÷ encuestados (%) (referencia, sin resultado)",
                 "Calificación media (1 a 5)", "Con calificación"]


def export_rows(first: date, last: date) -> list[list[Any]]:
    """Both indicators for every semester and month that meets [first, last], for the CSV and XLSX."""
    rows: list[list[Any]] = [EXPORT_HEADER]
    for compute in (p01, service):
        for period in [*semesters(first, last), *months(first, last)]:
            r = compute(period)
            rows.append([r["indicator_label"], r["label"], r["first_day"], r["last_day"], r["attended"],
                         r["answered"], r["satisfied"], r["ratio_attended"], r["verdict"], r["response_rate"],
                         r["ratio"], r["score_mean"], r["scored"] if r["indicator"] == "service" else None])
    return rows


P01_KIND_EXPORT_HEADER = ["P01 por tipo de atención (período elegido)", "Atendidos", "Encuestados", "Satisfechos"]


def p01_kind_export_rows(first: date, last: date) -> list[list[Any]]:
    """P01's attended customers over [first, last] by kind, as the page's table, for the CSV and XLSX."""
    return [P01_KIND_EXPORT_HEADER,
            *([r["label"], r["attended"], r["answered"], r["satisfied"]] for r in p01_by_kind(first, last))]


DESK_EXPORT_HEADER = ["Mesón (período elegido)", "Clave", "Encuestados", "Satisfechos",
                      "Satisfechos ÷ encuestados (%)", "Calificación media (1 a 5)", "Con calificación"]


def desk_export_rows(first: date, last: date) -> list[list[Any]]:
    """The desk question per desk over [first, last], as the page's «Por mesón» table, for the CSV and XLSX."""
    return [DESK_EXPORT_HEADER, *([r["name"], r["code"], r["answered"], r["satisfied"], r["ratio"], r["score_mean"],
                                   r["scored"]] for r in service_by_desk(first, last))]
