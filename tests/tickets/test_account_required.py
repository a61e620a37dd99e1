"""A trámite with the account check, asked for with no account and no reason: refused in Spanish, nothing issued,
no number spent. The engine decides it inside its one read of the trámite (issue 13: no read before the write)."""

from __future__ import annotations

from core.actors import SYSTEM
from core.tickets import intake
from tests.builders import make_queue, make_transaction
from tests.helpers import bearer, device_token


def test_the_kiosk_without_an_account_is_told_to_give_one_and_no_number_is_spent(app) -> None:
    queue = make_queue()
    checked = make_transaction(queue, needs_account_check=True).code
    plain = make_transaction(queue).code
    kiosk = app.test_client()
    headers = bearer(device_token("kiosk", "kiosco-cuenta"))

    refused = kiosk.post("/api/v1/tickets", json={"transaction": checked}, headers=headers)

    assert refused.status_code == 422
    assert refused.get_json()["error"] == {"code": "account_required",
                                           "message": "Este trámite necesita su número de cuenta o de CI."}
    issued = kiosk.post("/api/v1/tickets", json={"transaction": plain}, headers=headers)
    assert issued.status_code == 201
    assert issued.get_json()["ticket"]["number"] == f"{queue.prefix}-001"  # the refusal took no number


def test_a_plain_trámite_needs_no_account(app) -> None:
    """No account and no reason on a trámite without the check: issued, nothing to verify."""
    ticket = intake.request_ticket(make_transaction().code, actor=SYSTEM)
    assert (ticket.status, ticket.verification, ticket.account_ref) == ("waiting", "none", None)
