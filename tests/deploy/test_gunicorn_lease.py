"""A gunicorn worker that stops hands the «print-worker» lease over on its way out (gunicorn.conf.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import Flask

from core.extensions import db
from core.jobs import lease
from tests import gunicorn, services


def _holder() -> str | None:
    db.session.remove()  # a fresh read: the server writes the row from another process
    now = datetime.now(UTC)  # the server's real time, not the test's business-day clock
    return next(h.holder for h in lease.holdings(now) if h.name == lease.PRINT_WORKER)


def test_a_stopped_server_frees_the_print_lease(app: Flask, db_url: str, tmp_path: Path) -> None:
    """The print worker in the web process (`make run`, a one-instance office). After SIGTERM the lease is
    free at once, so the server started next prints the tickets of its first seconds. Before, the lease stayed
    held for its 30 s TTL, and every kiosk of the office showed «Imprimiendo…» for that long after a restart."""
    db.session.remove()
    listener = services.listening_socket()
    server = gunicorn.start(db_url, tmp_path / "instance", listener, settings={"PRINT_WORKER": "true"})
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    try:
        gunicorn.wait_ready(f"{base}/login", server)  # its first request starts the print worker
        services.wait_until(_holder, 30, "the server taking the print-worker lease")
    finally:
        assert services.stop(server, 20), "gunicorn did not stop on SIGTERM within 20 s"
    assert _holder() is None, "the stopped server still holds the print-worker lease"


def test_instances_of_one_host_open_no_control_socket(app: Flask, db_url: str, tmp_path: Path) -> None:
    """gunicorn ≥ 24 opens a control socket at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn): each instance
    of a host (turnero@.service) took it over from the one started before it. gunicorn.conf.py turns it off."""
    db.session.remove()
    home = tmp_path / "home"
    home.mkdir()
    listener = services.listening_socket()
    server = gunicorn.start(db_url, tmp_path / "instance", listener,
                            settings={"HOME": str(home), "XDG_RUNTIME_DIR": str(home)})
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    try:
        gunicorn.wait_ready(f"{base}/login", server)
        assert list(home.iterdir()) == []
    finally:
        assert services.stop(server, 20), "gunicorn did not stop on SIGTERM within 20 s"
