"""Redis going down under a running app (production settings: rate-limit counters and the Socket.IO message queue
in Redis) degrades live updates between instances; issuing, calling and signing in keep working."""

from __future__ import annotations

import queue
from pathlib import Path

import pytest
import requests
import socketio

from core.extensions import db
from tests import services
from tests.builders import Counter, make_transaction
from tests.helpers import PASSWORD, bearer, csrf_from, device_token, make_user, token_for
from tests.realtime.instance import running_instance

WAIT = 15  # seconds: a guard against hanging, not an assertion


@pytest.fixture
def own_redis():
    """A Redis of this test alone, since the test stops it."""
    try:
        with services.redis_process() as server:
            yield server
    except services.ServiceUnavailable as error:
        pytest.fail(str(error))


def _sign_in(base: str, username: str) -> requests.Response:
    browser = requests.Session()
    csrf = csrf_from(browser.get(f"{base}/login", timeout=WAIT).text)
    return browser.post(f"{base}/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf},
                        allow_redirects=False, timeout=WAIT)


def _issue_and_call(base: str, kiosk: str, agent: str, key: str, tx: str,
                    desk: str) -> tuple[requests.Response, requests.Response]:
    body = {"transaction": tx, "account": "4455667", "idempotency_key": key}
    issued = requests.post(f"{base}/api/v1/tickets", json=body, headers=bearer(kiosk), timeout=WAIT)
    called = requests.post(f"{base}/api/v1/desks/{desk}/call-next", headers=bearer(agent), timeout=WAIT)
    return issued, called


@pytest.mark.redis
def test_issue_call_and_login_survive_redis_going_down(app, db_url, own_redis, tmp_path: Path,
                                                       counter: Counter) -> None:
    """With Redis stopped mid-run: a kiosk ticket (201) of a transaction with the account check, the desk's
    *Llamar siguiente* (200) and a sign-in (302) all succeed, and a panel on the same instance still hears the
    call."""
    tx, desk = make_transaction(counter.queue, needs_account_check=True).code, counter.desk
    kiosk, agent = device_token("kiosk"), token_for("asesor1", "agent")
    panel_token = device_token("panel", area=counter.area.code)
    make_user("recepcion1", "reception")
    db.session.commit()
    db.session.remove()  # no read transaction of the test in the way of the server's writes
    with running_instance(db_url, own_redis.url, tmp_path / "a", limits_in_redis=True) as base:
        before = requests.post(f"{base}/api/v1/tickets", headers=bearer(kiosk), timeout=WAIT,
                               json={"transaction": tx, "account": "4455667",
                                     "idempotency_key": "before-redis-stops"})
        assert before.status_code == 201 and before.headers["X-RateLimit-Limit"] == "600"

        calls: queue.Queue[dict] = queue.Queue()
        panel = socketio.Client(reconnection=False)
        panel.on("ticket_called", calls.put)
        panel.connect(base, auth={"token": panel_token}, transports=["websocket"], wait_timeout=WAIT)
        try:
            own_redis.stop()
            issued, called = _issue_and_call(base, kiosk, agent, "after-redis-stopped", tx, desk)
            assert issued.status_code == 201, issued.text
            assert called.status_code == 200, called.text
            assert called.json()["ticket"]["number"] == before.json()["ticket"]["number"]
            assert calls.get(timeout=WAIT)["number"] == before.json()["ticket"]["number"]
            signed_in = _sign_in(base, "recepcion1")
            assert signed_in.status_code == 302 and not signed_in.headers["Location"].endswith("/login")
        finally:
            panel.disconnect()
