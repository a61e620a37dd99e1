"""SQLite for concurrent writers: WAL, a busy timeout and BEGIN IMMEDIATE.

A deferred transaction that reads and then writes fails at once with "database is locked" under
concurrency, whatever busy_timeout says (ECOSYSTEM.md). Write transactions (core.tx.unit_of_work) take
the write lock at BEGIN IMMEDIATE and queue on busy_timeout instead; plain reads begin deferred so WAL
lets them run beside a writer. This is SQLAlchemy's documented pysqlite recipe, split by intent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below be the only one
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout = 15000")
        cur.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        from core.tx import WRITE_INTENT

        conn.exec_driver_sql("BEGIN IMMEDIATE" if WRITE_INTENT.get() else "BEGIN")
