"""The Top 10 monthly indicator (seeds/001_…, «Parámetros de seguimiento»): total product cancellations of the
previous month − total cancellations of this month (Smartflex bajas, La Paz months); ≥ 1 «Aceptado», < 1
«Observado». Owned by the Responsable Equipo Atención de Incidentes.

It tells the truth: the month in progress is «Provisional» and gets no verdict until it ends, and a month with
no imported cancellations reads «Sin datos» rather than a made-up 0.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.models import Cancellation
from core.top10.detection import month_bounds, shift_month

# Who measures it, monthly (the procedure's «Indicador del procedimiento»: QUIÉN).
OWNER_ROLE = "top10_incidentes"

ACCEPTED_FROM = 1


@dataclass
class Indicator:
    month: date
    previous_month: date
    previous_count: int | None  # None: no cancellations imported for that month
    current_count: int | None
    provisional: bool  # the month has not ended yet

    @property
    def value(self) -> int | None:
        if self.previous_count is None or self.current_count is None:
            return None
        return self.previous_count - self.current_count

    @property
    def accepted(self) -> bool:
        return not self.provisional and self.value is not None and self.value >= ACCEPTED_FROM

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "Sin datos"
        if self.provisional:
            return "Provisional"
        return "Aceptado" if self.accepted else "Observado"

    @property
    def tone(self) -> str:  # the badge's colour
        return {"Aceptado": "ok", "Observado": "bad"}.get(self.verdict, "neutral")


def _counts(firsts: list[date]) -> list[int | None]:
    """Cancellations in each of these months from one query, bucketed by the same La Paz bounds; None for a
    month with nothing imported."""
    bounds = [month_bounds(first) for first in firsts]
    at = sorted(clock.as_utc(moment) for moment in db.session.scalars(select(Cancellation.cancelled_at).where(
        Cancellation.cancelled_at >= min(b[0] for b in bounds), Cancellation.cancelled_at < max(b[1] for b in bounds))))
    return [bisect_left(at, end) - bisect_left(at, begin) or None for begin, end in bounds]


def cancellations_in(first: date) -> int | None:
    """The month's cancellations, or None when nothing was imported for it."""
    return _counts([first.replace(day=1)])[0]


def monthly_indicator(first: date, *, today: date) -> Indicator:
    return indicator_history(first, today=today, months=1)[0]


def indicator_history(until: date, *, today: date, months: int = 12) -> list[Indicator]:
    """The last `months` indicators, newest first, from one query (not two counts per month)."""
    firsts = [shift_month(until.replace(day=1), -offset) for offset in range(months + 1)]
    counts = _counts(firsts)
    return [Indicator(month=firsts[i], previous_month=firsts[i + 1], previous_count=counts[i + 1],
                      current_count=counts[i], provisional=shift_month(firsts[i], 1) > today) for i in range(months)]
