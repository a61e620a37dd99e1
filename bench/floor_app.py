"""The floor: the least a ticket request can cost on this stack. One gevent worker, a number taken from a
counter row and one row inserted, in SQLite WAL, per request; no ORM, no template, no event.
`gunicorn -k web.gevent_worker.GeventWorker bench.floor_app:app` with FLOOR_DB set (bench/http_servers.py starts it)."""

from __future__ import annotations

import os
import sqlite3

from flask import Flask, jsonify

app = Flask(__name__)
_conn: list[sqlite3.Connection] = []


def _db() -> sqlite3.Connection:
    # One connection for the worker: under gevent a request's statements run without a switch in between
    # (sqlite3 never yields), so requests never interleave inside a transaction.
    if not _conn:
        conn = sqlite3.connect(os.environ["FLOOR_DB"], isolation_level=None, timeout=15)
        conn.execute("PRAGMA journal_mode=WAL")
        # Turnero's durability (core/sqlite.py DURABILITY), so the floor pays for the same sync at each commit.
        conn.execute(f"PRAGMA synchronous={os.environ.get('SQLITE_SYNCHRONOUS', 'FULL')}")
        conn.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, last INTEGER NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS ticket (id INTEGER PRIMARY KEY, number INTEGER NOT NULL)")
        conn.execute("INSERT OR IGNORE INTO counter VALUES (1, 0)")
        _conn.append(conn)
    return _conn[0]


@app.get("/healthz")
def healthz():
    _db()
    return "ok"


@app.post("/api/v1/tickets")
def issue():
    conn = _db()
    conn.execute("BEGIN IMMEDIATE")
    number = conn.execute("UPDATE counter SET last = last + 1 WHERE id = 1 RETURNING last").fetchone()[0]
    conn.execute("INSERT INTO ticket (number) VALUES (?)", (number,))
    conn.execute("COMMIT")
    return jsonify({"ticket": {"number": number}}), 201
