"""What a desk does with its tickets: call next, call a given ticket, recall, start, finish, no-show and its undo.
Who works the desk (sign in, pause, resume, sign out) is in `desk_shifts.py`.

Concurrency: the desk row is locked (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises
writers), and a ticket is taken with a compare-and-set `UPDATE … WHERE status = 'waiting'`, so two desks
never get the same ticket and a desk never holds two.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, case, func, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from core import clock, lookups, settings, tx
from core.actors import SYSTEM, Actor
from core.errors import DeskBusy, DeskPaused, IllegalTransition, Invalid, NothingWaiting
from core.extensions import db
from core.formatting import minutes_and_seconds
from core.models import CatalogueNode, Desk, Queue, Ticket, TicketEvent
from core.org.desk_names import desk_named, desk_subject
from core.realtime import broadcast
from core.tickets.desk_shifts import check_operator, locked_desk, set_state
from core.tickets.engine import check_transition, record
from core.tickets.policy import call_order, choose, next_streak
from core.tickets.positions import first_of_each_class, next_candidates, policy
from core.top10 import office
from core.tx import unit_of_work


def next_in_line(desk: Desk, now: datetime, limit: int) -> list[int]:
    """Ticket ids in the order *Llamar siguiente* would take them from this desk now (same policy)."""
    candidates = first_of_each_class(desk.id, limit)
    return [c.id for c in call_order(candidates, desk.pref_streak, now, policy(), limit)]


def _current_id(desk: Desk) -> int:
    if desk.current_ticket_id is None:
        raise IllegalTransition(f"{desk_subject(desk.name)} no tiene una ficha activa.", code="no_active_ticket")
    return desk.current_ticket_id


def _current(desk: Desk, *, desk_queues: bool = False) -> Ticket:
    """The desk's ticket, locked, with its names; `desk_queues` for an action that frees the desk (a finish, a
    no-show), whose queues' status pages are then told."""
    return _with_names(_current_id(desk), desk_queues=desk_queues)


# Built once (issue 13): a call-next runs each of these; building a statement and its cache key per call cost more
# CPU than SQLite's execution of it.
_NOW = bindparam("now", type_=Ticket.__table__.c.called_at.type)  # typed: SQLite stores our UTC format
_TAKE_TICKET = (
    update(Ticket.__table__).where(Ticket.id == bindparam("ticket"), Ticket.status == "waiting")
    .values(status="called", desk_id=bindparam("desk"), last_called_at=_NOW,
            called_at=func.coalesce(Ticket.called_at, _NOW))
)
# Core UPDATEs (run through the connection, tx.run): the session's objects are set below or read back (_WITH_NAMES).
_HOLD = update(Desk.__table__).where(Desk.id == bindparam("desk"), Desk.current_ticket_id.is_(None))
# A desk that was not open (a supervisor calling at a closed one) opens now: the monitor's «desde …» starts here.
_HOLD_VALUES = {"current_ticket_id": bindparam("ticket"), "state": "open",
                "state_since": case((Desk.state != "open", _NOW), else_=Desk.state_since)}
_HOLD_KEEP_STREAK = _HOLD.values(_HOLD_VALUES)
_HOLD_SET_STREAK = _HOLD.values({**_HOLD_VALUES, "pref_streak": bindparam("streak")})
# A desk's ticket, locked, with what every payload names (its queue, area and trámite): one query. After a call's
# UPDATE, the row as it left it; for a recall, start, finish or no-show, instead of the ticket and then a lazy load
# each of its queue, area and trámite (issue 13).
def _names_of(*columns: Any) -> Select[Any]:
    return (
        select(Ticket, CatalogueNode, *columns).where(Ticket.id == bindparam("ticket"))
        .outerjoin(CatalogueNode, lookups.is_active_node(Ticket.transaction_code))
        .options(joinedload(Ticket.queue, innerjoin=True).joinedload(Queue.area, innerjoin=True))
        .with_for_update(of=Ticket.__table__)
        .execution_options(populate_existing=True)
    )


_WITH_NAMES = _names_of()
# With the codes of the queues of the desk holding it: a finish or a no-show frees that desk, which those queues'
# status pages learn (broadcast.desk_availability_changed) without a statement of its own. Only those: a call,
# recall or start would pay for a subquery they never read.
_WITH_NAMES_AND_DESK_QUEUES = _names_of(broadcast.desk_queue_codes(Ticket.desk_id))


def _with_names(ticket_id: int, *, desk_queues: bool = False) -> Ticket:
    row = db.session.execute(_WITH_NAMES_AND_DESK_QUEUES if desk_queues else _WITH_NAMES, {"ticket": ticket_id}).one()
    ticket, node = row[0], row[1]
    lookups.remember_node(ticket.transaction_code, node)
    if desk_queues:
        broadcast.remember_desk_queues(ticket.desk_id, row[2])
    return ticket


def _take(desk: Desk, ticket_id: int, now: datetime, streak: int | None = None) -> bool:
    """Compare-and-set: only one desk can move a waiting ticket to called. One UPDATE per row: the ticket (its
    first call time kept), then the desk (holds it, open, and its new preferential `streak` when given)."""
    params = {"ticket": ticket_id, "desk": desk.id, "now": now, "streak": streak}
    if not tx.run(_TAKE_TICKET, params).rowcount:
        return False
    if not tx.run(_HOLD_KEEP_STREAK if streak is None else _HOLD_SET_STREAK, params).rowcount:
        raise DeskBusy()
    held_values: dict[str, object] = {"current_ticket_id": ticket_id, "state": "open"}
    if desk.state != "open":
        held_values["state_since"] = now
    if streak is not None:
        held_values["pref_streak"] = streak
    for key, value in held_values.items():  # what the row now holds, without reading it back
        set_committed_value(desk, key, value)
    return True


def _after_take(desk: Desk, ticket_id: int, actor: Actor, now: datetime, note: str = "") -> Ticket:
    ticket = _with_names(ticket_id)
    record(ticket, "call", actor, now, from_status="waiting", desk=desk, note=note)
    # A Top 10 customer's visit goes on their case's timeline once: at the ticket's first call (a transfer's next
    # desk calls it again, with its first call time kept by _take).
    if ticket.account_ref and ticket.last_called_at == ticket.called_at:
        office.record_visit(ticket.account_ref, transaction=ticket.transaction_label, desk=desk.name, actor=actor,
                            now=now)
    broadcast.ticket_changed(ticket, "call")
    broadcast.desk_changed(desk, by=actor)
    return ticket


def _ready(desk: Desk) -> None:
    if desk.state == "paused":
        raise DeskPaused()
    if desk.current_ticket_id is not None:
        raise DeskBusy()


def call_next(desk_code: str, *, actor: Actor, now: datetime | None = None) -> Ticket:
    """Call the next waiting ticket for this desk across the queues it serves (preferential policy)."""
    now = now or clock.now()
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        _ready(desk)
        candidates, rules, streak = next_candidates(desk.id), policy(), desk.pref_streak
        taken: set[int] = set()
        while candidates:
            chosen = choose(candidates, streak, now, rules)
            assert chosen is not None
            if _take(desk, chosen.id, now, next_streak(streak, chosen)):
                return _after_take(desk, chosen.id, actor, now)
            taken.add(chosen.id)  # another desk took it a moment ago: read the heads again
            candidates = [c for c in next_candidates(desk.id) if c.id not in taken]
        raise NothingWaiting()


def call_ticket(desk_code: str, ticket_id: int, *, actor: Actor, now: datetime | None = None) -> Ticket:
    """Call a specific waiting ticket (e.g. the customer is at the desk already)."""
    now = now or clock.now()
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        _ready(desk)
        ticket = lookups.ticket(ticket_id)
        if ticket.status in ("called", "serving") and ticket.desk is not None and ticket.desk_id != desk.id:
            # Two agents chose the same customer from their lists: say who has them, not «está llamada».
            raise IllegalTransition(f"La ficha {ticket.label} ya la llamó {ticket.desk.name}: elija otra.")
        check_transition(ticket, "call")
        served = {link.queue_id for link in desk.queue_links}
        if ticket.queue_id not in served and ticket.target_desk_id != desk.id:
            raise Invalid(f"La ficha {ticket.label} no corresponde a las colas que atiende {desk_named(desk.name)}.",
                          code="ticket_not_for_desk")
        if ticket.target_desk_id not in (None, desk.id):
            raise Invalid(f"La ficha {ticket.label} fue transferida a otro mesón.", code="ticket_not_for_desk")
        # It counts in the preferential rotation as «Llamar siguiente» would: a normal one called from the list
        # ends a preferential streak, so the next call goes to the preferential customers again.
        if not _take(desk, ticket.id, now, next_streak(desk.pref_streak, ticket)):
            raise IllegalTransition(f"La ficha {ticket.label} ya fue llamada por otro mesón.")
        return _after_take(desk, ticket.id, actor, now, note="llamada específica")


def recall(desk_code: str, *, actor: Actor, now: datetime | None = None) -> Ticket:
    now = now or clock.now()
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        ticket = _current(desk)
        check_transition(ticket, "recall")
        ticket.recalls += 1
        ticket.last_called_at = now
        record(ticket, "recall", actor, now, from_status="called", desk=desk)
        if auto_no_show_reached(ticket) and no_show_rule(ticket, now=now).allows(now):
            # ZMS's callCountMax: the customer did not come after this many recalls. The system marks it (the
            # audit says so), the room hears no new announcement, and the desk may still undo it. Not before the
            # manual rule allows it (its minutes since this desk's first call): a customer walking over from the
            # far end of the room keeps the turn; this recall is announced, and the next one after then marks it.
            _mark_no_show(desk, ticket, SYSTEM, now, note=f"automática: {ticket.recalls} rellamadas sin atención")
        else:
            broadcast.ticket_changed(ticket, "recall")
    return ticket


def start(desk_code: str, *, actor: Actor, now: datetime | None = None) -> Ticket:
    now = now or clock.now()
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        ticket = _current(desk)
        ticket.status = check_transition(ticket, "start")
        ticket.started_at = now
        record(ticket, "start", actor, now, from_status="called", desk=desk)
        broadcast.ticket_changed(ticket, "start")
    return ticket


def finish(desk_code: str, *, actor: Actor, outcome: str = "", now: datetime | None = None) -> Ticket:
    """Finish the desk's ticket. Finishing a called ticket starts it first (the agent skipped *Iniciar*)."""
    now = now or clock.now()
    if len(outcome) > 200:
        raise Invalid("El resultado no puede pasar de 200 caracteres.", code="invalid_outcome")
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        ticket = _current(desk, desk_queues=True)
        before = ticket.status
        ticket.status = check_transition(ticket, "finish")
        if ticket.started_at is None:
            # «Iniciar» skipped: the service ran from the call (the desk was busy with this customer since), so the
            # estimates learn it. With `now` it lasted 0 s, under MIN_SERVICE_S, and a desk that never presses
            # «Iniciar» taught its queue's estimate nothing. The statistics read the events (a walk, no service).
            ticket.started_at = ticket.last_called_at or now
        ticket.finished_at = now
        ticket.outcome = outcome.strip()
        desk.current_ticket_id = None
        record(ticket, "finish", actor, now, from_status=before, desk=desk, note=ticket.outcome)
        broadcast.ticket_changed(ticket, "finish")
        broadcast.desk_changed(desk, by=actor)
        broadcast.desk_availability_changed(desk)  # free now: those waiting for it wait less
    return ticket


def first_call_here(events: Iterable[TicketEvent]) -> datetime | None:
    """When the desk now holding a ticket first called it, from the ticket's events: the newest «call» (recalls
    are their own action). A transferred customer is walking over from another desk, whose first call long ago
    says nothing about them being here."""
    called = [event.at for event in events if event.action == "call"]
    return clock.as_utc(max(called)) if called else None


_CALLS = select(TicketEvent).where(TicketEvent.ticket_id == bindparam("ticket"), TicketEvent.action == "call")


# What a desk's no-show depends on: the rule's calls and minutes, the automatic limit, the undo window. A reader of
# several of them (the console's state) reads them in one statement (settings.get_many).
NO_SHOW_SETTINGS = ("no_show_min_calls", "no_show_min_wait_min", "no_show_auto_recalls", "no_show_undo_seconds")


@dataclass(frozen=True)
class NoShowRule:
    """When a no-show may end a called ticket's turn, by hand or automatically: only after enough calls AND enough
    time since this desk's first call. Each setting's label promises its own limit, so both hold (1 call or 0 min
    turns that one off): with «either», the default single call allowed it 2 s after the call whatever the minutes
    said."""

    calls: int  # this desk's calls so far, recalls included
    min_calls: int
    from_at: datetime  # when the minutes since this desk's first call are over

    @property
    def calls_left(self) -> int:
        return max(self.min_calls - self.calls, 0)

    def time_left(self, now: datetime) -> timedelta:
        return max(self.from_at - now, timedelta(0))

    def allows(self, now: datetime) -> bool:
        return not self.calls_left and not self.time_left(now)


def no_show_rule(ticket: Ticket, first_call: datetime | None = None, now: datetime | None = None) -> NoShowRule:
    """The no-show rule for the ticket a desk holds; `first_call` (first_call_here) when the caller read the
    ticket's calls already, else they are read. A ticket with no call on record counts from `now`."""
    first = first_call or first_call_here(db.session.scalars(_CALLS, {"ticket": ticket.id})) or now or clock.now()
    min_calls, minutes = settings.get_many(*NO_SHOW_SETTINGS[:2])
    return NoShowRule(ticket.recalls + 1, int(min_calls), first + timedelta(minutes=float(minutes)))


def auto_no_show_reached(ticket: Ticket) -> bool:
    """The ticket was recalled `no_show_auto_recalls` times (0 = never): from now on, the first recall the
    no-show rule allows marks it «No se presentó» by itself."""
    limit = int(settings.get("no_show_auto_recalls"))
    return bool(limit) and ticket.recalls >= limit


def _check_no_show_threshold(ticket: Ticket, now: datetime) -> None:
    """Refuse a manual no-show the rule does not allow yet, saying what is left."""
    rule = no_show_rule(ticket, now=now)
    if rule.allows(now):
        return
    when = []
    if time_left := rule.time_left(now):
        when.append(f"en {minutes_and_seconds(math.ceil(time_left.total_seconds()))}")
    if calls_left := rule.calls_left:
        again = "después de volver a llamarla" if calls_left == 1 else f"después de llamarla {calls_left} veces más"
        when.append(f"{again} ({rule.calls} de {rule.min_calls} llamadas)")
    raise IllegalTransition(
        f"Todavía no se puede marcar la ficha {ticket.label} como no presentada. Podrá marcarla como ausente "
        f"{' y '.join(when)}.", code="no_show_too_soon")


def no_show_refusal(desk_code: str, *, actor: Actor, now: datetime | None = None) -> str | None:
    """What «No se presentó» would answer now if refused (None: it would mark it), with nothing changed: the
    console asks before its confirmation dialog, so the agent is not asked to confirm what is then refused."""
    desk = lookups.desk(desk_code)
    check_operator(desk, actor)
    ticket = lookups.ticket(_current_id(desk))  # a question: read, not locked till the request ends (PostgreSQL)
    try:
        check_transition(ticket, "no_show")
        _check_no_show_threshold(ticket, now or clock.now())
    except IllegalTransition as refused:
        return refused.message
    return None


def no_show(desk_code: str, *, actor: Actor, now: datetime | None = None) -> Ticket:
    now = now or clock.now()
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        ticket = _current(desk, desk_queues=True)
        _check_no_show_threshold(ticket, now)
        _mark_no_show(desk, ticket, actor, now)
    return ticket


def _mark_no_show(desk: Desk, ticket: Ticket, actor: Actor, now: datetime, note: str = "") -> None:
    ticket.status = check_transition(ticket, "no_show")
    ticket.finished_at = now
    desk.current_ticket_id = None
    record(ticket, "no_show", actor, now, from_status="called", desk=desk, note=note)
    broadcast.ticket_changed(ticket, "no_show")
    broadcast.desk_changed(desk, by=actor)
    broadcast.desk_availability_changed(desk)  # free now, as after a finish


def undo_window() -> timedelta:
    return timedelta(seconds=int(settings.get("no_show_undo_seconds")))


def undo_no_show(desk_code: str, ticket_id: int, *, actor: Actor, now: datetime | None = None) -> Ticket:
    """Undo a no-show marked at this desk moments ago: the ticket is called at this desk again, as it was."""
    now = now or clock.now()
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        ticket = lookups.ticket(ticket_id, lock=True)
        check_transition(ticket, "undo_no_show")
        if ticket.desk_id != desk.id:
            raise Invalid(f"La ficha {ticket.label} no se marcó como no presentada en {desk_named(desk.name)}.",
                          code="ticket_not_for_desk")
        marked = clock.as_utc(ticket.finished_at) if ticket.finished_at else None
        if marked is None or now - marked > undo_window():
            raise IllegalTransition(f"Ya pasó el plazo para deshacer «No se presentó» de la ficha {ticket.label}.",
                                    code="undo_expired")
        if desk.current_ticket_id is not None:
            raise DeskBusy(f"{desk_subject(desk.name)} ya tiene otra ficha activa: finalícela antes de deshacer.")
        ticket.status = check_transition(ticket, "undo_no_show")
        ticket.finished_at = None
        desk.current_ticket_id = ticket.id
        set_state(desk, "open")
        record(ticket, "undo_no_show", actor, now, from_status="no_show", desk=desk)
        broadcast.ticket_changed(ticket, "undo_no_show")
        broadcast.desk_changed(desk, by=actor)
        broadcast.desk_availability_changed(desk)  # busy again: those waiting for it wait longer
    return ticket
