"""Idempotency keys belong to the caller that sent them (API.md, POST /tickets).

Before, the key was unique across the whole system: a second kiosk (or a reception PC) sending a key another
caller had used got that caller's ticket back, with its number and status page, instead of its own.
"""

from __future__ import annotations

import pytest

from core.extensions import db
from core.models import Ticket
from tests.builders import Counter
from tests.helpers import bearer, device_token, login, make_user

KEY = "toque-000000000001"


@pytest.fixture
def tx(counter: Counter) -> str:
    """A transaction without the account check, as the kiosk sends it."""
    return counter.tx


def issue(client, headers: dict[str, str], tx: str, key: str = KEY) -> dict:
    response = client.post("/api/v1/tickets", json={"transaction": tx, "idempotency_key": key},
                           headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["ticket"]


def tickets() -> int:
    return db.session.scalar(db.select(db.func.count(Ticket.id)))


def test_two_kiosks_with_the_same_key_get_two_tickets(client, counter, tx) -> None:
    """Kiosk 2 reusing kiosk 1's key gets its own new ticket, not kiosk 1's."""
    prefix = counter.queue.prefix
    first = issue(client, bearer(device_token("kiosk", "kiosco-entrada")), tx)
    second = issue(client, bearer(device_token("kiosk", "kiosco-mezanine")), tx)
    assert second["id"] != first["id"] and (first["number"], second["number"]) == (f"{prefix}-001", f"{prefix}-002")
    assert tickets() == 2


def test_the_same_kiosk_with_the_same_key_gets_the_same_ticket(client, tx) -> None:
    """A retry from the same kiosk (a double tap, a lost answer) returns its ticket and issues nothing."""
    kiosk = bearer(device_token("kiosk", "kiosco-entrada"))
    first, again = issue(client, kiosk, tx), issue(client, kiosk, tx)
    assert again == first and tickets() == 1


def test_a_reception_user_and_a_kiosk_do_not_share_keys(app, client, tx) -> None:
    """Reception (a signed-in user) sending a kiosk's key gets its own ticket."""
    kiosk_ticket = issue(client, bearer(device_token("kiosk", "kiosco-entrada")), tx)
    make_user("recepcion1", "reception")
    reception = app.test_client()
    csrf = login(reception, "recepcion1")
    reception_ticket = issue(reception, {"X-CSRFToken": csrf}, tx)
    assert reception_ticket["id"] != kiosk_ticket["id"]
    assert issue(reception, {"X-CSRFToken": csrf}, tx)["id"] == reception_ticket["id"]
    assert tickets() == 2
