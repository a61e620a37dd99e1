"""What each ticket change tells which room. Called by the engine inside its transaction."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import CompoundSelect, bindparam, exists, func, literal, null, or_, select, type_coerce, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import ColumnElement, ScalarSelect

from core import clock, settings, tx
from core.actors import Actor
from core.extensions import db
from core.models import Desk, DeskQueue, Queue, Ticket, User, WaitingArea
from core.models.base import UTCDateTime
from core.realtime import outbox, rooms
from core.tickets import positions, serialize
from core.tickets.states import LEAVE_ACTIONS
from core.tickets.survey import CLOSING_GRACE as survey_grace

ALL_AREAS = "ALL"
CALL_ACTIONS = ("call", "recall")
# A called ticket leaves «Llamando» when one of LEAVE_ACTIONS happens to it (a panel gets `calls_changed`).
# An undone no-show is on call again: its number comes back to «Llamando» (without a new announcement).
CALLS_CHANGED = (*LEAVE_ACTIONS, "undo_no_show")
ON_CALL = ("called", "serving")  # «Llamando»: called and not yet finished (the customer is at, or going to, the desk)
# «Últimos llamados»: calls of tickets still on call or served. No-shows, cancelled and transferred tickets are
# left out: a customer reading the list takes every number on it for someone who was attended.
SHOWN = (*ON_CALL, "done")
# The actions that put a ticket into a waiting list or take it out: the places of other customers move.
MOVES_PLACES = ("issue", "call", "transfer", "cancel")
# The actions after which panels get `queue_changed` (a call's counts ride on `ticket_called`).
COUNTS_CHANGED = ("issue", "transfer", "cancel")


def area_room(code: str) -> str:
    return f"area:{code}"


def waiting_counts(area: WaitingArea | None) -> list[dict[str, Any]]:
    """Waiting tickets per queue, for panels (no personal data)."""
    return _public(_waiting_rows(area.id if area is not None else None))


def _public(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]


# Every active queue with its waiting count, in one query. Built once (issue 13: every issue and call runs it).
# Each count is a correlated count over `ix_ticket_waiting` (SQLite counts the index entries in one step) rather
# than a grouped outer join, which stepped through every waiting row: 4× less with 2,500 waiting.
_WAITING_COUNT = (
    select(func.count()).where(Ticket.queue_id == Queue.id, Ticket.status == "waiting")
    .correlate(Queue).scalar_subquery()
)
_WAITING = (
    select(Queue.code, Queue.prefix, Queue.name, WaitingArea.code, _WAITING_COUNT, Queue.area_id)
    .join(WaitingArea, WaitingArea.id == Queue.area_id)
    .where(Queue.active.is_(True))
    .order_by(Queue.prefix)
)
_WAITING_IN_AREA = _WAITING.where(Queue.area_id == bindparam("area"))


# Whose place in line a ticket entering or leaving a waiting list moves: the waiting tickets of every queue that a
# desk which may call it serves. A desk calls in one order across all its queues, so a call at a desk serving two
# queues moves the customers of both, and a ticket sent to a desk moves those of every queue that desk serves.
# Read in the same query as the waiting counts the change sends anyway (no statement added).
_LINK = aliased(DeskQueue)
_CALLERS = select(_LINK.desk_id).where(_LINK.queue_id.in_(bindparam("queues", expanding=True)))
_SHARES_A_DESK = exists().where(DeskQueue.queue_id == Queue.id, or_(
    DeskQueue.desk_id.in_(bindparam("sent_to", expanding=True)), DeskQueue.desk_id.in_(_CALLERS)))
_MOVED = _WAITING.add_columns(or_(Queue.id.in_(bindparam("queues", expanding=True)), _SHARES_A_DESK))
# With the estimate's counts of the waiting lists of the desks that may call a ticket entering one (an issue, a
# transfer: positions.DESK_CLASSES) in the same statement, one fewer per issue (issue 13). Columns lined up by type;
# an estimate's row: (1, preferential, -, -, -, count, desk, anyone after, queue, target desk, and the desk's
# current customer: since, queue, its default minutes). The first part types the columns the union returns.
_MOVED_ROWS = _MOVED.order_by(None).subquery()
_CLASS_ROWS = positions.DESK_CLASSES.subquery()
_MOVED_AND_CLASSES = union_all(
    select(literal(0), *_MOVED_ROWS.c, null(), null(), type_coerce(null(), UTCDateTime), null(), null()),
    select(literal(1), _CLASS_ROWS.c.preferential, null(), null(), null(), _CLASS_ROWS.c.n, _CLASS_ROWS.c.desk_id,
           _CLASS_ROWS.c.any_after, _CLASS_ROWS.c.queue_id, _CLASS_ROWS.c.target_desk_id,
           _CLASS_ROWS.c.busy_since, _CLASS_ROWS.c.busy_queue, _CLASS_ROWS.c.busy_default),
)


@dataclass(frozen=True)
class Placement:
    """Where a ticket waits: its queue, and the desk it was sent to (if any). Its place in line depends on the
    desks that may call it, and moving it moves the customers those desks would call."""

    queue_id: int
    target_desk_id: int | None

    @classmethod
    def of(cls, ticket: Ticket) -> Placement:
        return cls(ticket.queue_id, ticket.target_desk_id)


def _waiting_rows(area_id: int | None = None, moved: tuple[Placement, ...] = (),
                  estimate: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every active queue (of one area, or all) with its waiting count; with `moved`, whether a ticket entering
    or leaving those placements moves its customers' places (`_moves`); with `estimate` (positions.desk_classes_for),
    the estimate's counts too, handed to positions."""
    if moved:
        params = {"queues": sorted({p.queue_id for p in moved}),
                  "sent_to": sorted({p.target_desk_id for p in moved if p.target_desk_id is not None})}
        if estimate is None:
            rows = tx.run(_MOVED, params)
        else:
            rows, classes = [], []
            for row in tx.run(_MOVED_AND_CLASSES, {**params, **estimate}):
                if row[0]:
                    classes.append((row[6], row[8], row[9], row[1], row[5], row[7], *row[10:13]))  # as in DESK_CLASSES
                else:
                    rows.append(row[1:8])
            positions.keep_desk_classes(estimate, classes)
            rows.sort(key=lambda row: row[1])  # by prefix, as `_WAITING` orders them (a union keeps no order)
    else:
        rows = tx.run(_WAITING) if area_id is None else tx.run(_WAITING_IN_AREA, {"area": area_id})
    return [{"queue": row[0], "prefix": row[1], "name": row[2], "area": row[3], "waiting": row[4],
             "_area_id": row[5], "_moves": bool(moved) and bool(row[6])} for row in rows]


# The panels' last calls, newest first, as rows of what `ticket_called` shows: a finish used to load up to 20
# tickets with their desks, queues and areas for its two rooms, building both selects each time (issue 13: 40 %
# of a finish's CPU). Walks `ix_ticket_day_called`; the inner join with the desk keeps calls that have one.
_COLUMNS = (Ticket.id, Ticket.prefix, Ticket.number, Desk.code, Desk.name, Desk.spoken_name, WaitingArea.code,
            Queue.code, Ticket.recalls, Ticket.last_called_at, Ticket.status)
_CALLS = (
    select(*_COLUMNS)
    .join(Queue, Queue.id == Ticket.queue_id).join(WaitingArea, WaitingArea.id == Queue.area_id)
    .join(Desk, Desk.id == Ticket.desk_id)
    .where(Ticket.day == bindparam("day"), Ticket.last_called_at.is_not(None))
    .order_by(Ticket.last_called_at.desc(), Ticket.id.desc())
)
# The room's latest call, whatever became of its ticket since (a transfer takes its desk away: outer join).
_LATEST = (
    select(*_COLUMNS)
    .join(Queue, Queue.id == Ticket.queue_id).join(WaitingArea, WaitingArea.id == Queue.area_id)
    .outerjoin(Desk, Desk.id == Ticket.desk_id)
    .where(Ticket.day == bindparam("day"), Ticket.last_called_at.is_not(None))
    .order_by(Ticket.last_called_at.desc(), Ticket.id.desc()).limit(1)
)
# When the latest call has left «Llamando», the newest call whose desk still awaits its customer, if it was made
# at most RECENT_CALL_S ago.
_RECENT_AWAITED = _CALLS.where(Ticket.status == "called", Ticket.last_called_at >= bindparam("since")).limit(1)
_SHOWN = _CALLS.where(Ticket.status.in_(SHOWN)).limit(bindparam("n"))
# How old a call still awaited may be to come back to «Llamando» when a later call leaves it: the panel's window
# for announcing calls it missed (static/display/panel.js RESYNC_ANNOUNCE_S), so «Llamando» never shows as current
# a call the room would not hear again. Older, it stays listed under «Últimos llamados» only (an audit saw
# «LLAMANDO A-001» come back 11 minutes after its call, read by the room as a call made then).
RECENT_CALL_S = 180


@functools.cache
def _panel_calls(rooms: tuple[bool, ...]) -> CompoundSelect:
    """All three for each room (True: ALL; False: an area, bound as `area<its place>`) in one statement, built once
    per shape: a finish reads its area's and ALL's (two statements until session 22). Each row is flagged with its
    room's place in `rooms` and its part: the latest call 2, a recent call still awaited 1, the shown ones 0."""
    parts = []
    for place, every_area in enumerate(rooms):
        for flag, part in zip((2, 1, 0), (_LATEST, _RECENT_AWAITED, _SHOWN), strict=True):
            part = part if every_area else part.where(Queue.area_id == bindparam(f"area{place}"))
            parts.append(select(literal(place), literal(flag), part.subquery()))
    return union_all(*parts)


def _call(row: Any) -> dict[str, Any]:
    """A call as a panel's snapshot lists it. `awaited`: the desk still waits for the customer (called, not yet
    served), so a panel that was offline when it was made announces it once back (static/display/panel.js).
    `on_call`: its ticket is still on call (`ON_CALL`), the only calls «Últimos llamados» highlights; it changes
    only with `CALLS_CHANGED`, which every panel hears, so a live panel and a snapshot agree on it."""
    _id, prefix, number, desk, desk_name, spoken, area, queue, recalls, at, status = row
    return {**serialize.called(Ticket.label_of(prefix, number), desk, desk_name,
                               serialize.spoken_name(spoken, desk_name), area, queue, at, recall=False,
                               calls=(recalls or 0) + 1),
            "awaited": status == "called", "on_call": status in ON_CALL}


def panel_calls(area: WaitingArea | None) -> dict[str, Any]:
    """`current` and `history` (the calls before it, newest call or recall first), for a panel: the snapshot and
    `calls_changed` are built here, so they always agree. `current` is the room's latest call while its ticket is
    on call; once it has left, the newest call still awaited if it is recent (RECENT_CALL_S), else None: an old
    call never comes back to «Llamando» as if it were made now. `history_limit`: how many calls the panel lists."""
    return _rooms_calls(area)[0]


def _rooms_calls(*areas: WaitingArea | None) -> list[dict[str, Any]]:
    """`panel_calls` of each room (None: ALL), read in one statement."""
    limit = int(settings.get("panel_history"))
    params = {"day": clock.business_day(), "n": limit + 1,
              "since": clock.now() - timedelta(seconds=RECENT_CALL_S)}
    params.update({f"area{place}": area.id for place, area in enumerate(areas) if area is not None})
    rows_of: list[list[Any]] = [[] for _ in areas]
    for row in tx.run(_panel_calls(tuple(area is None for area in areas)), params):
        rows_of[row[0]].append(row[1:])
    return [_calls_of(rows, limit) for rows in rows_of]


def _calls_of(rows: list[Any], limit: int) -> dict[str, Any]:
    latest = next((row[1:] for row in rows if row[0] == 2), None)
    recent = next((row[1:] for row in rows if row[0] == 1), None)
    current = latest if latest is not None and latest[-1] in ON_CALL else recent
    # Newest first, as `_CALLS` orders them (a union does not promise to keep its parts' order).
    shown = sorted((row[1:] for row in rows if not row[0]), key=lambda row: (row[-2], row[0]), reverse=True)
    history = [row for row in shown if current is None or row[0] != current[0]][:limit]
    return {"current": _call(current) if current is not None else None, "history": [_call(row) for row in history],
            "history_limit": limit}


def _calls_changed(ticket: Ticket, action: str, *areas: WaitingArea) -> None:
    """A called ticket left «Llamando»: each panel that may show it gets its new calls (sequenced, like a call), all
    read in one statement."""
    watched: list[WaitingArea | None] = [*{area.id: area for area in areas}.values(), None]
    for where, calls in zip(watched, _rooms_calls(*watched), strict=True):
        code = where.code if where is not None else ALL_AREAS
        outbox.queue("calls_changed", area_room(code),
                     {"area": code, "number": ticket.label, "action": action, **calls})


def _tell_places_moved(rows: list[dict[str, Any]]) -> None:
    """The status pages of every queue whose customers' places moved refetch (`_moves`, from `_waiting_rows`);
    a queue nobody waits in has no place to update."""
    for row in rows:
        if row["_moves"] and row["waiting"]:
            outbox.queue("position_changed", rooms.queue(row["queue"]), {"queue": row["queue"]}, sequenced=False)


def _waiting_per_area(rows: list[dict[str, Any]], *areas: WaitingArea) -> dict[str, list[dict[str, Any]]]:
    """area code → the waiting counts its panels show (its own queues; ALL every queue), from `_waiting_rows`."""
    public = _public(rows)
    counts = {area.code: [p for p, row in zip(public, rows, strict=True) if row["_area_id"] == area.id]
              for area in areas}
    counts[ALL_AREAS] = public
    return counts


def ticket_changed(ticket: Ticket, action: str, *, previous_area: WaitingArea | None = None,
                   left: Placement | None = None, released: Desk | None = None) -> None:
    """`left`: where a transferred ticket waited before (its old queue's customers move up); `released`: the desk a
    transfer or a cancel took it from (the event's desk, as its row records it: `engine.record`)."""
    area = ticket.queue.area
    # The waiting lists this change alters: a ticket issued or transferred enters one, a call or a cancel takes it
    # out of one (a call takes the ticket from waiting; a cancel may take a called one, which moves nobody, but
    # telling its queue costs one refetch per phone).
    moved = (Placement.of(ticket), *((left,) if left is not None else ())) if action in MOVES_PLACES else ()
    # The waiting counts, read once (one query), for the panels and for whose places moved.
    estimate = positions.desk_classes_for(ticket) if moved else None  # the staff ticket below estimates its wait
    rows = _waiting_rows(moved=moved, estimate=estimate) if action in CALL_ACTIONS or action in COUNTS_CHANGED else []
    _tell_places_moved(rows)
    if action in CALL_ACTIONS:
        # One message per panel per call: `ticket_called` carries the room's new waiting counts, so no
        # `queue_changed` follows it (issue 13). ALL's panels get every queue's counts.
        payload = serialize.call_payload(ticket, recall=action == "recall")
        for code, waiting in _waiting_per_area(rows, area).items():
            outbox.queue("ticket_called", area_room(code), {**payload, "waiting": waiting})
    if action in CALLS_CHANGED and ticket.last_called_at is not None:
        _calls_changed(ticket, action, *((previous_area,) if previous_area is not None else ()), area)
    if action in COUNTS_CHANGED:
        other = previous_area is not None and previous_area.id != area.id
        for code, waiting in _waiting_per_area(rows, area, *((previous_area,) if other else ())).items():
            outbox.queue("queue_changed", area_room(code), {"area": code, "waiting": waiting})
    # Where it happened, as the monitor's «Últimos movimientos» names it: not the ticket's next desk (an issue
    # read «M50», the desk its trámite goes to) nor none (a finish: the ticket is at no desk any more).
    at = released or ticket.desk
    full = {"action": action, "ticket": serialize.staff_ticket(ticket),  # serialised once, reused below
            "desk": at.code if at is not None else None}
    serving = (rooms.desk(ticket.desk.code),) if ticket.desk is not None else ()  # that desk sees account, notes
    outbox.to_staff("ticket_changed", {**full, "ticket": serialize.without_personal(full["ticket"])},
                    private=full, private_rooms=serving)
    outbox.queue("ticket_status", rooms.ticket(ticket.token), serialize.public_ticket(ticket, reuse=True),
                 sequenced=False)
    if action in ("call", "start") and ticket.desk is not None:
        # The next customer is on the way (a call) or at the desk (a start): the question of the desk's last
        # finished ticket closes CLOSING_GRACE after the call, at once at the start (survey.closed_by_next), so the
        # tablet drops it before the new customer answers for the previous one.
        closes_in = int(survey_grace.total_seconds()) if action == "call" else 0
        outbox.queue("survey_closed", f"survey:{ticket.desk.code}", {"called": ticket.id, "closes_in_s": closes_in},
                     sequenced=False)
    if action == "finish" and ticket.desk is not None:
        # The survey tablet at that desk asks the customer (P01 indicator).
        outbox.queue("survey_request", f"survey:{ticket.desk.code}",
                     {"ticket": ticket.id, "number": ticket.label}, sequenced=False)


def desk_changed(desk: Desk, *, by: Actor | None = None) -> None:
    """`by`: who acted, when known; a desk they operate is named after them without reading the user again."""
    if desk.agent_id is None:  # the admin monitor shows who works the desk
        agent = None
    elif by is not None and by.kind == "user" and by.id == desk.agent_id:
        agent = by.name  # Actor.of_user: the user's display name
    else:
        user = db.session.get(User, desk.agent_id)
        agent = user.display_name if user else None
    since = clock.iso(clock.as_utc(desk.state_since)) if desk.state_since else None  # the monitor's «desde …»
    outbox.to_staff("desk_changed", {"desk": desk.code, "state": desk.state, "current_ticket": desk.current_ticket_id,
                                     "agent": agent, "state_since": since})


# The codes of a desk's queues in one query: walking `desk.queue_links` loaded each link's queue on its own.
_DESK_QUEUE_CODES = (select(Queue.code).join(DeskQueue, DeskQueue.queue_id == Queue.id)
                     .where(DeskQueue.desk_id == bindparam("desk")).order_by(DeskQueue.position))
_CODES_SEPARATOR = ","  # never in a code (core/validation.py CODE_RE)


def desk_queue_codes(desk_id: ColumnElement[Any]) -> ScalarSelect[Any]:
    """The codes of the queues of the desk `desk_id` names, as one string: a column for a statement that reads the
    desk's ticket anyway (core/tickets/desks.py), which hands it to `remember_desk_queues`, so a finish or a no-show
    tells its queues' status pages without a statement of its own (issue 13)."""
    return (select(func.aggregate_strings(Queue.code, _CODES_SEPARATOR))
            .join(DeskQueue, DeskQueue.queue_id == Queue.id).where(DeskQueue.desk_id == desk_id).scalar_subquery())


def remember_desk_queues(desk_id: int | None, codes: str | None) -> None:
    """`desk_queue_codes`' value for that desk, read in this transaction: `desk_availability_changed` takes it."""
    if desk_id is not None:
        tx.memo("desk_queue_codes")[desk_id] = codes.split(_CODES_SEPARATOR) if codes else []


def desk_availability_changed(desk: Desk) -> None:
    """A desk opened, closed, paused or resumed, or became free (a finish, a no-show) or busy again (a no-show
    undone): the status pages of its queues refetch, since their estimate (positions._frees_in: whether a desk that
    may call them is attending someone) and the «Ningún mesón atiende…» and «… están en pausa» notices depend on
    which desks are open, which pause and which attend. A call tells them already (its places move)."""
    codes = tx.memo("desk_queue_codes").get(desk.id)
    for code in codes if codes is not None else tx.run(_DESK_QUEUE_CODES, {"desk": desk.id}).scalars():
        outbox.queue("position_changed", rooms.queue(code), {"queue": code}, sequenced=False)
