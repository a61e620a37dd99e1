"""Under gevent a write waits for SQLite's lock in Python sleeps (gevent's, once patched), not in SQLite's C busy
handler, which would hold the worker's whole loop (core/sqlite.py). The gunicorn test of the same is
tests/deploy/test_gevent_sqlite_lock.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from core import sqlite as turnero_sqlite
from core.sqlite import begin_immediate_cooperatively, configure_sqlite, is_busy, may_yield_while_writing


@pytest.fixture
def files(tmp_path: Path) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    """Two connections to one WAL database: the first holds the write lock, the second wants it."""
    path = tmp_path / "turnero.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, isolation_level=None)
    waiter.execute(f"PRAGMA busy_timeout = {turnero_sqlite.COOPERATIVE_C_WAIT_MS}")
    yield holder, waiter
    holder.close()
    waiter.close()


def test_the_write_waits_in_python_sleeps_until_the_lock_is_free(files, monkeypatch) -> None:
    """Each retry sleeps through `time.sleep` (gevent's under the production worker): here the third sleep is
    when the other writer commits, and the next attempt takes the lock."""
    holder, waiter = files
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            holder.execute("COMMIT")

    monkeypatch.setattr(turnero_sqlite.time, "sleep", sleep)
    begin_immediate_cooperatively(waiter, patience=60)
    assert waiter.in_transaction and len(sleeps) == 3
    waiter.execute("INSERT INTO t VALUES (1)")  # the lock is ours
    waiter.execute("COMMIT")


def test_out_of_patience_it_fails_as_sqlite_would(files) -> None:
    """The lock never frees: SQLAlchemy's OperationalError for «database is locked», which the web layer answers
    with 503 «intente de nuevo», and no transaction is left open."""
    _holder, waiter = files
    with pytest.raises(OperationalError) as caught:
        begin_immediate_cooperatively(waiter, patience=0)
    assert is_busy(caught.value.orig) and not waiter.in_transaction


def test_only_a_cooperative_sqlite_engine_may_yield_inside_a_write(tmp_path: Path) -> None:
    """The imports pause between chunks (letting other greenlets run) only where a writer that then waits for
    the lock does not stall the loop."""
    plain = create_engine(f"sqlite:///{tmp_path / 'a.db'}")
    cooperative = create_engine(f"sqlite:///{tmp_path / 'b.db'}")
    configure_sqlite(plain, busy_timeout=1)
    configure_sqlite(cooperative, busy_timeout=1, cooperative=True)
    assert not may_yield_while_writing(plain) and may_yield_while_writing(cooperative)
    with cooperative.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == turnero_sqlite.COOPERATIVE_C_WAIT_MS
    plain.dispose()
    cooperative.dispose()


def test_an_impatient_write_gives_up_at_once_and_others_still_wait(tmp_path: Path, monkeypatch) -> None:
    """A device's «visto por última vez» (tx.impatient) never queues for the lock an import or a backup holds: its
    BEGIN IMMEDIATE fails without a single retry, while an ordinary write of the same engine waits its turn."""
    from core import tx

    path = tmp_path / "turnero.db"
    engine = create_engine(f"sqlite:///{path}")
    configure_sqlite(engine, busy_timeout=3600, cooperative=True)
    with engine.begin() as setup:
        setup.exec_driver_sql("CREATE TABLE t (x)")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        holder.execute("COMMIT")  # the import ends: an ordinary write then gets the lock

    monkeypatch.setattr(turnero_sqlite.time, "sleep", sleep)
    with pytest.raises(OperationalError) as caught, tx.impatient(), tx.write_intent(), engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    assert is_busy(caught.value.orig) and sleeps == []
    with tx.write_intent(), engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (2)")
    assert len(sleeps) == 1
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT x FROM t").scalars().all() == [2]
    holder.close()
    engine.dispose()
