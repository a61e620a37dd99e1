"""How many tickets wait in each queue, and since when the longest of them (`GET /api/v1/queues`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select

from core import clock, tx
from core.models import Ticket

_WAITING_BY_QUEUE = select(Ticket.queue_id, func.count(Ticket.id), func.min(Ticket.waiting_since)).where(
    Ticket.status == "waiting").group_by(Ticket.queue_id)
_WAITING_IN = _WAITING_BY_QUEUE.where(Ticket.queue_id.in_(bindparam("queues", expanding=True)))  # built once


def waiting_by_queue(queue_ids: list[int] | None = None) -> dict[int, tuple[int, datetime | None]]:
    """queue id → (tickets waiting, since when the longest-waiting of them waits: `Ticket.waiting_since`)."""
    rows = tx.run(_WAITING_BY_QUEUE) if queue_ids is None else tx.run(_WAITING_IN, {"queues": queue_ids})
    return {queue_id: (count, clock.as_utc(earliest) if earliest else None) for queue_id, count, earliest in rows}
