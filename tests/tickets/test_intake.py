"""request_ticket with the account check, the reception override, printing and reprints of the ticket."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.errors import Forbidden, Invalid
from core.extensions import db
from core.models import CatalogueNode, Device, Ticket, TicketEvent
from core.printing import print_queue
from core.tickets import intake
from core.tickets.intake import AccountCheckFailed
from tests.builders import make_transaction
from tests.helpers import FrozenClock, SmartflexProbe, actor_for


@pytest.fixture
def kiosk_actor(app, demo) -> Actor:
    return Actor.of_device(db.session.get(Device, demo.kiosk_id))


@pytest.fixture
def plain(app) -> CatalogueNode:
    """A transaction without the account check (DESIGN.md §2), «Consulta de cobertura»."""
    return make_transaction(label="Consulta de cobertura")


def ticket_count() -> int:
    return db.session.scalar(select(func.count(Ticket.id)))


def issue_note(ticket: Ticket) -> str:
    return db.session.scalar(select(TicketEvent.note).where(TicketEvent.ticket_id == ticket.id,
                                                            TicketEvent.action == "issue"))


def test_up_to_date_account_gets_a_verified_ticket(kiosk_actor, checked_tx) -> None:
    """An account al día gives a ticket marked verified, with its account kept for the desk."""
    ticket = intake.request_ticket(checked_tx, actor=kiosk_actor, account="100200")
    assert (ticket.verification, ticket.account_ref) == ("ok", "100200")


def test_debt_stops_the_kiosk_with_the_customer_view(kiosk_actor, checked_tx) -> None:
    """Debt raises with where to pay (not the amount: the customer's view), and writes no ticket."""
    with pytest.raises(AccountCheckFailed) as caught:
        intake.request_ticket(checked_tx, actor=kiosk_actor, account="100300")
    assert caught.value.code == "account_debt" and "Cartera" in caught.value.details["pay_at"]
    assert "debt_amount" not in caught.value.details
    assert "holder_name" not in caught.value.details
    assert ticket_count() == 0


def test_pending_requirements_stop_the_kiosk(kiosk_actor, checked_tx) -> None:
    """Pending requirements raise with the list, and write no ticket."""
    with pytest.raises(AccountCheckFailed) as caught:
        intake.request_ticket(checked_tx, actor=kiosk_actor, account="100400")
    assert caught.value.details["pending_requirements"] == ["Fotocopia de cédula de identidad actualizada"]
    assert ticket_count() == 0


def test_lookup_down_issues_flagged_verification_pending(app, kiosk_actor, closed_port: int, checked_tx) -> None:
    """With the account service down the kiosk does not block: the ticket says «verificación pendiente»."""
    app.config["ACCOUNT_LOOKUP_URL"] = f"http://127.0.0.1:{closed_port}/"
    ticket = intake.request_ticket(checked_tx, actor=kiosk_actor, account="100300")
    assert ticket.verification == "unverified"
    assert "Verificación pendiente" in ticket.verification_note


def test_unknown_account_issues_flagged_for_the_desk(kiosk_actor, checked_tx) -> None:
    """An account that is not found is left for the desk to verify."""
    ticket = intake.request_ticket(checked_tx, actor=kiosk_actor, account="777777")
    assert ticket.verification == "unverified" and "777777" in ticket.verification_note


def test_checked_transaction_needs_an_account(kiosk_actor, checked_tx) -> None:
    """A transaction that needs the check refuses to issue without an account or CI."""
    with pytest.raises(Invalid, match="cuenta"):
        intake.request_ticket(checked_tx, actor=kiosk_actor)


def test_plain_transaction_skips_the_check(kiosk_actor, plain) -> None:
    """A transaction without the check issues with no verification at all."""
    assert intake.request_ticket(plain.code, actor=kiosk_actor).verification == "none"


def test_reception_override_records_the_reason(app, demo, checked_tx) -> None:
    """Reception may issue despite debt: verification «override», reason in the note and in the issue event."""
    adviser = actor_for("recepcion1", "reception")
    ticket = intake.request_ticket(checked_tx, actor=adviser, account="100300", channel="reception",
                                   override_reason="Pagará en caja antes de pasar al mesón")
    assert ticket.verification == "override"
    assert "Pagará en caja" in ticket.verification_note and "Bs 350,50" in ticket.verification_note
    assert "Pagará en caja" in issue_note(ticket)


def test_kiosk_cannot_override(kiosk_actor, checked_tx) -> None:
    """An override reason from a kiosk is refused."""
    with pytest.raises(Forbidden):
        intake.request_ticket(checked_tx, actor=kiosk_actor, account="100300", override_reason="quiero mi ficha")


def test_override_needs_a_real_reason(app, demo, checked_tx) -> None:
    """A two-letter reason is not a reason."""
    adviser = actor_for("recepcion1", "reception")
    with pytest.raises(Invalid, match="motivo"):
        intake.request_ticket(checked_tx, actor=adviser, account="100300", override_reason="ok")


def test_printing_a_new_ticket_twice_gives_one_job(kiosk_actor, demo, plain) -> None:
    """Asking again to print the same ticket returns the first job: one paper ticket."""
    ticket = intake.request_ticket(plain.code, actor=kiosk_actor)
    first = intake.print_new_ticket(ticket.id, actor=kiosk_actor, device_id=demo.kiosk_id)
    assert first is not None
    assert intake.print_new_ticket(ticket.id, actor=kiosk_actor, device_id=demo.kiosk_id) == first


def test_a_kiosk_cannot_print_another_devices_ticket(app, kiosk_actor, demo, plain) -> None:
    """A kiosk prints only the tickets it issued."""
    adviser = actor_for("recepcion1", "reception")
    ticket = intake.request_ticket(plain.code, actor=adviser, channel="reception")
    with pytest.raises(Forbidden):
        intake.print_new_ticket(ticket.id, actor=kiosk_actor, device_id=demo.kiosk_id)


def test_reprint_is_recorded_on_the_ticket(app, demo, plain) -> None:
    """A reprint queues a job on the reception printer and leaves a «reprint» event."""
    adviser = actor_for("recepcion1", "reception")
    ticket, first = intake.issue_at_reception(plain.code, actor=adviser)
    job = intake.reprint_ticket(ticket.id, actor=adviser)
    assert job != first and print_queue.job_state(job)["status"] == "pending"
    actions = list(db.session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)))
    assert actions == ["issue", "reprint"]


def test_reprint_refuses_yesterdays_ticket(app, demo, plain) -> None:
    """Only tickets of the day are reprinted."""
    frozen = FrozenClock()
    adviser = actor_for("recepcion1", "reception")
    ticket, _job = intake.issue_at_reception(plain.code, actor=adviser)
    frozen.advance(days=1)
    with pytest.raises(Invalid, match="de hoy"):
        intake.reprint_ticket(ticket.id, actor=adviser)


def test_todays_tickets_find_by_number(app, demo, plain) -> None:
    """Searching «T2» or «t-002» (the queue's prefix and the number) finds ticket T-002; a word of the
    transaction finds them all."""
    adviser = actor_for("recepcion1", "reception")
    for _ in range(3):
        intake.issue_at_reception(plain.code, actor=adviser)
    prefix = plain.queue.prefix
    assert [t.label for t in intake.todays_tickets(f"{prefix}2")] == [f"{prefix}-002"]
    assert [t.label for t in intake.todays_tickets(f"{prefix.lower()}-002")] == [f"{prefix}-002"]
    assert [t.label for t in intake.todays_tickets("cobertura")] == [f"{prefix}-003", f"{prefix}-002", f"{prefix}-001"]


def test_todays_tickets_follow_a_number_being_typed(app, demo, plain) -> None:
    """While reception types «T-00…», the list keeps the tickets whose label starts so (it searched T-000 and
    emptied); «T» alone lists the queue's."""
    adviser = actor_for("recepcion1", "reception")
    for _ in range(3):
        intake.issue_at_reception(plain.code, actor=adviser)
    prefix, every = plain.queue.prefix, [f"{plain.queue.prefix}-00{n}" for n in (3, 2, 1)]
    for typed in (prefix[0], prefix, f"{prefix}-", f"{prefix}-0", f"{prefix}-00", "00"):
        assert [t.label for t in intake.todays_tickets(typed)] == every, typed
    assert [t.label for t in intake.todays_tickets(f"{prefix}-01")] == []
    assert [t.label for t in intake.todays_tickets(f"{prefix}-003")] == [f"{prefix}-003"]


def test_smartflex_is_asked_with_no_transaction_open(kiosk_actor, checked_tx) -> None:
    """The kiosk's account check holds no transaction (nor its connection) while Smartflex answers."""
    probe = SmartflexProbe()
    ticket = intake.request_ticket(checked_tx, actor=kiosk_actor, account="100200", lookup=probe)
    assert probe.open_transaction_seen is False
    assert (ticket.verification, ticket.account_ref) == ("ok", "100200")
