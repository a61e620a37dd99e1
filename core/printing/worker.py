"""The print worker: background threads that print due jobs and check printer health (~30 s).

The jobs loop wakes as soon as a job is queued, in this process (wake.JOBS_QUEUED, set after the
commit) or in another one through Redis (core/printing/wake.py), and otherwise every PRINT_POLL_SECONDS: the
safety poll for retries that come due and for jobs queued while Redis was down.

The factory installs it when PRINT_WORKER is true; the threads start with the first request, so `flask`
commands (seed, db upgrade) never start them. `flask --app wsgi print-worker` runs the same loops as a
process of its own (then set PRINT_WORKER=0 for the web server).

Exactly one process works at a time: the loops run only while this process holds the «print-worker» database
lease (core/jobs/lease.py); every other instance stands by, trying every third of JOB_LEASE_SECONDS, and one
takes over within about 1⅓ TTL after the holder dies. Even if two ever overlapped, a job is claimed with a
conditional UPDATE, so only one of them prints it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask

from core.extensions import db
from core.jobs import lease
from core.printing import print_queue, wake

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_started: dict[int, tuple[threading.Event, list[threading.Thread]]] = {}
_idle: dict[int, threading.Event] = {}


def idle(app: Flask) -> threading.Event:
    """Set once the jobs loop of this app has made a pass and waits (tests use it as a readiness signal)."""
    return _idle.setdefault(id(app), threading.Event())


def _loop(app: Flask, stop: threading.Event, every: float, step: Callable[[], object], name: str,
          held: threading.Event, woken: threading.Event | None = None, idle: threading.Event | None = None) -> None:
    while not stop.is_set():
        if woken is not None:
            woken.clear()  # before the pass: a job queued during it sets it again, so the wait returns at once
        if not held.is_set():  # standing by: another process holds the lease
            (woken or stop).wait(every)
            continue
        with app.app_context():
            try:
                step()
            except Exception:  # the loop must outlive a database hiccup or a bug in one job
                logger.exception("print worker: %s failed", name)
            finally:
                db.session.remove()
        if idle is not None:
            idle.set()
        if woken is not None:
            woken.wait(every)  # `stop()` sets it too, so stopping stays prompt
        else:
            stop.wait(every)


def start(app: Flask) -> threading.Event:
    """Start both loops once per app (idempotent); returns the event that stops them."""
    with _lock:
        if id(app) in _started:
            return _started[id(app)][0]
        stop = threading.Event()
        poll = float(app.config.get("PRINT_POLL_SECONDS", 0.5))
        health = float(app.config.get("PRINT_HEALTH_SECONDS", 30))
        # Taking the lease wakes the jobs loop, so a takeover prints what is waiting at once.
        keeper = lease.Keeper(app, lease.PRINT_WORKER, stop, on_gain=wake.JOBS_QUEUED.set)
        threads = [
            threading.Thread(target=keeper.run, name="print-lease", daemon=True),
            threading.Thread(target=_loop, args=(app, stop, poll, print_queue.process_pending, "jobs", keeper.held,
                                                 wake.JOBS_QUEUED, idle(app)),
                             name="print-jobs", daemon=True),
            # Its own thread: a dead printer's status timeout must not delay the other printers' jobs.
            threading.Thread(target=_loop, args=(app, stop, health, print_queue.check_health, "health",
                                                 keeper.held),
                             name="print-health", daemon=True),
        ]
        redis_url = app.config.get("REDIS_URL")
        if redis_url:  # jobs queued by other processes wake this one too (core/printing/wake.py)
            threads.append(threading.Thread(target=wake.listen, args=(redis_url, stop),
                                            name="print-wake", daemon=True))
        _started[id(app)] = (stop, threads)
        for thread in threads:
            thread.start()
        logger.info("print worker started (every %.1f s, health every %.0f s)", poll, health)
        return stop


def stop(app: Flask, timeout: float = 10.0) -> None:
    with _lock:
        entry = _started.pop(id(app), None)
    if entry is not None:
        _stop(*entry, timeout=timeout)


def stop_all(timeout: float = 5.0) -> None:
    """Stop this process's loops, whichever app started them: a gunicorn worker's exit (gunicorn.conf.py). The
    lease keeper releases «print-worker» as it stops, so the next process prints at once, not one TTL later."""
    with _lock:
        entries = list(_started.values())
        _started.clear()
    for entry in entries:
        _stop(*entry, timeout=timeout)


def _stop(event: threading.Event, threads: list[threading.Thread], timeout: float) -> None:
    event.set()
    wake.JOBS_QUEUED.set()  # the jobs loop waits on it
    for thread in threads:
        thread.join(timeout)


def install(app: Flask) -> None:
    """Start the worker with the first request this app serves."""

    def _ensure_started() -> None:
        if id(app) not in _started:
            start(app)

    app.before_request(_ensure_started)


def check_soon(app: Flask, printer_code: str) -> threading.Thread:
    """Query one printer's status off the request: a silent printer takes up to twice its timeout, and the
    result reaches the admin list live (`printer_health`) as every health check does."""

    def run() -> None:
        with app.app_context():
            try:
                print_queue.check_health(printer_code)
            except Exception:
                logger.exception("on-demand health check of %s failed", printer_code)
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name=f"printer-check-{printer_code}", daemon=True)
    thread.start()
    return thread
