"""The README's one-office production: one gunicorn gevent instance on SQLite, no Redis. `flask revoke-token`,
a process of its own, reaches no server; the instance's sweep (web/socket_sweep.py) disconnects the socket the
token opened anyway, and a panel's stays."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import socketio

from core.extensions import db
from core.people import users
from tests import gunicorn, services
from tests.builders import make_area
from tests.helpers import make_user

WAIT = 15  # seconds: a guard against hanging, not an assertion


def connect(base: str, token: str, gone: threading.Event) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.on("disconnect", lambda *_reason: gone.set())
    client.connect(base, auth={"token": token}, transports=["websocket"], wait_timeout=WAIT)
    return client


def test_revoke_token_from_the_command_line_disconnects_its_socket_on_a_host_without_redis(app, db_url,
                                                                                          tmp_path) -> None:
    make_user("integracion-cli", "supervisor")
    token = users.create_api_token("integracion-cli")
    token_id = users.api_token(token).id
    _device, panel_token = users.create_device("panel", "panel-cli", area=make_area().code)
    db.session.commit()
    db.session.remove()  # no read transaction of the test's while other processes write
    listener = services.listening_socket()
    server = gunicorn.start(db_url, tmp_path / "instance", listener, settings={"SOCKET_SWEEP_EVERY_S": "0.5"})
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    revoked_gone, panel_gone = threading.Event(), threading.Event()
    clients: list[socketio.Client] = []
    try:
        gunicorn.wait_ready(f"{base}/login", server)
        clients = [connect(base, token, revoked_gone), connect(base, panel_token, panel_gone)]
        env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "cli-test-key", "TURNERO_ENV": "production",
               "TURNERO_INSTANCE": str(tmp_path / "cli")}
        env.pop("REDIS_URL", None)
        command = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "revoke-token", str(token_id)],
                                 cwd=gunicorn.ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert command.returncode == 0, command.stderr
        assert revoked_gone.wait(WAIT), "the revoked token's socket is still connected"
        assert not panel_gone.is_set() and clients[1].connected
    finally:
        for client in clients:
            if client.connected:
                client.disconnect()
        services.stop(server, 20)
