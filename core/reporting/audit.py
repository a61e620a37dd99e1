"""The ticket event log, searched by ticket number, La Paz day, desk and agent (who, when, from, to); and the
configuration change log (core/org/changes.py), by a range of La Paz days and the kind of object changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from core import clock, lookups
from core.errors import Invalid
from core.extensions import db
from core.models import ConfigChange, Desk, Queue, Ticket, TicketEvent
from core.org import changes

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


@dataclass
class ChangeFilters:
    start: date | None = None  # La Paz days, both included
    end: date | None = None
    kind: str = ""  # core/org/changes.py KINDS; "" = every kind
    page: int = 1


def search_changes(filters: ChangeFilters) -> dict[str, Any]:
    """One page of configuration changes, newest first, and the total count."""
    if filters.kind and filters.kind not in changes.KINDS:
        raise Invalid("Elija un tipo de la lista.", code="invalid_kind")
    if filters.start and filters.end and filters.end < filters.start:
        raise Invalid("La fecha final es anterior a la inicial.", code="invalid_range")
    conditions = []
    if filters.kind:
        conditions.append(ConfigChange.kind == filters.kind)
    if filters.start:
        conditions.append(ConfigChange.at >= clock.day_start(filters.start))
    if filters.end:
        conditions.append(ConfigChange.at < clock.day_start(filters.end + timedelta(days=1)))
    total = db.session.scalar(select(func.count(ConfigChange.id)).where(*conditions)) or 0
    pages = max((total + PAGE - 1) // PAGE, 1)
    page = min(max(filters.page, 1), pages)  # a page past the last shows the last
    rows = db.session.scalars(select(ConfigChange).where(*conditions)
                              .order_by(ConfigChange.at.desc(), ConfigChange.id.desc())
                              .limit(PAGE).offset((page - 1) * PAGE)).all()
    return {"total": total, "page": page, "pages": pages, "rows": list(rows)}
