"""gunicorn's access log (the production command, which reads gunicorn.conf.py from the repository root) never
holds a device token: a kiosk's start URL is logged without its query string."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests

from core.extensions import db
from core.people import users
from tests import services
from tests.deploy.test_gunicorn import ROOT, _wait_ready


def test_access_log_drops_the_token_of_a_start_url(app, db_url, tmp_path: Path) -> None:
    _device, token = users.create_device("kiosk", "kiosco-log")
    db.session.remove()
    port, access_log = services.free_port(), tmp_path / "access.log"
    env = {**os.environ, "SECRET_KEY": "gunicorn-test-key", "DATABASE_URL": db_url, "TURNERO_ENV": "production",
           "TURNERO_INSTANCE": str(tmp_path / "instance"), "SOCKETIO_ASYNC_MODE": "gevent", "PRINT_WORKER": "false",
           "SESSION_COOKIE_SECURE": "false"}
    env.pop("REDIS_URL", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "--worker-class", "gevent", "--workers", "1", "--bind",
                               f"127.0.0.1:{port}", "--graceful-timeout", "2", "--access-logfile", str(access_log),
                               "wsgi:app"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(f"{base}/login")
        kiosk = requests.Session()
        assert kiosk.get(f"{base}/kiosk?token={token}", timeout=10).status_code == 200
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    logged = access_log.read_text()
    assert '"GET /kiosk?[oculto] HTTP/1.1" 302' in logged and '"GET /kiosk HTTP/1.1" 200' in logged
    assert token not in logged
