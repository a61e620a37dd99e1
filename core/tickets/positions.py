"""People ahead and estimated wait, from the live queue and recent service times."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from core import clock
from core.extensions import db
from core.models import Desk, DeskQueue, Queue, Ticket

RECENT_SERVICES = 20


def people_ahead(ticket: Ticket) -> int:
    if ticket.status != "waiting":
        return 0
    same_target = (
        Ticket.target_desk_id.is_(None) if ticket.target_desk_id is None
        else or_(Ticket.target_desk_id.is_(None), Ticket.target_desk_id == ticket.target_desk_id)
    )
    earlier = or_(
        Ticket.arrival_at < ticket.arrival_at,
        and_(Ticket.arrival_at == ticket.arrival_at, Ticket.id < ticket.id),
    )
    return db.session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.queue_id == ticket.queue_id, Ticket.status == "waiting", Ticket.id != ticket.id,
            earlier, same_target,
        )
    ) or 0


def mean_service_minutes(queue: Queue, now: datetime | None = None) -> float:
    """Mean of the last services finished today in this queue; the queue's default when there are none."""
    day = clock.business_day(now)
    rows = db.session.execute(
        select(Ticket.started_at, Ticket.finished_at)
        .where(Ticket.queue_id == queue.id, Ticket.day == day, Ticket.status == "done",
               Ticket.started_at.is_not(None), Ticket.finished_at.is_not(None))
        .order_by(Ticket.finished_at.desc()).limit(RECENT_SERVICES)
    ).all()
    if not rows:
        return float(queue.default_service_minutes)
    total = sum((finished - started).total_seconds() for started, finished in rows)
    return max(total / len(rows) / 60.0, 1.0)


def open_desks(queue_id: int) -> int:
    return db.session.scalar(
        select(func.count(Desk.id)).join(DeskQueue, DeskQueue.desk_id == Desk.id)
        .where(DeskQueue.queue_id == queue_id, Desk.state != "closed", Desk.active.is_(True))
    ) or 0


def estimated_wait_minutes(ticket: Ticket, ahead: int | None = None) -> int:
    if ticket.status != "waiting":
        return 0
    ahead = people_ahead(ticket) if ahead is None else ahead
    desks = max(open_desks(ticket.queue_id), 1)
    return math.ceil(ahead * mean_service_minutes(ticket.queue) / desks)


def estimated_wait_for_new(queue: Queue, now: datetime | None = None) -> float:
    """Minutes a ticket issued now in `queue` would wait: everyone waiting there, shared by its open desks."""
    waiting = waiting_by_queue([queue.id]).get(queue.id, (0, None))[0]
    return math.ceil(waiting * mean_service_minutes(queue, now) / max(open_desks(queue.id), 1))


def waiting_by_queue(queue_ids: list[int] | None = None) -> dict[int, tuple[int, datetime | None]]:
    """queue id → (tickets waiting, earliest arrival among them)."""
    stmt = select(Ticket.queue_id, func.count(Ticket.id), func.min(Ticket.arrival_at)).where(
        Ticket.status == "waiting"
    ).group_by(Ticket.queue_id)
    if queue_ids is not None:
        stmt = stmt.where(Ticket.queue_id.in_(queue_ids))
    result = {}
    for queue_id, count, earliest in db.session.execute(stmt).all():
        result[queue_id] = (count, clock.as_utc(earliest) if earliest else None)
    return result
