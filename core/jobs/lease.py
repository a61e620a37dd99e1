"""Database leases: each scheduled job (the print worker, the folder import) runs in exactly one process.

A lease is a `job_lease` row: the job's name, its holder (host:pid:random), when it was taken and when it
expires. Taking, renewing and releasing it are one atomic statement each, on SQLite and PostgreSQL alike:

- acquire: INSERT … ON CONFLICT (name) DO UPDATE … WHERE the lease has expired or is already ours;
- renew: UPDATE … WHERE it is ours (a holder that lost it learns so and stops);
- release: UPDATE … SET expires_at = now WHERE it is ours, so a stand-by takes over at once.

A holder that dies (kill -9, a lost host) simply stops renewing: another process takes over once `expires_at`
has passed, within one TTL. Times come from core.clock. What a job does must still be safe if two holders
overlap for a moment (a paused process renewing late): the print worker claims each job with a conditional
UPDATE, so a lease only keeps the other processes idle, it is not what prevents a double print.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import case, select, update

from core import clock
from core.extensions import db
from core.models.jobs import JobLease
from core.tx import write_intent

logger = logging.getLogger(__name__)

DEFAULT_TTL = 30.0  # seconds; JOB_LEASE_SECONDS overrides it
PRINT_WORKER = "print-worker"
IMPORT_FOLDER = "import-folder"
# What an admin reads on the printers page (the job, not the mechanism: «trabajador» was jargon there).
LABELS = {PRINT_WORKER: "Impresión de fichas", IMPORT_FOLDER: "Importación automática de carpeta (Top 10)"}

_holder: tuple[int, str] | None = None


class Busy(Exception):
    """Another process holds the lease."""

    def __init__(self, name: str, holder: str | None) -> None:
        super().__init__(f"{name} held by {holder}")
        self.name = name
        self.holder = holder


def holder_id() -> str:
    """This process's holder id, host:pid:random; new after a fork (gunicorn workers get their own)."""
    global _holder
    pid = os.getpid()
    if _holder is None or _holder[0] != pid:
        _holder = (pid, f"{socket.gethostname()}:{pid}:{secrets.token_hex(4)}")
    return _holder[1]


def ttl_seconds() -> float:
    return float(current_app.config.get("JOB_LEASE_SECONDS") or DEFAULT_TTL)


def _upsert(dialect: str):  # noqa: ANN202 - the dialect's Insert
    # Only the engine's own dialect is imported: PostgreSQL's package (~2.5 MB of RSS) has no use on SQLite.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(JobLease)


def acquire(name: str, holder: str | None = None, ttl: float | None = None, now: datetime | None = None) -> bool:
    """Take the lease if it is free or expired, or extend it if it is already ours; True when we hold it."""
    holder = holder or holder_id()
    now = now or clock.now()
    expires = now + timedelta(seconds=ttl or ttl_seconds())
    table = JobLease.__table__
    with write_intent(), db.engine.begin() as conn:
        stmt = _upsert(conn.dialect.name).values(name=name, holder=holder, acquired_at=now, expires_at=expires)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.name],
            set_={"holder": holder, "expires_at": expires,
                  # a takeover starts a new tenure; a renewal keeps when it began
                  "acquired_at": case((table.c.holder == holder, table.c.acquired_at), else_=now)},
            where=(table.c.expires_at <= now) | (table.c.holder == holder),
        ).returning(table.c.holder)
        return conn.execute(stmt).first() is not None


def renew(name: str, holder: str | None = None, ttl: float | None = None, now: datetime | None = None) -> bool:
    """Extend our lease; False when it is no longer ours (expired and taken over, or released)."""
    holder = holder or holder_id()
    now = now or clock.now()
    with write_intent(), db.engine.begin() as conn:
        result = conn.execute(update(JobLease).where(JobLease.name == name, JobLease.holder == holder,
                                                     JobLease.expires_at > now)
                              .values(expires_at=now + timedelta(seconds=ttl or ttl_seconds())))
        return result.rowcount == 1


def release(name: str, holder: str | None = None, now: datetime | None = None) -> None:
    """Give the lease up now (expired as of now), if it is ours: a stand-by takes it on its next try."""
    holder = holder or holder_id()
    with write_intent(), db.engine.begin() as conn:
        conn.execute(update(JobLease).where(JobLease.name == name, JobLease.holder == holder)
                     .values(expires_at=now or clock.now()))


@dataclass(frozen=True)
class Holding:
    name: str
    label: str
    holder: str | None  # None: nobody holds it now
    acquired_at: datetime | None
    expires_at: datetime | None

    @property
    def host(self) -> str | None:
        """The server that runs the job, for a person («servidor-b»); the whole holder id when it is not ours."""
        if self.holder is None:
            return None
        host, _, rest = self.holder.partition(":")
        return host if rest.partition(":")[0].isdigit() else self.holder

    @property
    def process(self) -> str | None:
        """The process number on that server, a technical detail («4242»); the random part of the holder id only
        tells a restarted process apart."""
        pid = (self.holder or "").partition(":")[2].partition(":")[0]
        return pid if pid.isdigit() else None


def holdings(now: datetime | None = None) -> list[Holding]:
    """Who holds each known job's lease now (the admin monitor's line), known jobs first."""
    now = now or clock.now()
    rows = {row.name: row for row in db.session.scalars(select(JobLease))}
    names = [*LABELS, *sorted(set(rows) - set(LABELS))]
    result = []
    for name in names:
        row = rows.get(name)
        live = row is not None and clock.as_utc(row.expires_at) > now
        result.append(Holding(name, LABELS.get(name, name), row.holder if live else None,
                              row.acquired_at if live else None, row.expires_at if live else None))
    return result


@contextmanager
def held(name: str, ttl: float | None = None) -> Iterator[None]:
    """Run the block holding the lease, renewed in the background every third of the TTL and released at
    the end; raises Busy at once when another process holds it."""
    app = current_app._get_current_object()
    holder, ttl = holder_id(), ttl or ttl_seconds()
    if not acquire(name, holder, ttl):
        current = db.session.get(JobLease, name)
        db.session.remove()
        raise Busy(name, current.holder if current else None)
    done = threading.Event()

    def keep() -> None:
        while not done.wait(ttl / 3):
            with app.app_context():
                try:
                    if not renew(name, holder, ttl):
                        logger.error("lease %s lost by %s while its job still runs", name, holder)
                except Exception:  # a database hiccup: try again next time, the lease outlives it
                    logger.exception("renewing lease %s failed", name)

    keeper = threading.Thread(target=keep, name=f"lease-{name}", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        done.set()
        keeper.join()
        release(name, holder)


class Keeper:
    """Keeps trying to hold a lease for a long-running service (the print worker): `held` is set while this
    process holds it. Stand-bys try every third of the TTL, so one takes over within ~1⅓ TTL of a death."""

    def __init__(self, app: Flask, name: str, stop: threading.Event,
                 on_gain: Callable[[], object] | None = None) -> None:
        self.app, self.name, self.stop, self.on_gain = app, name, stop, on_gain
        self.held = threading.Event()
        self.holder = holder_id()
        with app.app_context():
            self.ttl = ttl_seconds()

    def step(self) -> None:
        with self.app.app_context():
            try:
                ours = acquire(self.name, self.holder, self.ttl)
            except Exception:  # unreachable database: stop working, it can no longer be proven ours
                logger.exception("lease %s: could not renew", self.name)
                ours = False
        if ours and not self.held.is_set():
            logger.info("lease %s taken by %s", self.name, self.holder)
            self.held.set()
            if self.on_gain is not None:
                self.on_gain()
        elif not ours and self.held.is_set():
            logger.warning("lease %s lost by %s", self.name, self.holder)
            self.held.clear()

    def run(self) -> None:
        while not self.stop.is_set():
            self.step()
            self.stop.wait(self.ttl / 3)
        if self.held.is_set():
            with self.app.app_context():
                try:
                    release(self.name, self.holder)
                except Exception:
                    logger.exception("lease %s: could not release", self.name)
            self.held.clear()
