"""Ticket numbers under concurrent kiosks: threads on SQLite and PostgreSQL, processes on PostgreSQL.
0 duplicates and 0 lost tickets: every issue call returns a ticket, and the numbers are exactly 1..N."""

from __future__ import annotations

import multiprocessing
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.actors import SYSTEM
from core.extensions import db
from core.models import DailyCounter, Ticket, TicketEvent
from core.tickets import engine
from tests.apps import make_app
from tests.builders import make_counter

pytestmark = pytest.mark.postgres

THREADS = 24
PER_THREAD = 5
PROCESSES = 3
PROCESS_THREADS = 4
PER_PROCESS_THREAD = 5


def _issue_in_threads(app: Flask, tx: str, threads: int, per_thread: int, **kwargs: object) -> list[tuple[int, str]]:
    """Start `threads` threads at once (barrier), each issuing `per_thread` tickets in its own app context."""
    barrier = threading.Barrier(threads)

    def work(_index: int) -> list[tuple[int, str]]:
        issued = []
        with app.app_context():
            barrier.wait()
            for _ in range(per_thread):
                ticket = engine.issue_ticket(tx, actor=SYSTEM, **kwargs)
                issued.append((ticket.id, ticket.label))
            db.session.remove()
        return issued

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(work, range(threads)))
    return [item for chunk in results for item in chunk]


def _assert_exactly_numbered(issued: list[tuple[int, str]], expected: int, prefix: str) -> None:
    db.session.remove()
    ids = [ticket_id for ticket_id, _label in issued]
    labels = [label for _ticket_id, label in issued]
    assert len(issued) == expected, "an issue call did not return a ticket"
    assert len(set(ids)) == expected and len(set(labels)) == expected, "duplicate ticket"
    numbers = sorted(db.session.scalars(select(Ticket.number)))
    assert numbers == list(range(1, expected + 1)), "lost or duplicated number in the database"
    assert sorted(labels) == [f"{prefix}-{n:03d}" for n in range(1, expected + 1)]
    assert db.session.scalar(select(DailyCounter.last)) == expected
    assert db.session.scalar(select(func.count(TicketEvent.id)).where(TicketEvent.action == "issue")) == expected


def test_threads_issue_without_duplicates_or_losses(app, db_url: str, tmp_path: Path) -> None:
    """24 threads issuing at once (SQLite file in WAL mode, and PostgreSQL) give numbers exactly 1..120."""
    counter = make_counter()
    db.session.commit()
    # Numbering is checked here, not how long a writer waits for SQLite's lock: on a loaded machine 24 writers
    # may queue longer than production's 15 s (tests/kiosk/test_locked_database.py covers that bound).
    patient = make_app(db_url, tmp_path / "patient", SQLITE_BUSY_TIMEOUT=300)
    issued = _issue_in_threads(patient, counter.tx, THREADS, PER_THREAD)
    _assert_exactly_numbered(issued, THREADS * PER_THREAD, counter.queue.prefix)


def _process_worker(url: str, barrier: object, results: object, tx: str, threads: int, per_thread: int) -> None:
    """A separate server process: its own app, engine and connection pool against the same database."""
    app = make_app(url, Path(tempfile.mkdtemp(prefix="turnero-proc-")))
    try:
        barrier.wait(timeout=120)  # type: ignore[attr-defined]
        results.put(_issue_in_threads(app, tx, threads, per_thread))  # type: ignore[attr-defined]
    except BaseException as error:  # report, so the parent fails with the reason instead of hanging
        results.put(repr(error))  # type: ignore[attr-defined]
        raise


def _run_processes(url: str, target: Callable, processes: int, *args: object) -> list:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=target, args=(url, barrier, results, *args)) for _ in range(processes)]
    for proc in procs:
        proc.start()
    try:
        collected = [results.get(timeout=180) for _ in procs]
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
    errors = [item for item in collected if isinstance(item, str)]
    assert not errors, errors
    return collected


def test_processes_issue_without_duplicates_or_losses(pg_app, pg_url) -> None:
    """3 processes × 4 threads on PostgreSQL give numbers exactly 1..60 (the counter row is the lock)."""
    counter = make_counter()
    db.session.commit()
    collected = _run_processes(pg_url, _process_worker, PROCESSES, counter.tx, PROCESS_THREADS, PER_PROCESS_THREAD)
    issued = [item for chunk in collected for item in chunk]
    _assert_exactly_numbered(issued, PROCESSES * PROCESS_THREADS * PER_PROCESS_THREAD, counter.queue.prefix)


def test_idempotency_key_racers_get_one_ticket(app) -> None:
    """Eight kiosk retries racing with the same idempotency key get one ticket, and no number is burnt."""
    rounds = 5
    counter = make_counter()
    prefix = counter.queue.prefix  # read before the session is dropped
    for round_ in range(rounds):
        issued = _issue_in_threads(app, counter.tx, 8, 1, idempotency_key=f"kiosk-entrada-{round_:04d}")
        assert len({ticket_id for ticket_id, _ in issued}) == 1
    db.session.remove()
    assert db.session.scalar(select(func.count(Ticket.id))) == rounds
    assert engine.issue_ticket(counter.tx, actor=SYSTEM).label == f"{prefix}-{rounds + 1:03d}"
