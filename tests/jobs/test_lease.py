"""Scheduled jobs run in exactly one process (issue 13, item 3): the job lease in the database, on SQLite and
PostgreSQL, taken, renewed and released by one atomic statement each."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from flask import Flask

from core.extensions import db
from core.jobs import lease
from tests.helpers import FrozenClock

pytestmark = pytest.mark.postgres

A, B = "servidor-a:101:aaaa", "servidor-b:202:bbbb"


def test_only_one_holder_until_the_lease_expires(app: Flask, frozen: FrozenClock) -> None:
    """A holds the lease; B is refused while it is live and takes it over once A stopped renewing past the TTL;
    A's late renewal then fails, so A knows to stop."""
    assert lease.acquire("trabajo", A, ttl=30)
    assert not lease.acquire("trabajo", B, ttl=30)
    frozen.advance(seconds=20)
    assert lease.renew("trabajo", A, ttl=30)  # now live until +50 s
    frozen.advance(seconds=29)
    assert not lease.acquire("trabajo", B, ttl=30)
    frozen.advance(seconds=2)  # A renewed nothing for 31 s: expired
    assert lease.acquire("trabajo", B, ttl=30)
    assert not lease.renew("trabajo", A, ttl=30)
    assert not lease.acquire("trabajo", A, ttl=30)
    assert [(h.name, h.holder) for h in lease.holdings() if h.name == "trabajo"] == [("trabajo", B)]


def test_release_hands_over_at_once(app: Flask, frozen: FrozenClock) -> None:
    """A released lease is free now, not after its TTL; releasing someone else's lease does nothing."""
    assert lease.acquire("trabajo", A, ttl=300)
    lease.release("trabajo", B)
    assert not lease.acquire("trabajo", B, ttl=300)
    lease.release("trabajo", A)
    assert lease.acquire("trabajo", B, ttl=300)


def test_concurrent_acquires_have_exactly_one_winner(app: Flask) -> None:
    """Eight processes' worth of holders race for a free lease, and for it again once released: one wins each
    time."""
    for _round in range(2):
        start = threading.Barrier(8)
        won: list[str] = []

        def race(holder: str, start: threading.Barrier = start, won: list[str] = won) -> None:
            with app.app_context():
                start.wait()
                if lease.acquire("carrera", holder, ttl=60):
                    won.append(holder)
                db.session.remove()

        threads = [threading.Thread(target=race, args=(f"h:{n}:x",)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(won) == 1, won
        lease.release("carrera", won[0])


def test_holder_id_names_host_and_process(app: Flask) -> None:
    import os
    import socket

    host, pid, suffix = lease.holder_id().rsplit(":", 2)
    assert (host, pid) == (socket.gethostname(), str(os.getpid())) and suffix


def test_held_refuses_a_second_run_and_releases_at_the_end(app: Flask) -> None:
    """`held` raises Busy naming the holder while another process runs the job, and frees the lease when
    its block ends, even on an error."""
    assert lease.acquire(lease.IMPORT_FOLDER, A, ttl=60)
    with pytest.raises(lease.Busy) as busy, lease.held(lease.IMPORT_FOLDER):
        pass
    assert busy.value.holder == A
    lease.release(lease.IMPORT_FOLDER, A)
    with pytest.raises(RuntimeError), lease.held(lease.IMPORT_FOLDER):
        assert [h.holder for h in lease.holdings() if h.name == lease.IMPORT_FOLDER] == [lease.holder_id()]
        raise RuntimeError("falla a mitad")
    assert lease.acquire(lease.IMPORT_FOLDER, B, ttl=60)


def test_held_renews_while_its_job_runs_longer_than_the_ttl(app: Flask) -> None:
    """An import longer than the TTL keeps its lease: the block's keeper renews it."""

    from tests.services import wait_until

    with lease.held("larga", ttl=0.6):
        first = db.session.get(lease.JobLease, "larga").expires_at
        db.session.remove()

        def renewed() -> bool:
            value = db.session.get(lease.JobLease, "larga").expires_at
            db.session.remove()
            return value > first

        wait_until(renewed, 10, "the lease renewed")
        assert not lease.acquire("larga", B, ttl=0.6)


def test_the_import_folder_cli_names_the_other_run(app: Flask, tmp_path: Path) -> None:
    """`flask import-folder` while another host runs it: says so in Spanish, touches nothing, exit 0."""
    (tmp_path / "reportes").mkdir()
    app.config["TOP10_IMPORT_DIR"] = str(tmp_path)
    assert lease.acquire(lease.IMPORT_FOLDER, A, ttl=60)
    result = app.test_cli_runner().invoke(args=["import-folder"])
    assert result.exit_code == 0
    assert f"Otra importación de carpeta está en curso ({A}): no se hizo nada." in result.output
