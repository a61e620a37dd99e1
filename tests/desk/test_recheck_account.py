"""The desk re-runs the account check of a ticket issued while Smartflex was down."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from core.accounts.smartflex import LookupUnavailable
from core.errors import Invalid
from core.extensions import db
from core.models import Desk, Ticket, TicketEvent
from core.tickets import desks, intake
from tests.builders import make_desk, make_queue, make_ticket, make_transaction
from tests.helpers import SmartflexProbe


class Gateway:
    """Smartflex as the desk sees it: down first, then answering with the given account."""

    def __init__(self, *answers: dict[str, Any] | None) -> None:
        self.answers = list(answers)

    def find(self, query: str) -> dict[str, Any] | None:
        answer = self.answers.pop(0)
        if answer == {"down": True}:
            raise LookupUnavailable("timeout")
        return answer


@pytest.fixture
def desk(app) -> str:
    """A desk serving a queue whose transaction checks the customer's account."""
    queue = make_queue()
    make_ticket(make_transaction(queue, needs_account_check=True), account="100200", verification="unverified",
                verification_note="Verificación pendiente: el sistema de cuentas no respondió.")
    return make_desk(queues=[queue]).code


@pytest.fixture
def pending(agent, desk):
    desks.call_next(desk, actor=agent)
    return agent


def test_recheck_with_smartflex_back_records_the_debt(pending, desk) -> None:
    """Smartflex answers now: the ticket shows the debt instead of «verificación pendiente», as an event."""
    ticket = intake.recheck_account(desk, actor=pending, lookup=Gateway({"account": "100200", "debt_amount": "35"}))
    assert ticket.verification == "debt" and "Bs 35,00" in ticket.verification_note
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.action == "verify"))
    assert event is not None and "Bs 35,00" in event.note


def test_recheck_while_still_down_stays_pending(pending, desk) -> None:
    """Still down: the ticket stays pending and says so."""
    ticket = intake.recheck_account(desk, actor=pending, lookup=Gateway({"down": True}))
    assert ticket.verification == "unverified" and "al volver a verificar" in ticket.verification_note


def test_recheck_of_a_verified_ticket_is_refused(pending, desk) -> None:
    """A ticket already checked has nothing to re-run."""
    intake.recheck_account(desk, actor=pending, lookup=Gateway({"account": "100200"}))
    with pytest.raises(Invalid, match="no tiene una verificación pendiente"):
        intake.recheck_account(desk, actor=pending, lookup=Gateway({"account": "100200"}))


def test_smartflex_is_asked_with_no_transaction_open(pending, desk) -> None:
    """The desk's recheck holds no transaction (so no write lock) while Smartflex answers."""
    gateway = SmartflexProbe()
    ticket = intake.recheck_account(desk, actor=pending, lookup=gateway)
    assert gateway.open_transaction_seen is False
    assert ticket.verification == "ok"


class Meanwhile(Gateway):
    """While Smartflex answers, the desk's ticket changes (another tab of the same agent finished it)."""

    def __init__(self, change, *answers: dict[str, Any] | None) -> None:
        super().__init__(*answers)
        self.change = change

    def find(self, query: str) -> dict[str, Any] | None:
        self.change()
        return super().find(query)


def test_a_ticket_finished_while_smartflex_answers_is_not_rewritten(pending, desk) -> None:
    """The answer arrives after the desk finished that ticket: the desk is told, in Spanish, and the finished
    ticket keeps what it had."""
    gateway = Meanwhile(lambda: desks.finish(desk, actor=pending), {"account": "100200", "debt_amount": "35"})
    with pytest.raises(Invalid, match="no tiene una ficha activa"):
        intake.recheck_account(desk, actor=pending, lookup=gateway)
    assert db.session.scalar(select(TicketEvent).where(TicketEvent.action == "verify")) is None


def test_a_desk_that_moved_to_another_ticket_meanwhile_keeps_both_as_they_were(pending, desk) -> None:
    """While Smartflex answered, the desk finished its ticket and called another one, also pending: the answer
    (for the first one's account) is written to neither, and the agent reads why, in Spanish."""
    first = db.session.get(Desk, db.session.scalar(select(Desk.id).where(Desk.code == desk))).current_ticket_id
    tx = db.session.get(Ticket, first).transaction_code

    def next_customer() -> None:
        desks.finish(desk, actor=pending)
        make_ticket(tx, account="100300", verification="unverified", verification_note="Verificación pendiente.")
        desks.call_next(desk, actor=pending)

    gateway = Meanwhile(next_customer, {"account": "100200"})
    with pytest.raises(Invalid, match="pasó a otra ficha mientras Smartflex respondía") as refused:
        intake.recheck_account(desk, actor=pending, lookup=gateway)
    assert refused.value.code == "desk_ticket_changed"
    verifications = db.session.scalars(select(Ticket.verification).order_by(Ticket.id)).all()
    assert verifications == ["unverified", "unverified"]
    assert db.session.scalar(select(TicketEvent).where(TicketEvent.action == "verify")) is None
