"""The close of a business day's leftovers. Tickets still waiting when the office closed were never called, and
stayed «En espera» for ever: the next morning they were counted on every panel and in every «Personas delante»,
and the first «Llamar siguiente» of the day called yesterday's earliest ticket, a number nobody in the room
held. After midnight (`flask close-past-days`, a nightly timer) each one is cancelled in the system's name,
with the reason in its history; a ticket of today is never touched, so running it at any hour is safe."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select

from core import clock
from core.actors import SYSTEM
from core.extensions import db
from core.models import Ticket
from core.realtime import broadcast
from core.tickets.engine import check_transition, record
from core.tx import unit_of_work

REASON = "cierre del día: la oficina cerró antes de llamarla"
_LEFT_WAITING = (select(Ticket).where(Ticket.status == "waiting", Ticket.day < bindparam("today"))
                 .order_by(Ticket.id).with_for_update())


def close_past_days(now: datetime | None = None) -> list[Ticket]:
    """Cancel every ticket of a past business day still waiting; returns them (none on a second run)."""
    now = now or clock.now()
    with unit_of_work():
        left = list(db.session.scalars(_LEFT_WAITING, {"today": clock.business_day(now)}))
        for ticket in left:
            ticket.status = check_transition(ticket, "cancel")
            ticket.finished_at = now
            record(ticket, "cancel", SYSTEM, now, from_status="waiting", note=REASON)
            broadcast.ticket_changed(ticket, "cancel")
    return left
