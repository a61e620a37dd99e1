"""Operational indicators (DESIGN.md §7) computed from Ticket and TicketEvent rows for a range of La Paz days.

Counts follow each ticket's final state: issued = every ticket of the range, attended = done, no-show,
cancelled. Per queue, desk and agent a ticket counts where it ended (the event that closed it); per transaction,
by what it was issued for. Per hour, «Emitidas» counts the hour of issue and the outcomes (attended, no-show,
cancelled) the hour they happened: a supervisor planning desks reads «Atendidas» at 01:00 as the customers served
then, not those who arrived then (a ticket issued at 00:50 and finished at 01:10 counted at 00:00).

Times, in seconds, come from the event log:
- wait: issue → first call, and, for a customer a desk sent on (a transfer after a call), the transfer → the next
  call. Each wait counts for the queue, desk and agent that called; the total, the hour of issue and the trámite
  count the customer's whole wait once (their sum), so the total's count is the tickets called;
- walk: a call → the start that follows it (recalls in between do not reset it);
- service: start → the finish, transfer or cancel that ends it. A finish straight from `called` (the agent skipped
  *Iniciar*) is a service from the call, as the estimates read it, and no walk (it is unknown).
Each walk and service goes to the queue, desk and agent of the event that ends it, and to the hour when it began.
The queue is the one the ticket was in while that time ran (the event's `from_queue_id`): a service cut short by a
transfer counts for the queue that served it, not the queue the ticket went to. A wait goes to the queue the ticket
was called from (a ticket moved while waiting keeps waiting, from its issue). «Por funcionario» counts what a person
did at a desk: a cancellation at reception or by a supervisor away from any desk is in the totals only.
Per queue, «Recibidas» and «Enviadas» count the transfers from and to another queue, so a queue's row adds up:
issued + received − sent = attended + no-show + cancelled + the tickets still open.
p90 is the nearest-rank percentile: the smallest value with at least 90 % of the values at or below it.
"""

from __future__ import annotations

import math
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row as SqlRow
from sqlalchemy import select

from core import clock, validation
from core.extensions import db
from core.models import Desk, Queue, Ticket, TicketEvent, User

DIMENSIONS = {"queue": "Cola", "desk": "Mesón", "agent": "Funcionario", "hour": "Hora del día",
              "transaction": "Trámite"}
# Issuing happens before any desk or agent is involved: these groups have no "issued" count.
WITHOUT_ISSUED = ("desk", "agent")
MAX_DAYS = 366
SERVICE_ENDS = ("finish", "transfer", "cancel")
# Tickets read at a time, as plain rows (no ORM objects): memory stays bounded over a year of tickets, and
# between two chunks the worker's other requests run (under gevent a long report would otherwise hold every
# panel, kiosk and desk of the instance until it ends).
CHUNK = 2000


def p90(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


@dataclass
class Measure:
    values: array = field(default_factory=lambda: array("d"))  # 8 bytes a value: a year has ~10⁶ of them

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return sum(self.values) / len(self.values) if self.values else None

    @property
    def p90(self) -> float | None:
        return p90(self.values)

    @property
    def max(self) -> float | None:
        return max(self.values) if self.values else None


@dataclass(eq=False)
class Row:
    key: str
    label: str
    issued: int = 0
    attended: int = 0
    no_show: int = 0
    cancelled: int = 0
    # Per queue only: tickets a transfer brought from another queue, and sent to another one. With them a queue's
    # row adds up: issued + received − sent = attended + no-show + cancelled + those still open.
    received: int = 0
    sent: int = 0
    wait: Measure = field(default_factory=Measure)
    walk: Measure = field(default_factory=Measure)
    service: Measure = field(default_factory=Measure)


@dataclass
class Report:
    start: date
    end: date
    total: Row
    groups: dict[str, list[Row]]


# The queue, desk and agent rows an event counts in (`report`'s closure over the range's queues and desks).
Places = Callable[[SqlRow[Any]], list["Row"]]


def hour_label(hour: int) -> str:
    """How a La Paz hour (0–23) is named in «Hora del día»: its row, and each bar of the statistics chart."""
    return f"{hour:02d}:00"


class _Groups:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Row]] = {name: {} for name in DIMENSIONS}
        self.total = Row("total", "Total")

    def row(self, dimension: str, key: object, label: str) -> Row:
        rows = self.rows[dimension]
        if str(key) not in rows:
            rows[str(key)] = Row(str(key), label)
        return rows[str(key)]

    def hour(self, moment: datetime) -> Row:
        """The row of the La Paz hour `moment` falls in."""
        hour = clock.local(moment).hour
        return self.row("hour", f"{hour:02d}", hour_label(hour))

    def queue(self, queue: Queue) -> Row:
        return self.row("queue", queue.prefix, f"{queue.prefix} · {queue.name}")


def _span(later: SqlRow[Any], earlier: datetime) -> float:
    return max((clock.as_utc(later.at) - clock.as_utc(earlier)).total_seconds(), 0.0)


def check_range(start: date, end: date) -> None:
    from core.errors import Invalid

    validation.year(start.year, "La fecha inicial")
    validation.year(end.year, "La fecha final")
    if end < start:
        raise Invalid("La fecha final es anterior a la inicial.", code="invalid_range")
    if (end - start).days >= MAX_DAYS:
        raise Invalid(f"El rango no puede pasar de {MAX_DAYS} días.", code="range_too_long")


def _chunks(start: date, end: date) -> Iterator[tuple[list[SqlRow[Any]], dict[int, list[SqlRow[Any]]]]]:
    """The range's tickets, CHUNK at a time in id order, each chunk with its tickets' event logs in order."""
    tickets, events = Ticket.__table__, TicketEvent.__table__
    last_id = 0
    while True:
        chunk = db.session.execute(select(tickets).where(tickets.c.day >= start, tickets.c.day <= end,
                                                         tickets.c.id > last_id)
                                   .order_by(tickets.c.id).limit(CHUNK)).all()
        if not chunk:
            return
        log: dict[int, list[SqlRow[Any]]] = {}
        for event in db.session.execute(select(events).where(events.c.ticket_id.in_([t.id for t in chunk]))
                                        .order_by(events.c.ticket_id, events.c.at, events.c.id)):
            log.setdefault(event.ticket_id, []).append(event)
        yield chunk, log
        last_id = chunk[-1].id
        time.sleep(0)  # gevent's loop (other requests) runs; with threads, the GIL is released


def report(start: date, end: date) -> Report:
    check_range(start, end)
    queues = {q.id: q for q in db.session.scalars(select(Queue))}
    desks = {d.id: d for d in db.session.scalars(select(Desk))}
    # A person's row is keyed by their user name, which the exports' «Clave» shows (an internal id meant nothing).
    usernames: dict[int, str] = {row.id: row.username for row in db.session.execute(select(User.id, User.username))}
    groups = _Groups()

    def places(event: SqlRow[Any]) -> list[Row]:
        """The queue, desk and agent rows an event counts in: the queue the ticket was in when it happened (only a
        transfer's differs from the queue it leaves the ticket in)."""
        rows = []
        queue_id = event.from_queue_id or event.to_queue_id
        queue = queues.get(queue_id) if queue_id else None
        if queue is not None:
            rows.append(groups.queue(queue))
        desk = desks.get(event.desk_id) if event.desk_id else None
        if desk is not None:
            rows.append(groups.row("desk", desk.code, desk.name))
        if desk is not None and event.actor_kind == "user":  # a person's work at a desk: not reception's cancel
            rows.append(groups.row("agent", usernames.get(event.actor_id, event.actor_id), event.actor_name))
        return rows

    for chunk, log in _chunks(start, end):
        for ticket in chunk:
            _count(ticket, log.get(ticket.id, []), groups, queues, places)

    ordered = {
        "queue": sorted(groups.rows["queue"].values(), key=lambda r: r.key),
        "desk": sorted(groups.rows["desk"].values(), key=lambda r: validation.name_order(r.label)),
        "agent": sorted(groups.rows["agent"].values(), key=lambda r: validation.name_order(r.label)),
        "hour": sorted(groups.rows["hour"].values(), key=lambda r: r.key),
        "transaction": sorted(groups.rows["transaction"].values(), key=lambda r: (-r.issued, r.label)),
    }
    return Report(start, end, groups.total, ordered)


def _count(ticket: SqlRow[Any], events: list[SqlRow[Any]], groups: _Groups, queues: dict[int, Queue],
           places: Places) -> None:
    """One ticket's counts (by its final state) and times (from its event log) into every group it belongs to."""
    origin = queues[ticket.origin_queue_id]
    by_issue = [groups.total, groups.row("transaction", ticket.transaction_code, ticket.transaction_label)]
    for row in [*by_issue, groups.hour(ticket.issued_at), groups.queue(origin)]:
        row.issued += 1
    closing = next((e for e in reversed(events) if e.to_status == ticket.status), None)
    outcome = {"done": "attended", "no_show": "no_show", "cancelled": "cancelled"}.get(ticket.status)
    if outcome:
        if closing is not None:
            closers = [groups.hour(closing.at), *places(closing)]
        else:  # a log without its closing event (rows from before the log existed): its queue only
            queue = queues[ticket.queue_id]
            closers = [groups.hour(ticket.issued_at), groups.queue(queue)]
        for row in [*by_issue, *closers]:
            setattr(row, outcome, getattr(row, outcome) + 1)
    for event in events:
        if event.action == "transfer" and event.from_queue_id != event.to_queue_id and \
                event.from_queue_id in queues and event.to_queue_id in queues:
            groups.queue(queues[event.from_queue_id]).sent += 1
            groups.queue(queues[event.to_queue_id]).received += 1
    _times(ticket, events, groups, places)


def _times(ticket: SqlRow[Any], events: list[SqlRow[Any]], groups: _Groups, places: Places) -> None:
    tx_row = groups.row("transaction", ticket.transaction_code, ticket.transaction_label)
    waiting_since: datetime | None = ticket.issued_at  # the wait running now (None while a desk has the ticket)
    waits: list[float] = []  # each wait of this ticket, issue → first call and transfer → the next call
    called_at: datetime | None = None
    started_at: datetime | None = None
    undone_call: datetime | None = None  # the call a no-show ended, back if that no-show is undone
    for event in events:
        if event.action == "call":
            if waiting_since is not None:
                seconds = _span(event, waiting_since)
                for row in places(event):
                    row.wait.values.append(seconds)
                waits.append(seconds)
                waiting_since = None
            called_at, started_at = event.at, None
        elif event.action == "start":
            if called_at is not None:
                seconds = _span(event, called_at)
                for row in (groups.total, groups.hour(called_at), tx_row, *places(event)):
                    row.walk.values.append(seconds)
            called_at, started_at = None, event.at
        elif event.action == "finish" and event.from_status == "called":
            # *Iniciar* skipped: the service ran from the call, as the estimates read it (engine.finish); the walk
            # is unknown, so none is counted.
            if called_at is not None:
                _service(event, called_at, groups, tx_row, places)
            called_at = None
        elif event.action in SERVICE_ENDS and started_at is not None and event.from_status == "serving":
            _service(event, started_at, groups, tx_row, places)
            started_at = None
        elif event.action == "undo_no_show":
            called_at = undone_call  # the customer walked from that call: the mistaken no-show is no gap
        elif event.action in ("no_show", "transfer", "cancel"):
            undone_call = called_at if event.action == "no_show" else None
            called_at = started_at = None
        if event.action == "transfer" and event.from_status != "waiting":
            waiting_since = event.at  # sent on after a desk had the customer: a wait of its own begins
    if waits:  # the customer's whole wait, once per ticket
        for row in (groups.total, groups.hour(ticket.issued_at), tx_row):
            row.wait.values.append(sum(waits))


def _service(end: SqlRow[Any], began: datetime, groups: _Groups, tx_row: Row, places: Places) -> None:
    seconds = _span(end, began)
    for row in (groups.total, groups.hour(began), tx_row, *places(end)):
        row.service.values.append(seconds)


def today_summary(now: datetime | None = None) -> Row:
    day = clock.business_day(now)
    return report(day, day).total


def flatten(rep: Report) -> Iterable[tuple[str, Row]]:
    """(dimension, row) for the total and every group, in page order."""
    yield "total", rep.total
    for name, rows in rep.groups.items():
        for row in rows:
            yield name, row
