"""The close of a business day's leftovers. Tickets still waiting when the office closed were never called, and
stayed «En espera» for ever: the next morning they were counted on every panel and in every «Personas delante»,
and the first «Llamar siguiente» of the day called yesterday's earliest ticket, a number nobody in the room
held. After midnight (`flask close-past-days`, a nightly timer) each one is cancelled in the system's name,
with the reason in its history; a ticket of today is never touched, so running it at any hour is safe."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select

from core import clock, tx
from core.actors import SYSTEM
from core.errors import IllegalTransition
from core.models import Ticket
from core.tickets import engine
from core.tx import unit_of_work

REASON = "cierre del día: la oficina cerró antes de llamarla"
_LEFT_WAITING = (select(Ticket.id).where(Ticket.status == "waiting", Ticket.day < bindparam("today"))
                 .order_by(Ticket.id))


def close_past_days(now: datetime | None = None) -> list[Ticket]:
    """Cancel every ticket of a past business day still waiting, in one transaction; returns them (none on a
    second run). Each goes through `engine.cancel`, the one place a ticket is cancelled (its lock, history and
    events). One a desk called meanwhile is that desk's: `waiting_only` refuses it before changing anything,
    and it is left out."""
    now = now or clock.now()
    closed: list[Ticket] = []
    with unit_of_work():
        for ticket_id in tx.run(_LEFT_WAITING, {"today": clock.business_day(now)}).scalars().all():
            try:
                closed.append(engine.cancel(ticket_id, actor=SYSTEM, reason=REASON, waiting_only=True, now=now))
            except IllegalTransition:
                continue
    return closed
