"""gunicorn's access log (the production command, which reads gunicorn.conf.py from the repository root) never
holds a device token: a kiosk's start URL is logged without its query string."""

from __future__ import annotations

from pathlib import Path

import requests

from core.extensions import db
from core.people import users
from tests import gunicorn, services


def test_access_log_drops_the_token_of_a_start_url(app, db_url, tmp_path: Path) -> None:
    _device, token = users.create_device("kiosk", "kiosco-log")
    db.session.remove()
    access_log = tmp_path / "access.log"
    listener = services.listening_socket()
    server = gunicorn.start(db_url, tmp_path / "instance", listener, "--access-logfile", str(access_log))
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()  # gunicorn holds its own copy
    try:
        gunicorn.wait_ready(f"{base}/login")
        kiosk = requests.Session()
        assert kiosk.get(f"{base}/kiosk?token={token}", timeout=10).status_code == 200
    finally:
        services.stop(server)
    logged = access_log.read_text()
    assert '"GET /kiosk?[oculto] HTTP/1.1" 302' in logged and '"GET /kiosk HTTP/1.1" 200' in logged
    assert token not in logged
