"""A queue's daily numbers (A-001, A-002…): one upsert of its counter row per ticket, safe across threads and
processes. A number is never given twice.

On SQLite the upsert runs inside the issue's transaction, which holds the database's write lock anyway. On
PostgreSQL it is a statement of its own, committed at once, on a connection of a small pool kept for it: inside
the issue's transaction the counter row stayed locked until its commit, ten round trips later, and under gevent
each round trip let the worker run other requests first, so every issue of a busy queue waited for the one
before it (p99 2.1 s with 50 kiosks on two instances, nearly all of it waiting for this row; bench/README.md,
«Session 12»). Its own pool, not the sessions': a request holding a session connection while it waits for a
second one from the same pool deadlocks once every connection is held that way. The price: a number taken by an
issue that then fails (the database lost mid-issue) is skipped. Retries racing with one idempotency key take none
(`claim_key`).
"""

from __future__ import annotations

import weakref
from datetime import date

from sqlalchemy import Engine, bindparam, create_engine, event, text

from core import pg_liveness, tx
from core.extensions import db
from core.models import DailyCounter, Queue

# Plain SQL, the same on SQLite (≥ 3.35) and PostgreSQL: the dialects' `on_conflict_do_update` construct has no
# cache key, so it was compiled again on every issue (issue 13's CPU per ticket).
_TABLE = DailyCounter.__tablename__
_UPSERT = (f"INSERT INTO {_TABLE} (branch_id, queue_id, day, last) VALUES (:branch_id, :queue_id, :day, 1) "
           f"ON CONFLICT (branch_id, queue_id, day) DO UPDATE SET last = {_TABLE}.last + 1")
_DAY = bindparam("day", type_=DailyCounter.__table__.c.day.type)
_NEXT = text(f"{_UPSERT} RETURNING last").bindparams(_DAY)
# Below the daily quota only: at the quota no row comes back and the counter does not move (a quota is ≥ 1).
_NEXT_BELOW = text(f"{_UPSERT} WHERE {_TABLE}.last < :quota RETURNING last").bindparams(_DAY)

# Connections kept for the counter on PostgreSQL, per instance, and more for a burst (closed on return): each
# holds one only for its upsert.
POOL_SIZE, OVERFLOW = 5, 5

_ENGINES: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _autocommit_engine(engine: Engine) -> Engine:
    """The counter's own pool for `engine`'s database, disposed with it."""
    found = _ENGINES.get(engine)
    if found is None:
        found = create_engine(engine.url, isolation_level="AUTOCOMMIT", pool_size=POOL_SIZE, max_overflow=OVERFLOW,
                              hide_parameters=True)
        pg_liveness.check_on_checkout(found)
        _ENGINES[engine] = found
        event.listen(engine, "engine_disposed", lambda _engine: found.dispose())
    return found


_CLAIM = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


def claim_key(scope: str, key: str) -> bool:
    """Whether the issue must look this caller's idempotency key up before taking a number. On PostgreSQL, where the
    counter commits on its own, yes: a resend (a double tap, a lost answer) would take a number and skip it, so the
    key is held until the transaction ends (a retry racing the first request waits for it, then finds its ticket).
    On SQLite no: the issue holds the write lock and the counter rolls back with it, so a resend is caught by the
    ticket's unique key at its INSERT (engine.issue_ticket), with no lookup on every issue."""
    if db.engine.dialect.name == "sqlite":
        return False
    tx.run(_CLAIM, {"key": f"{scope}|{key}"})
    return True


def next_number(queue: Queue, day: date, quota: int | None = None) -> int | None:
    """The queue's next number on `day`; None when `quota` numbers were given that day already (none is taken)."""
    stmt = _NEXT if quota is None else _NEXT_BELOW
    params = {"branch_id": queue.branch_id, "queue_id": queue.id, "day": day, "quota": quota}
    if db.engine.dialect.name == "sqlite":
        return tx.run(stmt, params).scalar_one_or_none()
    with _autocommit_engine(db.engine).connect() as connection:
        return connection.execute(stmt, params).scalar_one_or_none()
