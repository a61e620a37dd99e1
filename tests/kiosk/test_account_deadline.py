"""The Smartflex lookup gives up as a whole: a bridge trickling its answer cannot hold a ticket for minutes.

`requests`' timeout restarts at every byte, so a server sending one byte per 0.5 s held a request for over
two minutes with a 2 s timeout. The lookup now has a total deadline; past it the account is «unavailable»
(the ticket is issued as *verificación pendiente*) and the connection is closed.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import threading
from collections.abc import Iterator

import pytest

from core.accounts import smartflex
from core.accounts.smartflex import HttpLookup
from tests.helpers import bearer, device_token, token_for

TRICKLE_EVERY = 0.5  # seconds between two bytes: well under the per-read timeout, so only a total deadline helps
BODY = json.dumps({"status": "ok", "account": "100200", "holder_name": "Socio Lento"}).encode()
ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
          + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)


class OneConnection:
    """A real TCP server on 127.0.0.1 that takes one connection (the lookup's) and hands it to `answer`."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/cuentas"
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            conn.recv(65536)  # the request
            self.answer(conn)

    def answer(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        self.stopping.set()
        with contextlib.suppress(OSError):  # wake accept() if no lookup ever came
            socket.create_connection(self.listener.getsockname(), timeout=1).close()
        self.thread.join(timeout=5)
        self.listener.close()


class Trickler(OneConnection):
    """Answers one byte every TRICKLE_EVERY seconds after the first `start` bytes (0: the status line and
    headers trickle too), and notes when the client hangs up."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.closed_by_client = threading.Event()
        super().__init__()

    def answer(self, conn: socket.socket) -> None:
        conn.sendall(ANSWER[:self.start])
        for offset in range(self.start, len(ANSWER)):
            # Wait TRICKLE_EVERY before the next byte, watching for the client to hang up meanwhile.
            readable, _, _ = select.select([conn], [], [], TRICKLE_EVERY)
            if self.stopping.is_set():
                return
            if readable and conn.recv(1) == b"":
                self.closed_by_client.set()
                return
            try:
                conn.sendall(ANSWER[offset:offset + 1])
            except OSError:
                self.closed_by_client.set()
                return


@pytest.fixture(params=[0, len(ANSWER) - len(BODY)], ids=["trickled-headers", "trickled-body"])
def trickler(request) -> Iterator[Trickler]:
    server = Trickler(start=request.param)
    yield server
    server.stop()


def test_trickling_bridge_counts_as_unavailable_and_is_hung_up_on(app, trickler) -> None:
    """One byte every 0.5 s with a 1 s budget: «unavailable», and the lookup closed the connection."""
    result = smartflex.check_account("100200", lookup=HttpLookup(trickler.url, timeout=1.0))
    assert result.status == "unavailable"
    assert trickler.closed_by_client.wait(timeout=10), "the lookup left the connection open"


def test_kiosk_account_check_against_a_trickling_bridge_says_verification_pending(app, client, trickler) -> None:
    """Through the API the kiosk calls: a 200 whose result is «unavailable» with the Spanish message."""
    app.config.update(ACCOUNT_LOOKUP_URL=trickler.url, ACCOUNT_LOOKUP_TIMEOUT=1.0)
    response = client.post("/api/v1/accounts/check", json={"account": "100200"},
                           headers=bearer(device_token("kiosk")))
    assert response.status_code == 200
    result = response.get_json()["result"]
    assert result["status"] == "unavailable" and "verificación se hará en el mesón" in result["message"]
    assert trickler.closed_by_client.wait(timeout=10)


class OneAnswer(OneConnection):
    """Answers at once with one fixed JSON body."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        super().__init__()

    def answer(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     b"Content-Length: " + str(len(self.body)).encode() + b"\r\n\r\n" + self.body)


def kiosk_check_with_debt(app, client, debt: str, caller: dict | None = None) -> dict:
    """The kiosk's account check (or `caller`'s) against a bridge answering `{"debt_amount": <debt>}` (raw JSON
    text)."""
    server = OneAnswer(b'{"account": "100200", "debt_amount": ' + debt.encode() + b"}")
    try:
        app.config.update(ACCOUNT_LOOKUP_URL=server.url)
        response = client.post("/api/v1/accounts/check", json={"account": "100200"},
                               headers=caller or bearer(device_token("kiosk")))
    finally:
        server.stop()
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["result"]


@pytest.mark.parametrize("debt", ["1e30", '"1e30"', '"NaN"', "NaN", "Infinity", "-5", '"-120.50"', '"12abc"',
                                  "[1]", '{"bs": 1}'])
def test_nonsense_debt_from_the_bridge_is_unavailable_not_a_500(app, client, debt: str) -> None:
    """A debt that cannot be a real one (huge, not a number, negative) makes the check «unavailable»."""
    assert kiosk_check_with_debt(app, client, debt)["status"] == "unavailable"


def test_a_real_debt_from_the_bridge_still_blocks(app, client) -> None:
    """The largest plausible debt is read as a debt (the check above is not a blanket refusal): the kiosk is
    stopped, and reception reads the amount."""
    assert kiosk_check_with_debt(app, client, '"9999999999.99"')["status"] == "debt"
    result = kiosk_check_with_debt(app, client, '"9999999999.99"', bearer(token_for("recepcion-d", "reception")))
    assert (result["status"], result["debt_amount"]) == ("debt", "9999999999.99")
