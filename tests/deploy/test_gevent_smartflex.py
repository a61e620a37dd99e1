"""Under the production worker (gunicorn's gevent, one process, SQLite) a slow Smartflex answer to a desk's
«Volver a verificar la cuenta» must not hold the kiosks.

The desk asked Smartflex inside its write transaction. On SQLite that transaction holds the write lock, and a
kiosk's issue waiting for that lock waits inside SQLite's C code: under gevent no other greenlet runs meanwhile,
so the desk's request could not even read Smartflex's answer. The whole worker stalled until the kiosk's
busy timeout ran out, and the kiosk got a 503.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from core.actors import Actor
from core.extensions import db
from core.people import users
from core.tickets import desks
from core.tickets.engine import issue_ticket
from tests import gunicorn, services
from tests.builders import make_counter, make_transaction, make_user
from tests.helpers import bearer
from tests.realtime.live import WAIT


class SlowSmartflex(ThreadingHTTPServer):
    """A Smartflex gateway that answers «al día» only when the test lets it (`release`)."""

    def __init__(self) -> None:
        self.asked = threading.Event()
        self.release = threading.Event()
        super().__init__(("127.0.0.1", 0), _Answer)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/cuentas"


class _Answer(BaseHTTPRequestHandler):
    server: SlowSmartflex

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.asked.set()
        self.server.release.wait(WAIT)
        body = json.dumps({"account": "100200", "holder_name": "Cliente de prueba"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


def test_kiosks_keep_issuing_while_smartflex_answers_a_desk(app, db_url, tmp_path, monkeypatch) -> None:
    """While Smartflex takes its time answering a desk's recheck, a kiosk's ticket is issued (201, not a 503
    after the lock's timeout); then the desk gets its answer."""
    counter = make_counter()
    checked = make_transaction(counter.queue, needs_account_check=True)
    agent = make_user("asesor-lento")
    token = users.create_api_token(agent.username)
    _device, kiosk = users.create_device("kiosk", "kiosko-gevent")
    # A ticket issued while Smartflex was down, now at the agent's desk.
    issue_ticket(checked.code, actor=Actor.of_user(agent), account="100200", verification="unverified",
                 verification_note="Verificación pendiente: el sistema de cuentas no respondió al emitir la ficha.")
    desks.call_next(counter.desk, actor=Actor.of_user(agent))
    db.session.remove()  # release the test's read transaction before another process writes

    smartflex = SlowSmartflex()
    threading.Thread(target=smartflex.serve_forever, daemon=True).start()
    monkeypatch.setenv("ACCOUNT_LOOKUP_URL", smartflex.url)
    monkeypatch.setenv("ACCOUNT_LOOKUP_TIMEOUT", str(WAIT))
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT", "2")  # the kiosk's wait for the lock, before a 503
    listener = services.listening_socket()
    server = gunicorn.start(db_url, tmp_path / "gunicorn-instance", listener)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    recheck: dict[str, requests.Response] = {}

    def desk_rechecks() -> None:
        recheck["answer"] = requests.post(f"{base}/api/v1/desks/{counter.desk}/recheck-account",
                                          headers=bearer(token), timeout=WAIT * 2)

    try:
        gunicorn.wait_ready(f"{base}/login", server)
        desk = threading.Thread(target=desk_rechecks)
        desk.start()
        assert smartflex.asked.wait(WAIT), "the desk's recheck never reached Smartflex"
        issued = requests.post(f"{base}/api/v1/tickets", json={"transaction": counter.tx}, headers=bearer(kiosk),
                               timeout=WAIT * 2)
        smartflex.release.set()
        desk.join(WAIT * 2)
        assert issued.status_code == 201, issued.text
        assert recheck["answer"].status_code == 200, recheck["answer"].text
        assert recheck["answer"].json()["verification"] == "ok"
    finally:
        smartflex.release.set()
        smartflex.shutdown()
        services.stop(server)
