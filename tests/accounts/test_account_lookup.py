"""The account check: local table and HTTP JSON service, and what each view of the result shows."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from core.accounts import smartflex
from core.accounts.smartflex import HttpLookup
from core.actors import Actor
from core.errors import Invalid
from core.extensions import db
from core.models import Device
from tests.helpers import SmartflexProbe

SMARTFLEX = {
    "100300": {"account": "100300", "holder_name": "Socio Remoto", "ci": "998877", "debt_amount": "120.00",
               "pending_requirements": []},
    "100500": {"status": "ok", "account": "100500", "holder_name": "Otro Socio"},
}


class _Gateway(BaseHTTPRequestHandler):
    """A real HTTP server standing in for the Smartflex gateway."""

    def do_GET(self) -> None:  # noqa: N802
        query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
        if query == "lento":  # held until the test ends: slower than any client timeout
            self.server.release.wait(60)
        if query == "roto":
            body, status = b"<html>error</html>", 500
        elif query in SMARTFLEX:
            body, status = json.dumps(SMARTFLEX[query]).encode(), 200
        else:
            body, status = b'{"error": "no existe"}', 404
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cuentas"
    server.release.set()
    server.shutdown()
    server.server_close()


def test_local_account_up_to_date_is_ok(app, demo) -> None:
    """An account with no debt and nothing pending is ok."""
    assert smartflex.check_account("100200").status == "ok"


def test_local_account_with_debt_reports_amount_and_where_to_pay(app, demo) -> None:
    """Debt gives the places to pay it (activity 7) to the customer, and its amount to staff only."""
    result = smartflex.check_account("100300")
    assert result.status == "debt"
    assert "debt_amount" not in result.public() and "Cartera" in result.public()["pay_at"]
    assert result.staff()["debt_amount"] == "350.50"


def test_local_account_with_pending_requirements_lists_them(app, demo) -> None:
    """Pending requirements come back as a list the customer can read."""
    result = smartflex.check_account("100400")
    assert result.status == "pending_requirements"
    assert result.public()["pending_requirements"] == ["Fotocopia de cédula de identidad actualizada"]


def test_local_lookup_finds_an_account_by_ci(app, demo) -> None:
    """The customer may type their CI instead of the account number."""
    result = smartflex.check_account("5566778")
    assert (result.status, result.account) == ("debt", "100300")


def test_unknown_account_is_not_found(app, demo) -> None:
    """A number that matches nothing is reported as not found."""
    result = smartflex.check_account("999999")
    assert result.status == "not_found"
    assert result.summary() == "cuenta o CI «999999» sin coincidencias"  # the staff note, whatever the gender


def test_customer_view_never_carries_name_or_ci(app, demo) -> None:
    """The kiosk's view of a result has no holder name, CI or notes; the staff view has them."""
    result = smartflex.check_account("100300")
    public = json.dumps(result.public())
    assert "Socio Demo" not in public and "5566778" not in public and "holder_name" not in public
    assert result.staff()["holder_name"] == "Socio Demo Con Deuda" and result.staff()["ci"] == "5566778"


def test_query_must_look_like_an_account_or_ci(app) -> None:
    """Letters and symbols beyond an account's are refused with a Spanish message."""
    with pytest.raises(Invalid, match="número de cuenta"):
        smartflex.check_account("1; drop")


def test_http_lookup_reads_the_gateway_answer(app, gateway) -> None:
    """The HTTP source turns the gateway's JSON into a debt result."""
    result = smartflex.check_account("100300", lookup=HttpLookup(gateway, 2.0))
    assert (result.status, str(result.debt_amount), result.holder_name) == ("debt", "120.00", "Socio Remoto")


def test_http_lookup_404_is_not_found(app, gateway) -> None:
    """The gateway's 404 means the account does not exist."""
    assert smartflex.check_account("123456", lookup=HttpLookup(gateway, 2.0)).status == "not_found"


def test_http_lookup_server_error_is_unavailable(app, gateway) -> None:
    """A gateway answering 500 with HTML counts as down, never as a verdict."""
    assert smartflex.check_account("roto", lookup=HttpLookup(gateway, 2.0)).status == "unavailable"


def test_http_lookup_slower_than_the_timeout_is_unavailable(app, gateway) -> None:
    """A gateway slower than the configured timeout counts as down."""
    assert smartflex.check_account("lento", lookup=HttpLookup(gateway, 0.3)).status == "unavailable"


def test_http_lookup_on_a_closed_port_is_unavailable(app, closed_port: int) -> None:
    """Nothing listening at ACCOUNT_LOOKUP_URL: unavailable at once."""
    app.config["ACCOUNT_LOOKUP_URL"] = f"http://127.0.0.1:{closed_port}/cuentas"
    assert smartflex.check_account("100200").status == "unavailable"


def test_the_account_check_gives_its_connection_back_before_asking_smartflex(app, demo) -> None:
    """POST /api/v1/accounts/check reads the caller first (a transaction); Smartflex is asked after it ended."""
    kiosk = Actor.of_device(db.session.get(Device, demo.kiosk_id))  # the authentication's read
    probe = SmartflexProbe()
    assert smartflex.answer("100200", actor=kiosk, lookup=probe)["status"] == "ok"
    assert probe.open_transaction_seen is False
    assert db.session.scalar(select(Device.name).where(Device.id == demo.kiosk_id))  # the session still works
