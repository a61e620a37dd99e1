"""Under the production worker (gunicorn's gevent, one process, SQLite) a write waiting for SQLite's lock lets
the rest of the worker run.

Another process may hold the lock for a while: a command-line import of Smartflex accounts, a backup, the
print worker started as a process of its own. SQLite's own busy handler waits in C, and under gevent that
froze the worker's only thread: while one kiosk's ticket waited for the lock, no panel, kiosk or desk of the
instance got an answer, and when the lock's holder was a greenlet of the same worker the wait always ended
in a 503. The wait is now Python's (`core/sqlite.py`, `begin_immediate_cooperatively`).
"""

from __future__ import annotations

import sqlite3
import threading

import requests

from core.extensions import db
from core.people import users
from tests import gunicorn, services
from tests.builders import make_counter
from tests.helpers import bearer
from tests.realtime.live import WAIT

READS = 20  # requests answered, one after another, while the kiosk's ticket waits for the lock


def test_the_worker_answers_while_a_ticket_waits_for_the_lock(app, db_url, tmp_path, monkeypatch) -> None:
    """Another process holds SQLite's write lock. A kiosk asks for a ticket, which must wait; meanwhile the
    same instance answers the kiosk's catalogue READS times. Then the lock is released and the ticket is
    issued (201; before, the frozen worker answered nothing until the ticket's wait ran out with a 503)."""
    counter = make_counter()
    _device, kiosk = users.create_device("kiosk", "kiosko-bloqueo")
    db.session.remove()
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT", str(WAIT))
    listener = services.listening_socket()
    server = gunicorn.start(db_url, tmp_path / "gunicorn-instance", listener)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    issued: dict[str, requests.Response] = {}

    def kiosk_issues() -> None:
        issued["answer"] = requests.post(f"{base}/api/v1/tickets", json={"transaction": counter.tx},
                                         headers=bearer(kiosk), timeout=WAIT * 2)

    try:
        gunicorn.wait_ready(f"{base}/login", server)
        holder.execute("BEGIN IMMEDIATE")  # the other process's write transaction
        waiting = threading.Thread(target=kiosk_issues)
        waiting.start()
        for _ in range(READS):
            read = requests.get(f"{base}/api/v1/catalogue", headers=bearer(kiosk), timeout=WAIT * 2)
            assert read.status_code == 200, read.text
        # Still waiting: neither issued past the lock nor given up (a 503 here means the worker had frozen).
        assert "answer" not in issued, f"ended while the lock was held: {issued['answer'].status_code}"
        holder.execute("COMMIT")
        waiting.join(WAIT * 2)
        assert issued["answer"].status_code == 201, issued["answer"].text
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
        services.stop(server)
