"""Issue 10: `POST /api/v1/tickets` takes reception's `override_reason` (COM-DSC-P01 act. 7), by the same rule
as the reception screen: only reception (and supervisors) may issue past a debt, and only with a reason."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select

from core.extensions import db
from core.models import Account, Ticket
from core.tx import unit_of_work
from tests.builders import make_transaction
from tests.helpers import bearer, device_token, token_for

DEBTOR = "7700100"


def _debtor() -> None:
    with unit_of_work():
        db.session.add(Account(number=DEBTOR, ci="", holder_name="Socio Moroso", debt_amount=Decimal("120.00"),
                               updated_at=datetime(2026, 11, 1, tzinfo=UTC)))


def _post(client, token: str, tx: str, **extra: object):
    return client.post("/api/v1/tickets", headers=bearer(token),
                       json={"transaction": tx, "account": DEBTOR, **extra})


def _tickets() -> int:
    return db.session.scalar(select(func.count(Ticket.id))) or 0


def test_reception_issues_past_a_debt_with_a_reason(client, app) -> None:
    """Reception's token with a reason: 201, the ticket says «override» and the desk reads the reason."""
    _debtor()
    tx = make_transaction(needs_account_check=True).code
    response = _post(client, token_for("recep_api", "reception"), tx,
                     override_reason="Viene a pagar la deuda en Cartera")
    assert response.status_code == 201, response.get_json()
    ticket = db.session.get(Ticket, response.get_json()["ticket"]["id"])
    assert ticket.verification == "override"
    assert "Motivo: Viene a pagar la deuda en Cartera" in ticket.verification_note


def test_a_blank_or_short_reason_is_refused_in_spanish(client, app) -> None:
    """An override with no real reason is a 422 that says to write it, and issues nothing."""
    _debtor()
    tx = make_transaction(needs_account_check=True).code
    token = token_for("recep_api", "reception")
    for reason in ("", "   ", "ok"):
        response = _post(client, token, tx, override_reason=reason)
        assert response.status_code == 422, reason
        message = response.get_json()["error"]["message"]
        assert message == "Escriba el motivo para emitir la ficha pese a la verificación."
    assert _tickets() == 0


def test_without_an_override_the_debt_still_stops_the_ticket(client, app) -> None:
    """No `override_reason`: the debt answers 409 with what the customer must do, as before."""
    _debtor()
    tx = make_transaction(needs_account_check=True).code
    response = _post(client, token_for("recep_api", "reception"), tx)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "account_debt"
    assert _tickets() == 0


def test_the_kiosk_may_not_override(client, app) -> None:
    """A kiosk device sending a reason is refused (403), however good the reason."""
    _debtor()
    tx = make_transaction(needs_account_check=True).code
    response = _post(client, device_token("kiosk"), tx, override_reason="El cliente insiste mucho")
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == ("Solo Recepción puede emitir una ficha pese a la "
                                                       "verificación de la cuenta.")
    assert _tickets() == 0


def test_a_desk_agent_may_not_issue_or_override(client, app) -> None:
    """An agent's token is not a ticket issuer at all: 403, nothing issued."""
    _debtor()
    tx = make_transaction(needs_account_check=True).code
    response = _post(client, token_for("asesor_api", "agent"), tx, override_reason="El cliente insiste mucho")
    assert response.status_code == 403 and _tickets() == 0
