"""The Top 10 monthly indicator (seeds/001_…, «Parámetros de seguimiento»): total product cancellations of the
previous month − total cancellations of this month (Smartflex bajas, La Paz months); ≥ 1 «Aceptado», < 1
«Observado». Owned by the Responsable Equipo Atención de Incidentes.

It tells the truth: the month in progress is «Provisional» and gets no verdict until it ends, and a month with
no imported cancellations reads «Sin datos» rather than a made-up 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from core.extensions import db
from core.models import Cancellation
from core.top10.detection import month_bounds, shift_month

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


def cancellations_in(first: date) -> int | None:
    """The month's cancellations, or None when nothing was imported for it."""
    start, end = month_bounds(first)
    count = db.session.scalar(select(func.count(Cancellation.id)).where(Cancellation.cancelled_at >= start,
                                                                        Cancellation.cancelled_at < end)) or 0
    return count or None


def monthly_indicator(first: date, *, today: date) -> Indicator:
    first = first.replace(day=1)
    previous = shift_month(first, -1)
    return Indicator(month=first, previous_month=previous, previous_count=cancellations_in(previous),
                     current_count=cancellations_in(first), provisional=shift_month(first, 1) > today)


def indicator_history(until: date, *, today: date, months: int = 12) -> list[Indicator]:
    first = until.replace(day=1)
    return [monthly_indicator(shift_month(first, -offset), today=today) for offset in range(months)]
