"""Socket.IO events leave from here, and only after the transaction that caused them commits.

Core functions call `queue()` inside their transaction; the sequence number of each room is taken in that
same transaction, so a client that sees a gap knows it missed something and asks for a snapshot. The
after_commit hook emits the queue; a rollback drops it. CLI and worker processes emit through the same
`socketio` object, which writes to Redis when REDIS_URL is set.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import TextClause, event, select, text, update
from sqlalchemy.orm import Session

from core.extensions import db, socketio
from core.models import RoomSequence
from core.realtime import rooms, sessions

logger = logging.getLogger(__name__)
_KEY = "turnero_pending_events"
_LOG_KEY = "turnero_pending_logs"
_CALL_KEY = "turnero_pending_calls"
_SEQ_KEY = "turnero_pending_sequences"
_DISCONNECT = object()  # a pending entry that ends a room's sockets instead of emitting to it


def next_seq(room: str) -> int:
    """Increment and return the room's sequence inside the current transaction (row-locked)."""
    session = db.session
    result = session.execute(
        update(RoomSequence).where(RoomSequence.room == room).values(value=RoomSequence.value + 1)
        .returning(RoomSequence.value)
    ).scalar()
    if result is None:
        session.add(RoomSequence(room=room, value=1))
        session.flush()
        return 1
    return int(result)


def current_seq(room: str) -> int:
    return db.session.execute(select(RoomSequence.value).where(RoomSequence.room == room)).scalar() or 0


def _pending(name: object, to: str | list[str], payload: dict[str, Any]) -> None:
    db.session().info.setdefault(_KEY, []).append((name, to, payload))


def queue(name: str, room: str, payload: dict[str, Any], *, sequenced: bool = True) -> None:
    """Send `payload` to `room` after commit. A sequenced event gets its room's next number at commit time,
    all rooms of the transaction in one statement (`_take_sequences`)."""
    if sequenced:
        payload = {**payload, "seq": None}
        _numbered(room, payload)
    _pending(name, room, payload)


def _numbered(room: str, *copies: dict[str, Any]) -> None:
    """These payloads (copies of one event for different audiences) take one number of `room` at commit."""
    db.session().info.setdefault(_SEQ_KEY, []).append((room, copies))


def to_staff(name: str, payload: dict[str, Any], *, private: dict[str, Any] | None = None,
             private_rooms: tuple[str, ...] = (), sequenced: bool = True) -> None:
    """An event for every staff audience under one `staff` sequence number. `private`, when given, is what
    `staff:private` and `private_rooms` (the desk serving the ticket) get instead of `payload`: the same event
    with personal data. A socket in several of those rooms gets it once."""
    stamp = (lambda data: {**data, "seq": None}) if sequenced else dict
    public = stamp(payload)
    if private is None:
        _pending(name, list(rooms.STAFF_AUDIENCES), public)
        copies: tuple[dict[str, Any], ...] = (public,)
    else:
        secret = stamp(private)
        _pending(name, rooms.STAFF, public)
        _pending(name, [rooms.STAFF_PRIVATE, *private_rooms], secret)
        copies = (public, secret)
    if sequenced:
        _numbered(rooms.STAFF, *copies)


def disconnect_after_commit(room: str) -> None:
    """Disconnect every socket of `room` (a personal room) on every instance once this transaction commits."""
    _pending(_DISCONNECT, room, {})


@functools.cache
def _sequence_upsert(rooms: int) -> TextClause:
    """Add to the sequences of `rooms` rooms in one statement (SQLite ≥ 3.35 and PostgreSQL alike). Plain SQL:
    SQLAlchemy's `on_conflict_do_update` construct has no cache key, so it was compiled again on every commit
    that emitted an event (issue 13's CPU per state change)."""
    table = RoomSequence.__tablename__
    values = ", ".join(f"(:room{i}, :value{i})" for i in range(rooms))
    return text(f"INSERT INTO {table} (room, value) VALUES {values} ON CONFLICT (room) DO UPDATE "
                f"SET value = {table}.value + excluded.value RETURNING room, value")


def _take_sequences(session: Session) -> None:
    """Number every sequenced event of this transaction: one upsert for all its rooms, before the commit."""
    pending = session.info.pop(_SEQ_KEY, None)
    if not pending:
        return
    wanted = Counter(room for room, _copies in pending)
    params: dict[str, Any] = {}
    for i, (room, n) in enumerate(sorted(wanted.items())):
        params[f"room{i}"], params[f"value{i}"] = room, n
    last = dict(session.connection().execute(_sequence_upsert(len(wanted)), params).all())  # Core: no ORM step
    nxt = {room: last[room] - n + 1 for room, n in wanted.items()}  # in queue() order within each room
    for room, copies in pending:
        for payload in copies:
            payload["seq"] = nxt[room]
        nxt[room] += 1


def log_after_commit(log: logging.Logger, message: str, *args: object) -> None:
    """Log `message` once the current transaction commits: a rolled-back change never shows in the log."""
    db.session().info.setdefault(_LOG_KEY, []).append((log, message, args))


def call_after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` once the current transaction commits (never after a rollback), e.g. to wake a worker."""
    db.session().info.setdefault(_CALL_KEY, []).append(callback)


def _after_commit(session: Session) -> None:
    for callback in session.info.pop(_CALL_KEY, ()):
        callback()
    for log, message, args in session.info.pop(_LOG_KEY, ()):
        log.info(message, *args)
    pending = session.info.pop(_KEY, None)
    if not pending:
        return
    for name, room, payload in pending:
        if name is _DISCONNECT:
            sessions.end(room)
            continue
        try:
            socketio.emit(name, payload, to=room)  # a list of rooms reaches each socket once
        except Exception:  # a dead message queue must not turn a committed change into an error
            logger.exception("could not emit %s to %s", name, room)


_SERIAL = "turnero_tx_serial"


def serial(session: Session) -> int:
    """Bumped whenever the session begins or rolls back a transaction: what was read under one serial is
    still what the database holds (committed) as long as the serial has not moved."""
    return session.info.get(_SERIAL, 0)


def _bump(session: Session, *_args: object) -> None:
    session.info[_SERIAL] = serial(session) + 1


def _after_rollback(session: Session) -> None:
    _bump(session)
    session.info.pop(_KEY, None)
    session.info.pop(_LOG_KEY, None)
    session.info.pop(_CALL_KEY, None)
    session.info.pop(_SEQ_KEY, None)


def install() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_begin", _bump)
        event.listen(Session, "before_commit", _take_sequences)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", lambda s, _tx: _after_rollback(s))
