"""SQLite for concurrent writers: WAL, a busy timeout and BEGIN IMMEDIATE; database files private to their owner.

A deferred transaction that reads and then writes fails at once with "database is locked" under
concurrency, whatever busy_timeout says (ECOSYSTEM.md). Write transactions (core.tx.unit_of_work) take
the write lock at BEGIN IMMEDIATE and queue on busy_timeout instead; plain reads begin deferred so WAL
lets them run beside a writer. This is SQLAlchemy's documented pysqlite recipe, split by intent.

The database holds customers' accounts and staff password hashes: the file is created readable by its owner
only, and SQLite gives its -wal and -shm files the permissions of the database file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import time
import weakref
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

logger = logging.getLogger(__name__)

PRIVATE = 0o600
# SQLITE_BUSY and SQLITE_LOCKED: another connection holds the lock for longer than busy_timeout.
BUSY_CODES = (5, 6)


def is_busy(error: BaseException) -> bool:
    """True for "database is locked" (the busy timeout ran out), as sqlite3 raises it."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in BUSY_CODES
    return "database is locked" in str(error)


def restrict_files(path: str) -> None:
    """Make the database and its WAL/shared-memory files readable and writable by their owner only."""
    for name in (path, f"{path}-wal", f"{path}-shm"):
        try:
            if stat.S_IMODE(os.stat(name).st_mode) != PRIVATE:
                os.chmod(name, PRIVATE)
        except FileNotFoundError:
            continue
        except PermissionError:  # another owner's file: SQLite may still open it, so only warn
            logger.warning("cannot make %s private (not its owner)", name)


def _create_private(path: str) -> None:
    # Created here, before SQLite creates it with the process umask (usually world-readable).
    if os.path.isdir(os.path.dirname(path) or "."):
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


# Connections opened past the pool for a burst, closed on return: a kept connection costs ~0.3–0.4 MB of the
# worker's memory (schema, statement cache, pages), so the pool keeps what a busy office needs, not the peak.
OVERFLOW = 40


def engine_options(url: str, options: dict[str, Any], pool_size: int) -> dict[str, Any]:
    """`options` with the pool a SQLite file database needs under gevent (issue 13). SQLAlchemy gives a file
    database a QueuePool of 5 plus 10 overflow connections that are closed on return: with more requests in
    flight than that (one gevent worker serves hundreds of sockets and dozens of requests at once), connections
    were opened and closed per request, each running the PRAGMAs below. The pool now keeps up to `pool_size`
    connections (opened as concurrency first needs them, then reused), with OVERFLOW more for a burst. No
    pre-ping: a file has no server that could have dropped the connection, and the ping is a statement per
    checkout. In-memory databases (tests) keep Flask-SQLAlchemy's single StaticPool connection."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return options
    return {**options, "pool_size": pool_size, "max_overflow": OVERFLOW}


_COOPERATIVE: weakref.WeakSet[Engine] = weakref.WeakSet()


def may_yield_while_writing(engine: Engine) -> bool:
    """Whether a write transaction may let other greenlets run before it commits. On SQLite only when the
    engine waits for the lock cooperatively: otherwise a greenlet that then wants to write waits in C, with
    the whole gevent loop, for a lock whose holder cannot run to release it."""
    return engine.dialect.name != "sqlite" or engine in _COOPERATIVE


# Under gevent, how long SQLite itself may wait for a lock (blocking the whole loop) before Python takes over.
COOPERATIVE_C_WAIT_MS = 2


def begin_immediate_cooperatively(dbapi_conn: sqlite3.Connection, patience: float) -> None:
    """BEGIN IMMEDIATE, waiting up to `patience` seconds for the write lock in Python's `time.sleep`.

    SQLite's own busy handler sleeps in C. Under gevent that freezes the worker's one thread: every panel,
    kiosk and desk of the instance waits, and if the lock's holder is a greenlet of the same worker it cannot
    run to release it, so the wait always ends in the timeout. `time.sleep` is gevent's once the worker is
    patched: the loop runs on while this request waits. Out of patience, SQLAlchemy's OperationalError is
    raised, as SQLite's own timeout would have (the web layer answers 503 «intente de nuevo»)."""
    deadline = time.monotonic() + patience
    delay = 0.001
    while True:
        try:
            dbapi_conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() >= deadline:
                raise DBAPIError.instance("BEGIN IMMEDIATE", (), error, sqlite3.Error) from error
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


# Where a connection's transaction is with its BEGIN (core.tx.lone_read): the lone read about to run, its BEGIN
# due before the next statement, or sent (every other transaction).
_LONE = "turnero_lone_read"
_FIRST, _PENDING, _BEGUN = 1, 2, 0


# SQLite's `synchronous` in WAL mode. FULL syncs the WAL at every commit: a ticket whose number a kiosk showed and
# printed survives a power cut. NORMAL syncs only at checkpoints, so a power cut (not a crash of the process) can
# undo the last seconds of commits, and after the restart the counter gives those numbers again to new customers
# while the first ones still hold their printed tickets. NORMAL is for a machine where that risk is accepted (an
# UPS, a disk that lies about syncing anyway); EXTRA also syncs the directory.
DURABILITY = ("FULL", "NORMAL", "EXTRA")


def configure_sqlite(engine: Engine, busy_timeout: float = 15.0, cache_kib: int = 512,
                     cooperative: bool = False, synchronous: str = "FULL") -> None:
    """PRAGMAs on every connection: the busy timeout, foreign keys, WAL, and a page cache of `cache_kib` KiB.
    `cooperative` (the app runs under gevent): write transactions wait for the lock in Python, where gevent's
    loop keeps running (`begin_immediate_cooperatively`), and SQLite's own wait is cut to a few milliseconds.

    The cache: in WAL mode a connection discards its whole page cache when its next read transaction finds
    that another connection committed, and a busy office commits every few seconds on one of the pool's 20
    connections. SQLite's default of 2 MiB per connection therefore held mostly stale pages: after the HTTP
    benchmark's issuing phases the worker's RSS was ~10 MB larger with it, at the same tickets per second
    (bench/README.md, session 10); the file's pages stay in the kernel's cache whatever this says."""
    if engine.dialect.name != "sqlite":
        return
    if synchronous not in DURABILITY:
        raise RuntimeError(f"SQLITE_SYNCHRONOUS debe ser FULL, NORMAL o EXTRA, no «{synchronous}» (ver README, "
                           "«Production»).")
    if cooperative:
        _COOPERATIVE.add(engine)
    path = engine.url.database if engine.url.database not in (None, "", ":memory:") else None
    if path:
        _create_private(path)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below be the only one
        cur = dbapi_conn.cursor()
        wait_ms = COOPERATIVE_C_WAIT_MS if cooperative else int(busy_timeout * 1000)
        cur.execute(f"PRAGMA busy_timeout = {wait_ms}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA cache_size = -{int(cache_kib)}")  # negative: KiB, not pages
        if path:
            restrict_files(path)  # before WAL mode creates -wal and -shm from the file's permissions
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute(f"PRAGMA synchronous = {synchronous}")  # one of DURABILITY
            restrict_files(path)  # files left by a version that did not restrict them
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        from core.tx import LOCK_PATIENCE, LONE_READ, WRITE_INTENT

        lone = LONE_READ.get() and not WRITE_INTENT.get()
        conn.info[_LONE] = _FIRST if lone else _BEGUN
        if lone:  # its first statement runs alone; the BEGIN waits for a second one (below)
            return
        if not WRITE_INTENT.get():
            conn.exec_driver_sql("BEGIN")
        elif cooperative:
            patience = LOCK_PATIENCE.get()
            begin_immediate_cooperatively(conn.connection.dbapi_connection,
                                          busy_timeout if patience is None else patience)
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "before_cursor_execute", insert=True)
    def _begin_when_pending(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # A transaction begun by a lone read (core.tx.lone_read) gets its BEGIN before its second statement, so the
        # rest of it reads one snapshot, as every read transaction does.
        state = conn.info.get(_LONE, _BEGUN)
        if state == _FIRST:
            conn.info[_LONE] = _PENDING
        elif state == _PENDING:
            conn.info[_LONE] = _BEGUN
            conn.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _end(conn: Any) -> None:
        conn.info[_LONE] = _BEGUN  # a lone read's transaction that ended after it never sent a BEGIN
