"""The close of a business day's leftovers. Tickets still waiting when the office closed were never called, and
stayed «En espera» for ever: the next morning they were counted on every panel and in every «Personas delante»,
and the first «Llamar siguiente» of the day called yesterday's earliest ticket, a number nobody in the room
held. After midnight (`flask close-past-days`, a nightly timer) each one is cancelled in the system's name,
with the reason in its history; a ticket of today is never touched, so running it at any hour is safe."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, bindparam, func, select

from core import clock, tx
from core.actors import SYSTEM, Actor
from core.errors import IllegalTransition
from core.models import Ticket
from core.roles import SUPERVISORS, require
from core.tickets import engine
from core.tx import unit_of_work

REASON = "cierre del día: la oficina cerró antes de llamarla"
_LEFT_WAITING = (select(Ticket.id).where(Ticket.status == "waiting", Ticket.day < bindparam("today"))
                 .order_by(Ticket.id))
_LEFT_COUNT = select(func.count()).where(Ticket.status == "waiting", Ticket.day < bindparam("today"))


def waiting_today(today: date) -> ColumnElement[bool]:
    """The tickets that wait now, as the screens that show waits count them (Inicio, the monitor): today's. A past
    day's still «En espera» before close_past_days runs is no one's wait in the room (states.expired): counted,
    its «843 min» would hide today's real longest wait. Those are shown apart (`left_waiting`)."""
    return and_(Ticket.status == "waiting", Ticket.day >= today)


def left_waiting(now: datetime | None = None) -> int:
    """How many tickets of past business days still wait: close_past_days has not run since they were left."""
    return tx.run(_LEFT_COUNT, {"today": clock.business_day(now or clock.now())}).scalar_one()


def close_past_days(now: datetime | None = None, *, actor: Actor = SYSTEM) -> list[Ticket]:
    """Cancel every ticket of a past business day still waiting, in one transaction; returns them (none on a
    second run). Each goes through `engine.cancel`, the one place a ticket is cancelled (its lock, history and
    events). One a desk called meanwhile is that desk's: `waiting_only` refuses it before changing anything,
    and it is left out. The nightly timer runs it as the system; a supervisor may run it from Inicio or the
    monitor when the timer has not (a desk would otherwise call yesterday's tickets first)."""
    now = now or clock.now()
    if actor is not SYSTEM:
        require(actor, SUPERVISORS)
    closed: list[Ticket] = []
    with unit_of_work():
        for ticket_id in tx.run(_LEFT_WAITING, {"today": clock.business_day(now)}).scalars().all():
            try:
                closed.append(engine.cancel(ticket_id, actor=actor, reason=REASON, waiting_only=True, now=now))
            except IllegalTransition:
                continue
    return closed
