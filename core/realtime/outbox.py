"""Socket.IO events leave from here, and only after the transaction that caused them commits.

Core functions call `queue()` inside their transaction; the sequence number of each room is taken in that
same transaction, so a client that sees a gap knows it missed something and asks for a snapshot. The
after_commit hook emits the queue; a rollback drops it. CLI and worker processes emit through the same
`socketio` object, which writes to Redis when REDIS_URL is set.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from core.extensions import db, socketio
from core.models import RoomSequence

logger = logging.getLogger(__name__)
_KEY = "turnero_pending_events"
_LOG_KEY = "turnero_pending_logs"


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


def queue(name: str, room: str, payload: dict[str, Any], *, sequenced: bool = True) -> None:
    if sequenced:
        payload = {**payload, "seq": next_seq(room)}
    db.session().info.setdefault(_KEY, []).append((name, room, payload))


def log_after_commit(log: logging.Logger, message: str, *args: object) -> None:
    """Log `message` once the current transaction commits: a rolled-back change never shows in the log."""
    db.session().info.setdefault(_LOG_KEY, []).append((log, message, args))


def _after_commit(session: Session) -> None:
    for log, message, args in session.info.pop(_LOG_KEY, ()):
        log.info(message, *args)
    pending = session.info.pop(_KEY, None)
    if not pending:
        return
    for name, room, payload in pending:
        try:
            socketio.emit(name, payload, to=room)
        except Exception:  # a dead message queue must not turn a committed change into an error
            logger.exception("could not emit %s to %s", name, room)


def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
    session.info.pop(_LOG_KEY, None)


def install() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", lambda s, _tx: _after_rollback(s))
