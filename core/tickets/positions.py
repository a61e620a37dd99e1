"""People ahead and estimated wait, from the live queue and recent service times."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, exists, func, literal_column, or_, select
from sqlalchemy.orm import aliased

from core import clock, settings, tx
from core.extensions import db
from core.formatting import DESKS_PAUSED_TICKET, NO_DESK_OPEN_TICKET, wait_text
from core.models import Desk, DeskQueue, Queue, Ticket
from core.tickets.availability import NOT_CLOSED, availability
from core.tickets.policy import Candidate, Counts, Policy, calls_before, calls_before_counted
from core.tickets.service_times import mean_service_minutes, typical_minutes
from core.tickets.states import ACTIVE


class _Configured(Policy):
    """The policy as configured (Administración → Parámetros), read in one statement the first time a choice
    depends on it: only a waiting list that mixes normal and preferential tickets needs it (policy._pick)."""

    def __init__(self) -> None:  # nothing read yet
        pass

    @cached_property
    def _values(self) -> dict[str, Any]:
        return settings.all_settings()

    @cached_property
    def ratio(self) -> int:  # type: ignore[override]
        return int(self._values["preferential_ratio"])

    @cached_property
    def max_wait(self) -> timedelta:  # type: ignore[override]
        return timedelta(minutes=float(self._values["normal_max_wait_min"]))


def policy() -> Policy:
    """The preferential policy as configured, read when first needed."""
    return _Configured()


# Built once (issue 13): every issue and call-next runs one of these.
_CANDIDATE_COLUMNS = select(Ticket.id, Ticket.preferential, Ticket.arrival_at).where(Ticket.status == "waiting")
_BY_ARRIVAL = (Ticket.arrival_at, Ticket.id)
_QUEUE_CANDIDATES = _CANDIDATE_COLUMNS.where(
    Ticket.queue_id == bindparam("queue"), Ticket.target_desk_id.is_(None),
).order_by(*_BY_ARRIVAL)


_DESK_HEAD = _CANDIDATE_COLUMNS.with_only_columns(Ticket.id).where(
    Ticket.queue_id.in_(select(DeskQueue.queue_id).where(DeskQueue.desk_id == bindparam("desk"))),
    or_(Ticket.target_desk_id.is_(None), Ticket.target_desk_id == bindparam("desk")),
).order_by(*_BY_ARRIVAL).limit(1)
# The earliest normal and the earliest preferential ticket a desk may call: all `policy.choose` weighs.
_DESK_HEADS = _CANDIDATE_COLUMNS.where(or_(
    Ticket.id == _DESK_HEAD.where(Ticket.preferential.is_(None)).scalar_subquery(),
    Ticket.id == _DESK_HEAD.where(Ticket.preferential.is_not(None)).scalar_subquery(),
))


def next_candidates(desk_id: int) -> list[Candidate]:
    """What *Llamar siguiente* chooses between: the head of each class of the desk's waiting list (issue 13: a
    call no longer loads the desk's 200 earliest waiting tickets)."""
    return _candidates(tx.run(_DESK_HEADS, {"desk": desk_id}))


_DESK_FIRST = _DESK_HEAD.with_only_columns(*_CANDIDATE_COLUMNS.selected_columns).limit(bindparam("n"))
_DESK_FIRST_NORMAL = _DESK_FIRST.where(Ticket.preferential.is_(None))
_DESK_FIRST_PREFERENTIAL = _DESK_FIRST.where(Ticket.preferential.is_not(None))


def first_of_each_class(desk_id: int, n: int) -> list[Candidate]:
    """The first `n` normal and the first `n` preferential tickets a desk may call. The first `n` of its call
    order are among them however long the list is: the order takes each class by arrival (policy.call_order)."""
    return _candidates([*tx.run(_DESK_FIRST_NORMAL, {"desk": desk_id, "n": n}),
                        *tx.run(_DESK_FIRST_PREFERENTIAL, {"desk": desk_id, "n": n})])


def queue_candidates(queue_id: int) -> list[Candidate]:
    """Every waiting ticket of a queue no desk serves yet, sent to no desk; by arrival. Such a queue is rare
    (no desk at all, not merely none open), so its whole list is read: a place past the first 200 is true too."""
    return _candidates(tx.run(_QUEUE_CANDIDATES, {"queue": queue_id}))


def _candidates(rows: Iterable[Row]) -> list[Candidate]:
    return [Candidate(id_, preferential is not None, clock.as_utc(arrival)) for id_, preferential, arrival in rows]


def open_now() -> tuple[set[int], set[int]]:
    """(ids of the active desks that are open or paused, ids of the queues one of them serves): who may call
    a ticket right now, for a trámite before its ticket exists (the kiosk's «¿Tiene todo?»)."""
    rows = db.session.execute(NOT_CLOSED).all()
    return {desk_id for desk_id, _queue, _state in rows}, {queue_id for _desk, queue_id, _state in rows}


def serving_desks(ticket: Placed) -> list[Desk]:
    """The desks that may call this ticket: the one it was sent to, else the active desks of its queue."""
    if ticket.target_desk_id is not None:
        desk = db.session.get(Desk, ticket.target_desk_id)
        return [desk] if desk is not None and desk.active else []
    return [desk for desk in ticket.queue.desks if desk.active]  # loaded with the trámite when issuing


def _arrival_rank(ticket: Placed) -> int:
    """Earlier waiting tickets of the same queue and target: a place beyond the desks' candidate window."""
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


# A desk's waiting list in numbers, for every desk that may call the ticket (issue 13: the estimate used to load
# each desk's 200 earliest waiting tickets, then to classify every waiting row once per desk in SQL, ~0.7 µs a row
# and desk: 2 ms an issue with 2,500 waiting). Now the waiting tickets of the desks' queues are counted by queue,
# target desk and preferential type from the covering index `ix_ticket_waiting_class` (once however many desks
# share the queue, ~0.08 µs a row) and joined to each desk's queues; Python adds up each desk's list.
_DESKS_QUEUES = select(DeskQueue.queue_id).where(DeskQueue.desk_id.in_(bindparam("desks", expanding=True)))
_CLASSES = (
    select(Ticket.queue_id, Ticket.target_desk_id, Ticket.preferential, func.count().label("n"))
    .where(Ticket.status == "waiting", Ticket.queue_id.in_(_DESKS_QUEUES))
    .group_by(Ticket.queue_id, Ticket.target_desk_id, Ticket.preferential)
    .subquery()
)
# Whether any ticket of those queues waits after this one by (arrival, id): a seek on `ix_ticket_waiting` per queue,
# evaluated once. Mostly false for a ticket just issued, whose estimate then needs no `_AFTER` (issue 13).
_AFTER_ORDER = and_(Ticket.arrival_at >= bindparam("arrival"),
                    or_(Ticket.arrival_at > bindparam("arrival"), Ticket.id > bindparam("ticket")))
_ANY_AFTER = (
    exists().where(Ticket.status == "waiting", Ticket.queue_id.in_(_DESKS_QUEUES), _AFTER_ORDER)
    .correlate(None).label("any_after")
)
# Each desk's current customer (called or in service): since when, and their queue (id, default minutes), so the
# estimate knows when a busy desk frees up. Joined by primary keys onto rows read anyway: no statement added.
_CURRENT = aliased(Ticket)
_CURRENT_QUEUE = aliased(Queue)


def _desk_classes(every_queue: bool) -> Select[Any]:
    return (
        select(DeskQueue.desk_id, _CLASSES, _ANY_AFTER,
               func.coalesce(_CURRENT.started_at, _CURRENT.called_at).label("busy_since"),
               _CURRENT_QUEUE.id.label("busy_queue"), _CURRENT_QUEUE.default_service_minutes.label("busy_default"))
        .join(_CLASSES, _CLASSES.c.queue_id == DeskQueue.queue_id, isouter=every_queue)
        .join(Desk, Desk.id == DeskQueue.desk_id)
        .outerjoin(_CURRENT, and_(_CURRENT.id == Desk.current_ticket_id, _CURRENT.status.in_(ACTIVE)))
        .outerjoin(_CURRENT_QUEUE, _CURRENT_QUEUE.id == _CURRENT.queue_id)
        .where(DeskQueue.desk_id.in_(bindparam("desks", expanding=True)))
    )


DESK_CLASSES = _desk_classes(every_queue=False)
# For a ticket not issued yet (`NewTicket`), a row also for each desk queue where nobody waits (its class columns
# NULL): the new ticket's own queue may be empty, and the desks' current customers come on these rows.
_NEW_TICKET_CLASSES = _desk_classes(every_queue=True)
# The same counts over a range of arrivals, read through `ix_ticket_waiting`. Grouped by `queue_id + 0`: grouped
# by the column, SQLite reads the class index in order (to skip a sort) and looks up every waiting row's arrival.
_QUEUE_UNORDERED = Ticket.queue_id + literal_column("0")
_WAITING_BY_ARRIVAL = (
    select(_QUEUE_UNORDERED, Ticket.target_desk_id, Ticket.preferential, func.count())
    .where(Ticket.status == "waiting", Ticket.queue_id.in_(_DESKS_QUEUES))
    .group_by(_QUEUE_UNORDERED, Ticket.target_desk_id, Ticket.preferential)
)
# The tickets after this one by (arrival, id): none for a ticket just issued. Those before it are the rest.
_AFTER = _WAITING_BY_ARRIVAL.where(_AFTER_ORDER)
# Normal tickets waiting since `since` or before (the max-wait rule): read only when both classes wait.
_OVERDUE = _WAITING_BY_ARRIVAL.where(Ticket.preferential.is_(None), Ticket.arrival_at <= bindparam("since"))


@dataclass(frozen=True)
class _List:
    """One desk's waiting list: the queues it takes tickets from (those with someone waiting)."""

    desk_id: int
    queues: frozenset[int]

    def holds(self, queue_id: int, target: int | None) -> bool:
        return queue_id in self.queues and target in (None, self.desk_id)

    def count(self, rows: Iterable[Sequence[Any]]) -> list[int]:
        """[normal, preferential] of counted rows (queue, target desk, preferential type, count) in this list."""
        counts = [0, 0]
        for queue_id, target, preferential, n in rows:
            if self.holds(queue_id, target):
                counts[preferential is not None] += n
        return counts


def _counting(serving: list[Desk]) -> list[Desk]:
    """The desks whose call order places a ticket: the open ones; while none is open, those that will open."""
    return [d for d in serving if d.state != "closed"] or serving


def _order(ticket: Placed, serving: list[Desk]) -> dict[str, Any]:
    return {"desks": [desk.id for desk in serving], "arrival": ticket.arrival_at, "ticket": ticket.id}


def _read_ahead(order: dict[str, Any]) -> tuple[Any, ...]:
    return (*order["desks"], order["arrival"], order["ticket"])


def desk_classes_for(ticket: Ticket) -> dict[str, Any] | None:
    """The parameters of DESK_CLASSES that `ticket`'s estimate will read (None: it reads none), for a caller that
    reads those rows in a statement it runs anyway and hands them back (`keep_desk_classes`): an issue's waiting
    counts (core/realtime/broadcast.py), one statement fewer per issue (issue 13)."""
    serving = _counting(serving_desks(ticket)) if ticket.status == "waiting" else []
    return _order(ticket, serving) if serving else None


def keep_desk_classes(order: dict[str, Any], rows: list[Sequence[Any]]) -> None:
    """DESK_CLASSES' rows for `order`, read by another statement of this transaction: the estimate takes them once."""
    tx.memo("desk_classes")[_read_ahead(order)] = rows


@dataclass(frozen=True)
class _Customer:
    """The customer a desk has called or is serving: since when, and their queue (id, «Atención típica»)."""

    since: datetime
    queue_id: int
    default_minutes: int


# desk id → its current customer (None: free), for the desks whose list holds a ticket.
_AtDesks = dict[int, _Customer | None]


@dataclass(frozen=True)
class NewTicket:
    """A normal ticket issued at `arrival_at` in `queue`, sent to no desk, not in the database: the closing-time
    limit asks how long it would wait (`estimated_wait_for_new`) with the estimate its customer would be told."""

    queue: Queue
    arrival_at: datetime
    id: int = 2**31 - 1  # after any ticket issued at the same instant
    status: str = "waiting"
    preferential: str | None = None
    target_desk_id: int | None = None

    @property
    def queue_id(self) -> int:
        return self.queue.id


Placed = Ticket | NewTicket


def _counted_places(ticket: Placed, serving: list[Desk], now: datetime, rules: Policy) -> tuple[list[int], _AtDesks]:
    """The ticket's place in the call order of each desk in `serving` whose list holds it, and who those desks
    are attending now."""
    order = _order(ticket, serving)
    desks = {"desks": order["desks"]}
    new = isinstance(ticket, NewTicket)
    read = None if new else tx.memo("desk_classes").pop(_read_ahead(order), None)
    rows_of: dict[int, list[Sequence[Any]]] = {}
    attending: _AtDesks = {}
    any_after = False
    statement = _NEW_TICKET_CLASSES if new else DESK_CLASSES
    for desk_id, *row, later, since, queue_id, default in (read if read is not None else tx.run(statement, order)):
        rows = rows_of.setdefault(desk_id, [])
        if row[0] is not None:  # a queue where somebody waits
            rows.append(row)
        any_after = bool(later)
        attending[desk_id] = _Customer(clock.as_utc(since), queue_id, default) if since is not None else None
    if new:  # the new ticket counts in every list, as it will once issued
        for rows in rows_of.values():
            rows.append((ticket.queue_id, ticket.target_desk_id, ticket.preferential, 1))
    lists = [_List(desk_id, frozenset(row[0] for row in rows)) for desk_id, rows in rows_of.items()]
    lists = [counted for counted in lists if counted.holds(ticket.queue_id, ticket.target_desk_id)]
    if not lists:
        return [], {}
    attending = {counted.desk_id: attending[counted.desk_id] for counted in lists}
    totals = {counted.desk_id: counted.count(rows_of[counted.desk_id]) for counted in lists}
    preferential = ticket.preferential is not None
    after = tx.run(_AFTER, order).all() if any_after else []
    overdue: list[Any] = []
    if any(total[not preferential] for total in totals.values()) and rules.ratio > 0:  # settings read if needed
        overdue = tx.run(_OVERDUE, {**desks, "since": now - rules.max_wait}).all()
    streaks = {desk.id: desk.pref_streak or 0 for desk in serving}
    places = []
    for counted in lists:
        total, later = totals[counted.desk_id], counted.count(after)
        before = [total[0] - later[0], total[1] - later[1]]
        before[preferential] -= 1  # the ticket itself
        counts = Counts(preferential, before[0], before[1], total[0], total[1], counted.count(overdue)[0])
        places.append(calls_before_counted(counts, streaks[counted.desk_id], rules))
    return places, attending


def people_ahead(ticket: Ticket, now: datetime | None = None, serving: list[Desk] | None = None) -> int:
    """How many tickets will really be called before this one: its place in the call order of the desk that
    reaches it first (the same order *Llamar siguiente* follows: preferential tickets, the streak, the
    max-wait rule), counted in SQL rather than by loading the waiting tickets. Open desks count; while none is
    open, the desks that will open."""
    return _placed(ticket, now or clock.now(), serving_desks(ticket) if serving is None else serving)[0]


def _placed(ticket: Placed, now: datetime, serving: list[Desk]) -> tuple[int, _AtDesks]:
    """people_ahead, and who the desks that may call the ticket are attending now (read in the same statement)."""
    if ticket.status != "waiting":
        return 0, {}
    rules = policy()
    serving = _counting(serving)
    attending: _AtDesks = {}
    if serving:
        counted, attending = _counted_places(ticket, serving, now, rules)
        places: list[int | None] = list(counted)
    else:  # a queue no desk serves yet: its own tickets, from a fresh streak
        places = [calls_before(queue_candidates(ticket.queue_id), ticket.id, 0, now, rules)]
    known = [place for place in places if place is not None]
    return (min(known) if known else _arrival_rank(ticket)), attending


def _frees_in(attending: _AtDesks, serving: list[Desk], now: datetime) -> float:
    """Minutes until one of the open desks that may call the ticket can call anyone: none while one of them is
    free; else the soonest to finish its customer (their queue's typical service less what has passed, at least a
    minute). A first in line told «en breve» while the only desk had just called someone waited a whole service."""
    calling = [desk.id for desk in serving if desk.state == "open" and desk.id in attending]
    customers = [attending[desk_id] for desk_id in calling]
    if not customers or None in customers:
        return 0.0
    return min(max(typical_minutes(c.queue_id, c.default_minutes, now) - (now - c.since).total_seconds() / 60, 1.0)
               for c in customers if c is not None)


def _minutes(ticket: Placed, ahead: int, serving: list[Desk], now: datetime, attending: _AtDesks) -> float:
    """Until a desk that may call the ticket frees up, then those ahead × the queue's recent service time, shared
    by the open desks that may call it. Unrounded: the customer is told it rounded up to the minute."""
    frees_in = _frees_in(attending, serving, now)
    if not ahead and not frees_in:
        return 0.0
    open_count = sum(1 for desk in serving if desk.state != "closed")
    return frees_in + ahead * mean_service_minutes(ticket.queue, now) / max(open_count, 1)


def _unrounded(ticket: Placed, now: datetime) -> float:
    serving = serving_desks(ticket)
    ahead, attending = _placed(ticket, now, serving)
    return _minutes(ticket, ahead, serving, now, attending)


def estimated_wait_minutes(ticket: Placed, now: datetime | None = None) -> int:
    return math.ceil(_unrounded(ticket, now or clock.now())) if ticket.status == "waiting" else 0


@dataclass(frozen=True)
class Wait:
    """What the customer is told about their wait, the same on the kiosk, reception, the status page and the
    printed ticket."""

    people_ahead: int
    minutes: int | None  # None while no desk that may call it is open, or all pause: `text` says when, no figure
    desk_open: bool  # some desk that may call this ticket is open (not closed) now
    desks_paused: bool = False  # ... and every one of those is paused

    @property
    def text(self) -> str:
        return wait_text(self.minutes or 0, self.desk_open, self.desks_paused)

    @property
    def notice(self) -> str | None:
        if not self.desk_open:
            return NO_DESK_OPEN_TICKET
        return DESKS_PAUSED_TICKET if self.desks_paused else None


def wait(ticket: Ticket, now: datetime | None = None) -> Wait:
    if ticket.status != "waiting":
        return Wait(0, 0, True)
    now, serving = now or clock.now(), serving_desks(ticket)
    ahead, attending = _placed(ticket, now, serving)
    desks = availability(desk.state for desk in serving)
    minutes = math.ceil(_minutes(ticket, ahead, serving, now, attending))
    return Wait(ahead, minutes if desks == "open" else None, desks != "none", desks == "paused")


def estimated_wait_for_new(queue: Queue, now: datetime | None = None) -> float:
    """Minutes a normal ticket issued now in `queue` would wait, by the estimate its customer would be told once it
    is (`wait`, which rounds it up): its place in its desks' lists, after the soonest busy desk frees up. This one
    ignored busy desks, and the closing time took tickets whose customers were told they would be served after it.
    Unrounded, so the closing time does not open and close again within a minute as a busy desk's service runs."""
    now = now or clock.now()
    return _unrounded(NewTicket(queue, now), now)
