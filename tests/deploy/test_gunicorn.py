"""The production shape: gunicorn's gevent worker, one process, serving HTTP and WebSocket together."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
import socketio

from core.actors import SYSTEM
from core.people import users
from core.tickets.engine import issue_ticket
from tests import services
from tests.helpers import bearer, make_user

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]


def _start_gunicorn(db_url: str, instance: Path, listener: socket.socket, *options: str) -> subprocess.Popen:
    """gunicorn serving on a socket this process bound to port 0 and hands over (`--bind fd://N`); `options`
    are more gunicorn arguments."""
    env = {**os.environ, "SECRET_KEY": "gunicorn-test-key", "DATABASE_URL": db_url, "TURNERO_ENV": "production",
           "TURNERO_INSTANCE": str(instance), "SOCKETIO_ASYNC_MODE": "gevent", "PRINT_WORKER": "false",
           "SESSION_COOKIE_SECURE": "false"}
    env.pop("REDIS_URL", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen([str(gunicorn), "--worker-class", "gevent", "--workers", "1", "--bind",
                             f"fd://{listener.fileno()}", "--graceful-timeout", "2", *options,
                             "wsgi:app"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(listener.fileno(),))


def _wait_ready(url: str, timeout: float = 60.0) -> None:
    """The master listens before the worker has imported the app: wait for a real answer."""
    def answers() -> bool:
        try:
            return requests.get(url, timeout=5).status_code == 200
        except requests.RequestException:
            return False

    services.wait_until(answers, timeout, f"gunicorn answering {url}", interval=0.2)


def test_gevent_worker_delivers_a_call_to_a_panel(app, db_url, tmp_path, counter) -> None:
    """Under `gunicorn -k gevent` a panel's WebSocket gets `ticket_called` when an agent calls via the API."""
    _device, panel_token = users.create_device("panel", "panel-gunicorn", area=counter.area.code)
    make_user("asesor-g", "agent")
    api_token = users.create_api_token("asesor-g")
    label = issue_ticket(counter.tx, actor=SYSTEM).label  # read before the session ends below
    from core.extensions import db

    db.session.remove()  # release the test's read transaction before another process writes
    listener = services.listening_socket()
    server = _start_gunicorn(db_url, tmp_path / "gunicorn-instance", listener)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()  # gunicorn holds its own copy
    client = socketio.Client(reconnection=False)
    received: list[dict] = []
    snapshot = threading.Event()
    called = threading.Event()
    client.on("snapshot", lambda data: snapshot.set())
    client.on("ticket_called", lambda data: (received.append(data), called.set()))
    try:
        _wait_ready(f"{base}/login")
        client.connect(base, auth={"token": panel_token}, transports=["websocket"], wait_timeout=10)
        assert client.transport() == "websocket"
        assert snapshot.wait(10), "no snapshot on connect"
        response = requests.post(f"{base}/api/v1/desks/{counter.desk}/call-next", headers=bearer(api_token), timeout=10)
        assert response.status_code == 200, response.text
        assert response.json()["ticket"]["number"] == label
        assert called.wait(5), "the panel got no ticket_called"
        assert received[0]["number"] == label and received[0]["desk"] == counter.desk
    finally:
        if client.connected:
            client.disconnect()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        if server.returncode not in (0, -15, None) and server.stderr:
            print(server.stderr.read().decode()[-3000:])
