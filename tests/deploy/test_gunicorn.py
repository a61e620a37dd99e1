"""The production shape: gunicorn's gevent worker, one process, serving HTTP and WebSocket together."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import requests
import socketio

from core.actors import SYSTEM
from core.people import users
from core.tickets.engine import issue_ticket
from tests import gunicorn, services
from tests.helpers import bearer, make_user

pytestmark = pytest.mark.postgres



def test_gevent_worker_delivers_a_call_to_a_panel(app, db_url, tmp_path, counter) -> None:
    """Under the production command's gevent worker a panel's WebSocket gets `ticket_called` when an agent calls via
    the API. gevent runs in the worker only: gunicorn's master never imports it (web/gevent_worker.py, ~6 MB)."""
    _device, panel_token = users.create_device("panel", "panel-gunicorn", area=counter.area.code)
    make_user("asesor-g", "agent")
    api_token = users.create_api_token("asesor-g")
    label = issue_ticket(counter.tx, actor=SYSTEM).label  # read before the session ends below
    from core.extensions import db

    db.session.remove()  # release the test's read transaction before another process writes
    listener = services.listening_socket()
    server = gunicorn.start(db_url, tmp_path / "gunicorn-instance", listener)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()  # gunicorn holds its own copy
    client = socketio.Client(reconnection=False)
    received: list[dict] = []
    snapshot = threading.Event()
    called = threading.Event()
    client.on("snapshot", lambda data: snapshot.set())
    client.on("ticket_called", lambda data: (received.append(data), called.set()))
    try:
        gunicorn.wait_ready(f"{base}/login")
        client.connect(base, auth={"token": panel_token}, transports=["websocket"], wait_timeout=10)
        assert client.transport() == "websocket"
        assert snapshot.wait(10), "no snapshot on connect"
        response = requests.post(f"{base}/api/v1/desks/{counter.desk}/call-next", headers=bearer(api_token), timeout=10)
        assert response.status_code == 200, response.text
        assert response.json()["ticket"]["number"] == label
        assert called.wait(15), "the panel got no ticket_called"  # a bound on failure: the bench measures speed
        assert received[0]["number"] == label and received[0]["desk"] == counter.desk
        workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert len(workers) == 1
        assert _loads_gevent(int(workers[0])) and not _loads_gevent(server.pid)
    finally:
        if client.connected:
            client.disconnect()
        services.stop(server, 20)
        if server.returncode not in (0, -15, None) and server.stderr:
            print(server.stderr.read().decode()[-3000:])


def _loads_gevent(pid: int) -> bool:
    """gevent's compiled hub and loop are mapped into every process that imported gevent."""
    return "/gevent/" in Path(f"/proc/{pid}/maps").read_text()
