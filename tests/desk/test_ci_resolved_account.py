"""Issue 10: a customer identified by CI (with or without complemento) is kept with the account it resolved to,
so the desk reads that account's debt, requirements and notes instead of a CI under «Cuenta»."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core import validation
from core.errors import Invalid
from core.extensions import db
from core.models import Account
from core.tickets import console, desk_shifts, desks, intake
from core.tx import unit_of_work
from tests.builders import make_actor, make_counter, make_transaction


def _account(number: str, ci: str, notes: str, pending: str = "") -> None:
    with unit_of_work():
        db.session.add(Account(number=number, ci=ci, holder_name="Socia de prueba", debt_amount=Decimal("0"),
                               pending_requirements=pending, notes=notes,
                               updated_at=datetime(2026, 11, 1, tzinfo=UTC)))


@pytest.mark.parametrize("typed", ["4455667-1A", "4455667-1a", " 4455667-1A "])
def test_the_desk_sees_the_notes_of_the_account_a_ci_resolved_to(frozen, agent, typed) -> None:
    """CI 4455667-1A belongs to account 880011: the ticket keeps 880011 and the desk shows its notes."""
    _account("880011", "4455667-1A", "Reclamo de facturación abierto: revisar antes de atender.")
    counter = make_counter()
    tx = make_transaction(counter.queue, needs_account_check=True).code
    ticket = intake.request_ticket(tx, actor=make_actor("recep_ci", "reception"), account=typed)
    assert ticket.account_ref == "880011"
    desk_shifts.sign_in(counter.desk, actor=agent)
    desks.call_next(counter.desk, actor=agent)
    note = console.desk_state(counter.desk)["current"]["account_note"]
    assert note["title"] == "Observación de la cuenta"
    assert "Reclamo de facturación abierto: revisar antes de atender." in note["lines"]


def test_an_unknown_ci_is_kept_as_typed(frozen) -> None:
    """Not found: the ticket keeps what the customer typed, pending verification at the desk."""
    tx = make_transaction(needs_account_check=True).code
    ticket = intake.request_ticket(tx, actor=make_actor("recep_ci2", "reception"), account="9988776-2B")
    assert (ticket.account_ref, ticket.verification) == ("9988776-2B", "unverified")


@pytest.mark.parametrize("typed", ["12", "1234567--1A", "-1234567", "1234567-", "1234 567 Ñ", "A" * 21])
def test_malformed_identities_are_refused_in_spanish(typed) -> None:
    """One rule for every screen: digits, or a CI with its complemento after one dash."""
    with pytest.raises(Invalid, match="complemento"):
        validation.customer_id(typed)


def test_the_desk_recheck_keeps_the_account_a_ci_resolved_to(frozen, agent) -> None:
    """Issued while Smartflex was down with a CI; the desk's re-check finds account 880022 and keeps it."""
    from core.accounts.smartflex import LookupUnavailable

    class Down:
        def find(self, query: str) -> None:
            raise LookupUnavailable("caído")

    counter = make_counter()
    tx = make_transaction(counter.queue, needs_account_check=True).code
    ticket = intake.request_ticket(tx, actor=make_actor("recep_ci3", "reception"), account="3344556-2B",
                                   lookup=Down())
    assert (ticket.account_ref, ticket.verification) == ("3344556-2B", "unverified")
    _account("880022", "3344556-2B", "Cliente con convenio de pago.")
    desk_shifts.sign_in(counter.desk, actor=agent)
    desks.call_next(counter.desk, actor=agent)
    assert intake.recheck_account(counter.desk, actor=agent).account_ref == "880022"
    assert "Cliente con convenio de pago." in console.desk_state(counter.desk)["current"]["account_note"]["lines"]
