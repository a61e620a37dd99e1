"""A customer told at act. 7 what to settle first (a «pending» attention) who comes back the same day and takes the
ticket is one customer in P01: the ticket follows that attention up when it carries the same account or CI
reference, for the same trámite (or the debt unit's), from any channel. Nothing else is merged on a guess."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core import settings
from core.actors import SYSTEM, Actor
from core.extensions import db
from core.models import Attention
from core.org import settings_edit
from core.tickets import attentions, intake
from tests.builders import make_actor, make_device, make_info, make_transaction


class Smartflex:
    """Account 100300, whose holder's CI is 5566778, and 100200 (CI 4455667); `status` is what it says today."""

    def __init__(self, status: str = "ok") -> None:
        self.status = status

    def find(self, query: str) -> dict[str, str] | None:
        if query == "100200":
            return {"account": "100200", "ci": "4455667", "status": self.status}
        if query not in ("100300", "5566778"):
            return None
        return {"account": "100300", "ci": "5566778", "status": self.status}


@pytest.fixture
def kiosk(app) -> Actor:
    return Actor.of_device(make_device("kiosk")[0])


@pytest.fixture
def reception(app) -> Actor:
    return make_actor("recepcion_fu", "reception")


@pytest.fixture
def tx(app) -> str:
    return make_transaction(needs_account_check=True).code


def pending(actor: Actor, tx: str, account: str | None, channel: str = "kiosk") -> Attention:
    return attentions.record_visit("pending", tx, actor=actor, channel=channel, print_slip=False, account=account)[0]


def issue(tx: str, actor: Actor, account: str | None, channel: str = "kiosk", **kwargs: object):
    return intake.request_ticket(tx, actor=actor, account=account, channel=channel, lookup=Smartflex(), **kwargs)


def attended() -> int:
    return db.session.scalar(select(func.count(Attention.id))) or 0


def test_back_the_same_day_with_the_same_account_is_one_customer(frozen, kiosk, reception, tx) -> None:
    """Told at the kiosk at 09:00 that requirements are pending; back at reception at 15:00 with them: the ticket's
    attention is the morning's, shown as followed up, and P01 has one customer."""
    morning = pending(kiosk, tx, "100300")
    frozen.advance(hours=6)
    ticket = issue(tx, reception, "100300", channel="reception")
    assert attentions.of_ticket(ticket).id == morning.id
    assert (attentions.of_ticket(ticket).kind, attended()) == ("pending", 1)


@pytest.mark.parametrize(("morning_ref", "later_ref"), [("5566778", "100300"), ("100300", "5566778"),
                                                        (" 5566.778 ", "5566778")])
def test_the_ci_and_the_account_number_are_the_same_customer(frozen, kiosk, tx, morning_ref, later_ref) -> None:
    """The CI typed in the morning, the account number in the afternoon (or the other way round, or the same number
    typed with spaces or dots): Smartflex says whose account it is, so it is the same customer."""
    morning = pending(kiosk, tx, morning_ref)
    frozen.advance(hours=2)
    assert attentions.of_ticket(issue(tx, kiosk, later_ref)).id == morning.id
    assert attended() == 1


def test_no_reference_no_link(frozen, kiosk, reception, tx) -> None:
    """Without an account typed on either side nothing says who the customer was: two attentions, never a guess.
    The customer who typed it at both ends is linked (one attention more, not two)."""
    open_tx = make_transaction().code
    pending(kiosk, open_tx, None)
    assert attentions.of_ticket(issue(open_tx, kiosk, None)).kind == "ticket"
    pending(kiosk, tx, None)
    assert attentions.of_ticket(issue(tx, reception, "100300", channel="reception")).kind == "ticket"
    told = pending(kiosk, tx, "100200")
    assert attentions.of_ticket(issue(tx, reception, "100200", channel="reception")).id == told.id
    assert attended() == 5


def test_another_customer_another_day_or_another_trámite_is_not_linked(frozen, kiosk, tx) -> None:
    """Another account, another trámite, or the next day: each is a customer of its own. And a «pending» attention
    is followed up once: the same customer's second ticket is a second attention."""
    pending(kiosk, tx, "100200")  # someone else
    pending(kiosk, make_transaction(needs_account_check=True).code, "100300")  # another trámite
    yesterday = pending(kiosk, tx, "100300")
    frozen.advance(days=1)
    first = issue(tx, kiosk, "100300")
    assert attentions.of_ticket(first).kind == "ticket" and db.session.get(Attention, yesterday.id).ticket_id is None
    today = pending(kiosk, tx, "5566778")
    assert attentions.of_ticket(issue(tx, kiosk, "100300")).id == today.id
    assert attentions.of_ticket(issue(tx, kiosk, "100300")).kind == "ticket"
    assert attended() == 6


def test_the_debt_unit_s_ticket_follows_up_any_trámite_s_debt(frozen, kiosk, reception, tx) -> None:
    """The debt screen offers the debt unit's ticket for any trámite: taken later at reception with the same
    account, it follows the morning's debt up as the screen's own button does."""
    settings_edit.save({"debt_transaction": make_transaction().code}, actor=SYSTEM)
    morning = pending(kiosk, tx, "100300")
    frozen.advance(hours=1)
    ticket = issue(settings.get("debt_transaction"), reception, "100300", channel="reception")
    assert attentions.of_ticket(ticket).id == morning.id and attended() == 1


def test_the_reference_is_kept_as_a_digest_only(frozen, kiosk, tx) -> None:
    """The attention names no one: not the account, not the CI; and an info visit keeps nothing."""
    attention = pending(kiosk, tx, "5566778")
    assert attention.customer_key and "5566778" not in attention.customer_key
    assert attentions.record_visit("info", make_info().code, actor=kiosk, channel="kiosk", print_slip=False,
                                   account="5566778")[0].customer_key is None
    assert "customer_key" not in attentions.staff(attention) and "customer_key" not in attentions.public(attention)


def test_reception_asks_the_p01_question_of_the_followed_up_customer(frozen, kiosk, reception, tx) -> None:
    """Told at the kiosk at 09:00, ticket at reception at 13:00: reception asks the one question then (it refused:
    the attention was the kiosk's, hours old), and says whether it was already answered from the QR."""
    morning = pending(kiosk, tx, "100300")
    frozen.advance(hours=4)
    ticket = issue(tx, reception, "100300", channel="reception")
    assert attentions.staff(attentions.of_ticket(ticket))["answered"] is False
    attentions.answer(satisfied=True, source="reception", attention_id=morning.id, actor=reception)
    assert attentions.staff(attentions.of_ticket(ticket))["answered"] is True


def test_told_twice_the_same_day_is_one_customer(frozen, kiosk, reception, tx) -> None:
    """Stopped at the kiosk, again at the kiosk a minute later, then at reception, for the same trámite and account:
    one «pending» attention (the same QR), one customer in P01; then the ticket follows that one up. Another
    account, or another trámite, is another attention."""
    first = pending(kiosk, tx, "100300")
    frozen.advance(minutes=1)
    assert pending(kiosk, tx, "100300").id == first.id
    assert pending(reception, tx, "100300", channel="reception").id == first.id
    assert attended() == 1
    assert pending(kiosk, tx, "100200").id != first.id
    assert pending(kiosk, make_transaction(needs_account_check=True).code, "100300").id != first.id
    assert pending(kiosk, tx, None).id != first.id  # no reference: never merged on a guess
    assert attended() == 4
    ticket = issue(tx, reception, "100300", channel="reception")
    db.session.refresh(first)
    assert first.ticket_id == ticket.id and attended() == 4
