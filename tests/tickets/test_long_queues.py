"""A long queue (more waiting than the 200 tickets a desk's call order used to be worked out over) keeps the
preferential rule and true places: the estimate counts the whole list in SQL and *Llamar siguiente* reads the
first ticket of each class (issue 13)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core import clock
from core.extensions import db
from core.models import Desk, Ticket
from core.tickets import desks, positions
from tests.builders import make_counter, make_queue, make_ticket, make_transaction

pytestmark = pytest.mark.postgres

LONG = 201  # one more than the 200 earliest waiting tickets the call order used to be worked out over


def test_a_preferential_ticket_behind_a_long_queue_is_called_first(frozen, agent) -> None:
    """201 normal tickets wait, then an adulto mayor arrives: the desk calls them first (ratio 2)."""
    counter = make_counter()
    for _ in range(LONG):
        counter.issue()
    elder = counter.issue(preferential="adulto_mayor")
    assert desks.call_next(counter.desk, actor=agent).id == elder.id


def test_people_ahead_in_a_long_mixed_queue_is_the_call_order_place(frozen) -> None:
    """205 normal tickets, then ours, then 3 preferential ones: all three go before ours (two, a normal, the
    third), so 208 people are ahead, not the 205 who arrived earlier."""
    counter = make_counter()
    for _ in range(LONG + 4):
        counter.issue()
    ours = counter.issue().id
    for _ in range(3):
        counter.issue(preferential="embarazada")
    db.session.remove()
    ticket = db.session.get(Ticket, ours)
    assert ticket is not None
    assert positions.wait(ticket).people_ahead == LONG + 4 + 3


def test_the_desks_next_in_line_matches_the_call_in_a_long_queue(frozen, agent) -> None:
    """The desk console's waiting list, past the old window: the adulto mayor behind 201 normal tickets is
    listed first, then the normal tickets by arrival; and the desk then calls the first one listed."""
    counter = make_counter()
    normals = [counter.issue().id for _ in range(LONG)]
    elder = counter.issue(preferential="adulto_mayor").id
    desk = db.session.execute(select(Desk).where(Desk.code == counter.desk)).scalar_one()
    order = desks.next_in_line(desk, clock.now(), 5)
    assert order == [elder, *normals[:4]]
    assert desks.call_next(counter.desk, actor=agent).id == order[0]


def test_people_ahead_in_a_long_queue_no_desk_serves(frozen) -> None:
    """A queue with no desk yet, 205 normal tickets, then ours, then 3 preferential ones: from a fresh streak all
    three go before ours, so 208 people are ahead (it used to fall back to the 205 who arrived earlier)."""
    transaction = make_transaction(make_queue())
    for _ in range(LONG + 4):
        make_ticket(transaction)
    ours = make_ticket(transaction).id
    for _ in range(3):
        make_ticket(transaction, preferential="embarazada")
    db.session.remove()
    ticket = db.session.get(Ticket, ours)
    assert ticket is not None
    assert positions.wait(ticket).people_ahead == LONG + 4 + 3
