"""One unit of work per core operation: commit once at the end, roll back on any error.

On SQLite the unit of work starts with BEGIN IMMEDIATE (the write lock, waited for on busy_timeout),
while plain reads elsewhere use a deferred BEGIN so they never block writers (core/sqlite.py). A read
transaction left open by the caller is committed first: upgrading a WAL read snapshot to a write fails
at once with "database is locked" when another writer committed meanwhile (ECOSYSTEM.md). On PostgreSQL a unit
of work carries on the transaction the request's caller read began (`lone_read`, `_carries_on`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session

from core.extensions import db

WRITE_INTENT: ContextVar[bool] = ContextVar("turnero_write_intent", default=False)
# Seconds a write may wait for SQLite's write lock under gevent; None: the engine's busy timeout (core/sqlite.py).
LOCK_PATIENCE: ContextVar[float | None] = ContextVar("turnero_lock_patience", default=None)
LONE_READ: ContextVar[bool] = ContextVar("turnero_lone_read", default=False)


@contextmanager
def write_intent() -> Iterator[None]:
    """Marks a block's writes: the unit of work's, and those on a connection of their own (the job leases). On
    SQLite their BEGIN takes the write lock at once (IMMEDIATE), under gevent waiting for it cooperatively."""
    token = WRITE_INTENT.set(True)
    try:
        yield
    finally:
        WRITE_INTENT.reset(token)


@contextmanager
def impatient() -> Iterator[None]:
    """Writes only worth doing while the lock is free (a device's «visto por última vez»): under gevent on SQLite
    their BEGIN IMMEDIATE gives up at once («database is locked») instead of holding the request behind an import
    or a backup until the busy timeout answers it 503."""
    token = LOCK_PATIENCE.set(0.0)
    try:
        yield
    finally:
        LOCK_PATIENCE.reset(token)


@contextmanager
def lone_read() -> Iterator[None]:
    """Reads that stand alone (who is calling: one statement, consistent by itself). When one of them begins the
    session's transaction, SQLite runs it without a BEGIN, and the transaction's BEGIN goes out before its next
    statement, if any (core/sqlite.py): an issue, a call or a finish goes from its caller's row straight to its
    BEGIN IMMEDIATE, one statement fewer on every authenticated request (issue 13)."""
    session = db.session()
    fresh = not session.in_transaction()
    token = LONE_READ.set(True)
    try:
        yield
    finally:
        LONE_READ.reset(token)
    if fresh and session.in_transaction():
        session.info[_LONE_TX] = session.get_transaction()


_LONE_TX = "turnero_lone_read_tx"


def _carries_on(session: Session) -> bool:
    """Whether a unit of work joins the transaction already open instead of committing it first: on PostgreSQL,
    when the request's caller read began it (`lone_read`) and nothing is pending. Each statement reads what is
    committed when it runs (READ COMMITTED), so ending that read has nothing stale to drop; its COMMIT and the
    unit's BEGIN were two of an issue's round trips (issue 13). On SQLite the unit's BEGIN IMMEDIATE must open
    the transaction (module docstring)."""
    return (session.info.get(_LONE_TX) is session.get_transaction() and db.engine.dialect.name != "sqlite"
            and not (session.new or session.dirty or session.deleted))


@contextmanager
def unit_of_work() -> Iterator[Session]:
    session = db.session()
    if WRITE_INTENT.get():  # nested: join the outer unit of work
        yield session
        return
    if session.in_transaction():
        if _carries_on(session):
            session.info.pop(_MEMO, None)  # the unit reads afresh what it memoises, as in a transaction of its own
        else:
            session.commit()
    with write_intent():
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


_MEMO = "turnero_tx_memo"


def memo(name: str) -> dict[Any, Any]:
    """A dict that lives as long as the session's current transaction: a row read once in it is reused by the
    next reader of the same transaction instead of being queried again (the next transaction starts empty)."""
    session = db.session()
    current = session.get_transaction() or session.begin()  # what the next query would begin by itself
    held = session.info.get(_MEMO)
    if held is None or held[0] is not current:
        held = (current, {})
        session.info[_MEMO] = held
    return held[1].setdefault(name, {})


def run(stmt: Executable, params: dict[str, Any] | None = None) -> CursorResult[Any]:
    """A prebuilt Core statement (rows, counts, inserts: no ORM objects back) in the session's transaction,
    through its connection: the session's per-statement ORM machinery cost more CPU than SQLite's execution
    on the hot path (issue 13). Pending changes are flushed first, as `session.execute` would."""
    session = db.session()
    session.flush()  # returns at once when nothing is pending
    return session.connection().execute(stmt, params or {})
