"""The desk re-runs the account check of a ticket issued while Smartflex was down."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from core.accounts.smartflex import LookupUnavailable
from core.actors import SYSTEM
from core.errors import Invalid
from core.extensions import db
from core.models import TicketEvent
from core.tickets import desks, engine, intake
from tests.helpers import KIOSK_TX, actor_for


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
def pending(app):
    agent = actor_for("asesor1", "agent")
    engine.issue_ticket(KIOSK_TX, actor=SYSTEM, account="100200", verification="unverified",
                        verification_note="Verificación pendiente: el sistema de cuentas no respondió.")
    desks.call_next("P01", actor=agent)
    return agent


def test_recheck_with_smartflex_back_records_the_debt(pending) -> None:
    """Smartflex answers now: the ticket shows the debt instead of «verificación pendiente», as an event."""
    ticket = intake.recheck_account("P01", actor=pending, lookup=Gateway({"account": "100200", "debt_amount": "35"}))
    assert ticket.verification == "debt" and "Bs 35.00" in ticket.verification_note
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.action == "verify"))
    assert event is not None and "Bs 35.00" in event.note


def test_recheck_while_still_down_stays_pending(pending) -> None:
    """Still down: the ticket stays pending and says so."""
    ticket = intake.recheck_account("P01", actor=pending, lookup=Gateway({"down": True}))
    assert ticket.verification == "unverified" and "al volver a verificar" in ticket.verification_note


def test_recheck_of_a_verified_ticket_is_refused(pending) -> None:
    """A ticket already checked has nothing to re-run."""
    intake.recheck_account("P01", actor=pending, lookup=Gateway({"account": "100200"}))
    with pytest.raises(Invalid, match="no tiene una verificación pendiente"):
        intake.recheck_account("P01", actor=pending, lookup=Gateway({"account": "100200"}))
