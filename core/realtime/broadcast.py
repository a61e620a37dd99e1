"""What each ticket change tells which room. Called by the engine inside its transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.models import Desk, Queue, Ticket, WaitingArea
from core.realtime import outbox, rooms
from core.tickets import positions, serialize

ALL_AREAS = "ALL"
CALL_ACTIONS = ("call", "recall")


def area_room(code: str) -> str:
    return f"area:{code}"


def waiting_counts(area: WaitingArea | None) -> list[dict[str, Any]]:
    """Waiting tickets per queue, for panels (no personal data)."""
    from core.extensions import db

    stmt = select(Queue).where(Queue.active.is_(True)).order_by(Queue.prefix)
    if area is not None:
        stmt = stmt.where(Queue.area_id == area.id)
    queues = list(db.session.scalars(stmt))
    counts = positions.waiting_by_queue([q.id for q in queues])
    return [
        {"queue": q.code, "prefix": q.prefix, "name": q.name, "area": q.area.code,
         "waiting": counts.get(q.id, (0, None))[0]}
        for q in queues
    ]


def _queue_changed(area: WaitingArea) -> None:
    outbox.queue("queue_changed", area_room(area.code), {"area": area.code, "waiting": waiting_counts(area)})
    outbox.queue("queue_changed", area_room(ALL_AREAS), {"area": ALL_AREAS, "waiting": waiting_counts(None)})


def ticket_changed(ticket: Ticket, action: str, *, previous_area: WaitingArea | None = None) -> None:
    area = ticket.queue.area
    if action in CALL_ACTIONS:
        payload = serialize.call_payload(ticket, recall=action == "recall")
        outbox.queue("ticket_called", area_room(area.code), payload)
        outbox.queue("ticket_called", area_room(ALL_AREAS), payload)
    if action in ("issue", "call", "transfer", "cancel"):
        _queue_changed(area)
        if previous_area is not None and previous_area.id != area.id:
            _queue_changed(previous_area)
        # Status pages of that queue refresh their position.
        outbox.queue("position_changed", f"queue:{ticket.queue.code}", {"queue": ticket.queue.code},
                     sequenced=False)
    full = {"action": action, "ticket": serialize.staff_ticket(ticket)}
    seq = outbox.to_staff("ticket_changed", {"action": action, "ticket": serialize.without_personal(full["ticket"])},
                          private=full)
    if ticket.desk is not None:  # the desk serving it sees the account and notes too
        outbox.queue("ticket_changed", rooms.desk(ticket.desk.code), {**full, "seq": seq}, sequenced=False)
    outbox.queue("ticket_status", f"ticket:{ticket.token}", serialize.public_ticket(ticket), sequenced=False)
    if action == "finish" and ticket.desk is not None:
        # The survey tablet at that desk asks the customer (P01 indicator).
        outbox.queue("survey_request", f"survey:{ticket.desk.code}",
                     {"ticket": ticket.id, "number": ticket.label}, sequenced=False)


def desk_changed(desk: Desk) -> None:
    from core.extensions import db
    from core.models import User

    agent = db.session.get(User, desk.agent_id) if desk.agent_id else None  # the admin monitor shows who
    outbox.to_staff("desk_changed", {"desk": desk.code, "state": desk.state, "current_ticket": desk.current_ticket_id,
                                     "agent": agent.display_name if agent else None})
