"""The ticket event log, searched by ticket number, La Paz day, desk and agent (who, when, from, to)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from core import lookups
from core.errors import Invalid
from core.extensions import db
from core.models import Desk, Queue, Ticket, TicketEvent

NUMBER_RE = re.compile(r"^([A-Za-z]{1,3})\s*-?\s*(\d{1,4})$")
PAGE = 100


@dataclass
class Filters:
    number: str = ""
    day: date | None = None
    desk: str = ""
    agent_id: int | None = None
    page: int = 1


def search(filters: Filters) -> dict[str, Any]:
    """One page of matching events, newest first, and the total count."""
    from_queue, to_queue, to_desk = aliased(Queue), aliased(Queue), aliased(Desk)
    stmt = (select(TicketEvent, Ticket, from_queue.code, to_queue.code, Desk.code, to_desk.code)
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .outerjoin(from_queue, from_queue.id == TicketEvent.from_queue_id)
            .outerjoin(to_queue, to_queue.id == TicketEvent.to_queue_id)
            .outerjoin(Desk, Desk.id == TicketEvent.desk_id)
            .outerjoin(to_desk, to_desk.id == TicketEvent.to_desk_id))
    conditions, by_ticket = [], False
    if filters.number.strip():
        found = NUMBER_RE.match(filters.number.strip())
        if found is None:
            raise Invalid("Escriba el número de ficha como en el papel, por ejemplo A-023.", code="invalid_number")
        conditions += [Ticket.prefix == found.group(1).upper(), Ticket.number == int(found.group(2))]
        by_ticket = True
    if filters.day is not None:
        conditions.append(Ticket.day == filters.day)
        by_ticket = True
    if filters.desk:
        conditions.append(TicketEvent.desk_id == lookups.desk(filters.desk).id)
    if filters.agent_id is not None:
        conditions += [TicketEvent.actor_kind == "user", TicketEvent.actor_id == filters.agent_id]
    stmt = stmt.where(*conditions)
    # The count joins the tickets only to filter by them: the unfiltered page, the first one opened, counted the
    # whole history through that join on every load.
    counted = select(TicketEvent.id).where(*conditions)
    if by_ticket:
        counted = counted.join(Ticket, Ticket.id == TicketEvent.ticket_id)
    total = db.session.scalar(select(func.count()).select_from(counted.subquery()))
    pages = max(((total or 0) + PAGE - 1) // PAGE, 1)
    page = min(max(filters.page, 1), pages)  # a page past the last shows the last
    rows = db.session.execute(stmt.order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
                              .limit(PAGE).offset((page - 1) * PAGE)).all()
    return {
        "total": total or 0,
        "page": page,
        "pages": pages,
        "rows": [{"event": event, "ticket": ticket, "from_queue": fq, "to_queue": tq, "desk": desk, "to_desk": td}
                 for event, ticket, fq, tq, desk, td in rows],
    }
