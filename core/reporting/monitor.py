"""The supervisor's live monitor: every queue (who waits, since when, against its SLA), every desk (state,
agent, current ticket), every waiting-room panel (its last health report: core/panels/health.py), every active
printer (core/printing/health.py: a kiosk's printer off or out of paper is an alert, as a silent panel is) and the
last ticket events of the day.

The page renders this snapshot, then applies `ticket_changed` / `desk_changed` from the `staff` room; its
`seq` is the staff room's sequence, so a client that sees a gap fetches the snapshot again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core import clock
from core.extensions import db
from core.models import Desk, DeskQueue, Printer, Queue, Ticket, TicketEvent, User
from core.org.desk_names import desk_named
from core.panels import health
from core.printing.health import printer_health
from core.realtime import outbox, rooms
from core.reporting import emergency
from core.tickets import availability, day_close, states
from core.tickets.desks import first_call_here
from core.tickets.states import LEAVE_ACTIONS

RECENT_EVENTS = 25


def _ticket_brief(ticket: Ticket, called_here: datetime | None) -> dict[str, Any]:
    """A desk's current ticket; «Tiempo» counts from `called_here` (this desk's first call, as the console's card:
    a recall does not restart it) until the service starts."""
    return {"id": ticket.id, "number": ticket.label, "status": ticket.status, "queue": ticket.queue.code,
            "preferential": ticket.preferential, "called_here_at": clock.iso(called_here or ticket.last_called_at),
            "started_at": clock.iso(ticket.started_at)}


def _first_calls_here(ticket_ids: list[int]) -> dict[int, datetime | None]:
    """ticket id → when the desk holding it first called it (desks.first_call_here), for every current ticket in
    one read."""
    calls: dict[int, list[TicketEvent]] = {ticket_id: [] for ticket_id in ticket_ids}
    if ticket_ids:
        for event in db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id.in_(ticket_ids),
                                                                  TicketEvent.action == "call")):
            calls[event.ticket_id].append(event)
    return {ticket_id: first_call_here(events) for ticket_id, events in calls.items()}


def _freed_today(desk_ids: list[int], now: datetime) -> dict[int, str | None]:
    """desk id → when it last let a customer go today (finish, no-show, transfer, cancel): an open desk with nobody
    at it is free since then, or since it opened if that came later."""
    if not desk_ids:
        return {}
    start = clock.day_start(clock.business_day(now))
    rows = db.session.execute(
        select(TicketEvent.desk_id, func.max(TicketEvent.at))
        .where(TicketEvent.at >= start, TicketEvent.desk_id.in_(desk_ids), TicketEvent.action.in_(LEAVE_ACTIONS))
        .group_by(TicketEvent.desk_id)).all()
    return {desk_id: clock.iso(clock.as_utc(at)) for desk_id, at in rows}


def longest_wait(snap: dict[str, Any], now: datetime) -> tuple[float, dict[str, Any]] | None:
    """(seconds, queue) of the longest wait going on in a snapshot: since the earliest `waiting_since` of a waiting
    ticket, as the monitor's «Espera más larga» reads each queue; None when nobody waits."""
    waits = [(datetime.fromisoformat(t["waiting_since"]), q) for q in snap["queues"] for t in q["waiting"]]
    if not waits:
        return None
    since, queue = min(waits, key=lambda wait: wait[0])
    return max((now - since).total_seconds(), 0.0), queue


def left_waiting_note(count: int) -> str:
    """What Inicio and the monitor say of the past days' tickets still waiting, which they leave out of the waits
    (a desk would still call them first: the call order is by arrival). The pages offer to cancel them at once
    (day_close.close_past_days, the nightly close)."""
    if count == 0:
        return ""
    if count == 1:
        return ("1 ficha de un día anterior sigue «En espera»: no se cuenta en las esperas de hoy, pero un mesón la "
                "llamaría antes que a las de hoy. El cierre nocturno del día no la anuló.")
    return (f"{count} fichas de días anteriores siguen «En espera»: no se cuentan en las esperas de hoy, pero un "
            "mesón las llamaría antes que a las de hoy. El cierre nocturno del día no las anuló.")


def snapshot(now: datetime | None = None) -> dict[str, Any]:
    now = now or clock.now()
    seq = outbox.current_seq(rooms.STAFF)  # read first: events after it will reach the client
    queues = list(db.session.scalars(select(Queue).options(selectinload(Queue.area))
                                     .where(Queue.active.is_(True)).order_by(Queue.prefix)))
    waiting = db.session.execute(
        select(Ticket.id, Ticket.queue_id, Ticket.prefix, Ticket.number, Ticket.waiting_since, Ticket.preferential,
               Ticket.target_desk_id)
        .where(day_close.waiting_today(clock.business_day(now))).order_by(Ticket.arrival_at, Ticket.id)
    ).all()
    left = day_close.left_waiting(now)
    # Areas and queue links in three queries, not one lazy load per desk and per link.
    desks = list(db.session.scalars(
        select(Desk).options(selectinload(Desk.area), selectinload(Desk.queue_links).selectinload(DeskQueue.queue))
        .where(Desk.active.is_(True)).order_by(Desk.area_id, Desk.id)))
    desk_codes = {d.id: d.code for d in desks}
    by_queue: dict[int, list[dict[str, Any]]] = {}
    for row in waiting:
        # `target_desk`: sent to that desk only (the catalogue, a transfer): while it is closed or paused nobody
        # calls the ticket, whatever the queue's other desks do (the page flags it).
        by_queue.setdefault(row.queue_id, []).append(
            {"id": row.id, "number": Ticket.label_of(row.prefix, row.number),
             "waiting_since": clock.iso(row.waiting_since), "preferential": row.preferential,
             "target_desk": desk_codes.get(row.target_desk_id)})
    agent_ids = {d.agent_id for d in desks if d.agent_id}
    agents = {u.id: u.display_name for u in db.session.scalars(select(User).where(User.id.in_(agent_ids)))}
    current = {t.id: t for t in db.session.scalars(
        select(Ticket).where(Ticket.id.in_([d.current_ticket_id for d in desks if d.current_ticket_id])))}
    called_here = _first_calls_here(list(current))
    recent = db.session.execute(
        select(TicketEvent, Ticket.prefix, Ticket.number).join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(Ticket.day == clock.business_day(now))
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc()).limit(RECENT_EVENTS)
    ).all()
    served = availability.by_queue()  # the kiosk's rule: «Ningún mesón atiende…» / «… están en pausa»
    freed = _freed_today([d.id for d in desks if d.state == "open" and not d.current_ticket_id], now)
    queue_codes = {q.id: q.code for q in queues}
    return {
        "seq": seq,
        "server_time": clock.iso(now),
        "left_waiting": {"count": left, "note": left_waiting_note(left)},
        "queues": [
            {"code": q.code, "prefix": q.prefix, "name": q.name, "area": q.area.code, "area_name": q.area.name,
             "sla_minutes": q.sla_minutes, "waiting": by_queue.get(q.id, []),
             "desks": served.get(q.id, "none")}
            for q in queues
        ],
        "desks": [
            {"code": d.code, "name": d.name, "named": desk_named(d.name), "area": d.area.code, "state": d.state,
             "state_since": clock.iso(d.state_since), "freed_at": freed.get(d.id),
             "agent": agents.get(d.agent_id) if d.agent_id else None,
             "queues": [link.queue.code for link in d.queue_links],
             "ticket": (_ticket_brief(current[d.current_ticket_id], called_here[d.current_ticket_id])
                        if d.current_ticket_id in current else None)}
            for d in desks
        ],
        "panels": health.panels(),
        "printers": [printer_health(p) for p in db.session.scalars(
            select(Printer).where(Printer.active.is_(True)).order_by(Printer.name))],
        "emergencies": emergency.open_alerts(),
        "panel_silent_after_s": health.SILENT_AFTER_S,
        "events": [
            {"at": clock.iso(event.at), "action": event.action, "label": states.action_label(event.action),
             "number": Ticket.label_of(prefix, number), "desk": desk_codes.get(event.desk_id),
             "queue": queue_codes.get(event.to_queue_id), "actor": event.actor_name}
            for event, prefix, number in recent
        ],
    }
