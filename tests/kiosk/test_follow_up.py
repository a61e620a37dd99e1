"""End to end: a customer told at the kiosk that requirements are pending comes back the same day with them and
takes the ticket, at reception or at the kiosk again. One customer in P01, whatever screen they came back to."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import Account, Attention
from core.reporting import indicators
from core.tickets import attentions
from tests.builders import make_transaction


@pytest.fixture
def tx(app) -> str:
    return make_transaction(needs_account_check=True).code


def told_at_the_kiosk(kiosk, tx: str) -> dict:
    """The kiosk's own calls: the check (6677889 is the demo holder with a requirement pending), the screen's
    «pending» attention with the account it checked. Then the customer brings the requirement."""
    check = kiosk.post("/api/v1/accounts/check", {"account": "6677889", "transaction": tx}).get_json()["result"]
    assert check["status"] == "pending_requirements"
    answer = kiosk.post(f"/kiosk/pendiente/{tx}", {"account": "6677889"})
    assert answer.status_code == 201
    db.session.scalar(select(Account).where(Account.number == "100400")).pending_requirements = ""
    db.session.commit()
    return answer.get_json()


def test_back_at_reception_the_same_day_is_one_customer(frozen, kiosk, reception, tx) -> None:
    """Reception issues the ticket by the account number at 11:00: its attention is the kiosk's, not yet answered,
    so reception asks the P01 question then; P01 counts one customer, answered once."""
    told = told_at_the_kiosk(kiosk, tx)
    frozen.advance(hours=2)
    issued = reception.post("/recepcion/fichas", {"transaction": tx, "account": "100400"})
    assert issued.status_code == 201
    attention = issued.get_json()["attention"]
    assert (attention["token"], attention["kind"], attention["answered"]) == (told["attention"], "pending", False)
    survey = reception.post(f"/recepcion/atenciones/{attention['id']}/encuesta", {"satisfied": True})
    assert survey.status_code == 201
    p01 = indicators.p01(indicators.month(frozen.value.date()))
    assert (p01["attended"], p01["answered"], p01["satisfied"]) == (1, 1, 1)


def test_back_at_the_kiosk_the_ticket_s_page_asks_the_question_of_the_morning(frozen, kiosk, tx) -> None:
    """At the kiosk again, with the CI: one attention, and the ticket's status page carries the morning's question
    (answered already from the screen's QR: it says so instead of asking twice)."""
    told = told_at_the_kiosk(kiosk, tx)
    attentions.answer(satisfied=True, source="slip", token=told["attention"])  # from the screen's QR, on their phone
    frozen.advance(hours=3)
    ticket = kiosk.post("/api/v1/tickets", {"transaction": tx, "account": "6677889", "idempotency_key": "vuelve-123"})
    assert ticket.status_code == 201
    assert db.session.scalar(select(func.count(Attention.id))) == 1
    assert db.session.scalar(select(Attention.ticket_id)) == ticket.get_json()["ticket"]["id"]
    status_path = "/t/" + ticket.get_json()["ticket"]["status_url"].rsplit("/t/", 1)[1]
    page = kiosk.client.get(status_path).get_data(as_text=True)
    assert "Su opinión sobre la información recibida quedó registrada" in page
