"""`make run` (scripts/run_demo.py) refuses early, in Spanish, before touching any database (issue 13)."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import requests

from tests.helpers import bearer
from tests.services import wait_until

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run_demo.py"


def _run(tmp_path: Path, host: str, port: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOST": host, "PORT": str(port), "TURNERO_INSTANCE": str(tmp_path / "instance")}
    return subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_demo_credentials_never_listen_on_the_network(tmp_path: Path) -> None:
    """HOST=0.0.0.0 → exit 2 with the reason; nothing migrated, no instance created."""
    result = _run(tmp_path, "0.0.0.0", 5999)  # noqa: S104 - the address being refused
    assert result.returncode == 2
    assert "contraseñas de demostración" in result.stderr and "HOST=127.0.0.1" in result.stderr
    assert not (tmp_path / "instance").exists()


def test_a_busy_port_gets_a_spanish_hint(tmp_path: Path) -> None:
    """Port taken → exit 2 at once with the next port to try, instead of a gunicorn traceback after migrating."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run(tmp_path, "127.0.0.1", port)
    assert result.returncode == 2
    assert f"El puerto {port} ya está en uso" in result.stderr and f"PORT={port + 1}" in result.stderr
    assert not (tmp_path / "instance").exists()


def test_migrating_lists_the_migrations_only(tmp_path: Path) -> None:
    """`flask db upgrade` (the first thing `make run` prints) lists the migrations it runs, without the seven
    «setup plugin alembic.…» lines Alembic logs as it is imported."""
    env = {**os.environ, "SECRET_KEY": "migrate", "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}",
           "TURNERO_INSTANCE": str(tmp_path / "instance")}
    flask = Path(sys.executable).parent / "flask"
    result = subprocess.run([str(flask), "--app", "wsgi", "db", "upgrade"], cwd=SCRIPT.parents[1], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Running upgrade  -> d548f23b8a45, initial schema" in output
    assert "setup plugin" not in output


def _serve(tmp_path: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "TURNERO_INSTANCE": str(tmp_path / "instance")}
    return subprocess.Popen([sys.executable, str(SCRIPT)], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def test_a_demo_started_again_the_next_day_starts_it_clean(tmp_path: Path) -> None:
    """The demo's first run leaves a ticket waiting; started again on a later business day, it closes that ticket
    (a deployment's nightly timer does it) instead of showing, counting and calling it as today's."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base, first_log = f"http://127.0.0.1:{port}", tmp_path / "first.log"
    proc = _serve(tmp_path, port, first_log)
    try:
        wait_until(lambda: "Listening at" in first_log.read_text(), 120, "the demo serving")
        kiosk = re.search(r"/kiosk\?token=(\S+)", first_log.read_text()).group(1)
        issued = requests.post(f"{base}/api/v1/tickets", headers=bearer(kiosk), timeout=30,
                               json={"transaction": "V_COBERTURA", "idempotency_key": "demo-ayer-0001"})
        assert issued.status_code == 201, issued.text
        ticket = issued.json()["ticket"]
    finally:
        _stop(proc)
    database = tmp_path / "instance" / "turnero.db"
    with closing(sqlite3.connect(database)) as connection, connection:  # that ticket was issued yesterday
        connection.execute("UPDATE ticket SET day = date(day, '-1 day') WHERE id = ?", (ticket["id"],))

    second_log = tmp_path / "second.log"
    proc = _serve(tmp_path, port, second_log)
    try:
        wait_until(lambda: "Listening at" in second_log.read_text(), 120, "the demo serving again")
    finally:
        _stop(proc)
    with closing(sqlite3.connect(database)) as connection:
        status = connection.execute("SELECT status FROM ticket WHERE id = ?", (ticket["id"],)).fetchone()[0]
    assert status == "cancelled"


def _started(tmp_path: Path, port: int, log: Path) -> str:
    """Run the demo until it serves, stop it; what it printed."""
    proc = _serve(tmp_path, port, log)
    try:
        wait_until(lambda: "Listening at" in log.read_text(), 120, "the demo serving")
    finally:
        _stop(proc)
    return log.read_text()


def test_the_demo_users_are_listed_once_with_their_current_password(tmp_path: Path) -> None:
    """First run: each demo user printed once (not by the seed and again by the summary). Its database deleted and
    the demo started again: each user still once, with the new password only, in aligned columns."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    first = _started(tmp_path, port, tmp_path / "first.log")
    (tmp_path / "instance" / "turnero.db").unlink()
    second = _started(tmp_path, port, tmp_path / "second.log")
    credentials = (tmp_path / "instance" / "demo-credentials.txt").read_text()
    current = dict(re.findall(r"usuario (\S+)\s+contraseña (\S+)", credentials))
    assert len(re.findall(r"^usuario ", credentials, re.M)) == len(current)
    for output in (first, second):
        summary = output[output.index("Usuarios de demostración"):output.index("(también en")].splitlines()[1:]
        assert sorted(line.split()[0] for line in summary) == sorted(current)
        assert len({line.index(line.split()[1]) for line in summary}) == 1, summary  # one password column
        for name in current:  # never also by the seed, nor once per password it ever had
            assert len(re.findall(rf"^\s*(usuario )?{name}\s", output, re.M)) == 1, name
    assert {line.split()[0]: line.split()[1] for line in summary} == current  # the second run's: today's passwords
