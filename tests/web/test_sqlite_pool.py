"""Issue 13: a SQLite file database's pool keeps as many connections as the worker has requests in flight, so a
burst reuses them instead of opening (and running the PRAGMAs of) a new connection per request."""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import event

from core.extensions import db
from tests.realtime.live import WAIT

BURST = 15  # requests in flight at once: as many as SQLAlchemy's default pool held (5, plus 10 overflow)


def _connects_during(app: Flask, rounds: int) -> int:
    """`rounds` bursts of BURST threads, each holding a connection while the others take theirs, as requests
    of one gevent worker do; how many database connections were opened meanwhile."""
    opened: list[object] = []
    listener = lambda *_args: opened.append(1)  # noqa: E731 - the engine's connect event
    event.listen(db.engine, "connect", listener)
    barrier = threading.Barrier(BURST, timeout=WAIT)

    def request() -> None:
        with app.app_context(), db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            barrier.wait()  # every request of the burst holds its connection at the same time

    try:
        for _ in range(rounds):
            threads = [threading.Thread(target=request) for _ in range(BURST)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(WAIT)
    finally:
        event.remove(db.engine, "connect", listener)
    return len(opened)


def test_bursts_of_concurrent_requests_reuse_the_pooled_connections(app: Flask) -> None:
    """Four bursts of 15 concurrent requests open at most 15 connections, once, all in WAL mode: before, the 10
    beyond the pool's 5 were closed after each burst and opened again by the next (45 connections)."""
    db.engine.dispose()
    assert _connects_during(app, rounds=4) <= BURST
    assert db.engine.pool.checkedin() == BURST  # kept for the next burst


def test_the_busy_timeout_holds_on_every_pooled_connection(app: Flask) -> None:
    """Reused connections keep the PRAGMAs they were opened with: a writer waits for SQLite's lock (busy_timeout),
    foreign keys are enforced, and the page cache has the configured size."""
    _connects_during(app, rounds=1)
    with db.engine.connect() as connection:
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    assert (timeout, keys) == (int(app.config["SQLITE_BUSY_TIMEOUT"] * 1000), 1)
    assert cache == -app.config["SQLITE_CACHE_KIB"]  # KiB per connection (SQLite's default: 2 MiB)
