"""What each ticket change tells which room. Called by the engine inside its transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from core.models import Desk, Queue, Ticket, WaitingArea
from core.realtime import outbox, rooms
from core.tickets import serialize

ALL_AREAS = "ALL"
CALL_ACTIONS = ("call", "recall")


def area_room(code: str) -> str:
    return f"area:{code}"


def waiting_counts(area: WaitingArea | None) -> list[dict[str, Any]]:
    """Waiting tickets per queue, for panels (no personal data)."""
    return _public(_waiting_rows(area.id if area is not None else None))


def _public(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "_area_id"} for row in rows]


def _waiting_rows(area_id: int | None = None) -> list[dict[str, Any]]:
    """One grouped query: every active queue (of one area, or all) with its waiting count."""
    from core.extensions import db

    waiting = func.count(Ticket.id)
    stmt = (
        select(Queue.code, Queue.prefix, Queue.name, WaitingArea.code, waiting, Queue.area_id)
        .join(WaitingArea, WaitingArea.id == Queue.area_id)
        .outerjoin(Ticket, and_(Ticket.queue_id == Queue.id, Ticket.status == "waiting"))
        .where(Queue.active.is_(True))
        .group_by(Queue.id, Queue.code, Queue.prefix, Queue.name, WaitingArea.code, Queue.area_id)
        .order_by(Queue.prefix)
    )
    if area_id is not None:
        stmt = stmt.where(Queue.area_id == area_id)
    return [{"queue": code, "prefix": prefix, "name": name, "area": area_code, "waiting": count,
             "_area_id": queue_area}
            for code, prefix, name, area_code, count, queue_area in db.session.execute(stmt).all()]


def _queue_changed(*areas: WaitingArea) -> None:
    """Counts for each changed area and for ALL, from one query."""
    rows = _waiting_rows()
    public = _public(rows)
    for area in areas:
        mine = [p for p, row in zip(public, rows, strict=True) if row["_area_id"] == area.id]
        outbox.queue("queue_changed", area_room(area.code), {"area": area.code, "waiting": mine})
    outbox.queue("queue_changed", area_room(ALL_AREAS), {"area": ALL_AREAS, "waiting": public})


def ticket_changed(ticket: Ticket, action: str, *, previous_area: WaitingArea | None = None) -> None:
    area = ticket.queue.area
    if action in CALL_ACTIONS:
        payload = serialize.call_payload(ticket, recall=action == "recall")
        outbox.queue("ticket_called", area_room(area.code), payload)
        outbox.queue("ticket_called", area_room(ALL_AREAS), payload)
    if action in ("issue", "call", "transfer", "cancel"):
        moved = previous_area is not None and previous_area.id != area.id
        _queue_changed(area, *((previous_area,) if moved else ()))
        # Status pages of that queue refresh their position.
        outbox.queue("position_changed", f"queue:{ticket.queue.code}", {"queue": ticket.queue.code},
                     sequenced=False)
    full = {"action": action, "ticket": serialize.staff_ticket(ticket)}  # serialised once, reused below
    serving = (rooms.desk(ticket.desk.code),) if ticket.desk is not None else ()  # that desk sees account, notes
    outbox.to_staff("ticket_changed", {"action": action, "ticket": serialize.without_personal(full["ticket"])},
                    private=full, private_rooms=serving)
    outbox.queue("ticket_status", f"ticket:{ticket.token}", serialize.public_ticket(ticket, reuse=True),
                 sequenced=False)
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
