"""«Personas delante» counted from index counts equals the place in the call order worked out from the rows.

`positions.people_ahead` counts each desk's waiting list by queue, target desk and preferential type, and
subtracts those after the ticket (issue 13: it used to classify every waiting row once per desk). Here a busy
office mixes what makes those counts hard: desks sharing queues, tickets sent to one desk, preferential types,
equal arrival times, transfers that move a ticket to the end, desks part-way through a preferential streak and
normal tickets past the maximum wait. Every waiting ticket's count must be the place `policy.calls_before` gives
over the rows of the desks that may call it (the rule `test_honest_waits` checks against real calls).
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import or_, select

from bench.sql_count import statements
from core import clock
from core.actors import SYSTEM
from core.extensions import db
from core.models import Desk, DeskQueue, Ticket
from core.tickets import desk_shifts, desks, engine, positions, serialize
from core.tickets.policy import Candidate, calls_before
from tests.builders import make_area, make_desk, make_queue, make_transaction

pytestmark = pytest.mark.postgres


def _place_from_rows(ticket: Ticket) -> int:
    """The place by the definition: over each serving desk's waiting rows, the call order's index; the least."""
    now, rules = clock.now(), positions.policy()
    serving = positions.serving_desks(ticket)
    serving = [desk for desk in serving if desk.state != "closed"] or serving
    places = []
    for desk in serving:
        queues = select(DeskQueue.queue_id).where(DeskQueue.desk_id == desk.id)
        rows = db.session.execute(select(Ticket.id, Ticket.preferential, Ticket.arrival_at).where(
            Ticket.status == "waiting", Ticket.queue_id.in_(queues),
            or_(Ticket.target_desk_id.is_(None), Ticket.target_desk_id == desk.id))).all()
        candidates = [Candidate(id_, pref is not None, clock.as_utc(arrival)) for id_, pref, arrival in rows]
        place = calls_before(candidates, ticket.id, desk.pref_streak or 0, now, rules)
        if place is not None:
            places.append(place)
    assert places, f"no desk may call {ticket.label}"
    return min(places)


def _told_right(ticket: Ticket) -> int:
    """The place the issue's or the transfer's own answer told (the kiosk's screen, the printed ticket: its estimate
    read with the waiting counts, core/realtime/broadcast.py) is the place from the rows at that moment."""
    with statements(db.engine) as seen:
        told = serialize.public_ticket(ticket, reuse=True)["people_ahead"]
    assert not seen, "\n".join(seen)  # the answer's own fields, serialised inside the change's transaction
    assert told == _place_from_rows(ticket), ticket.label
    return ticket.id


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_people_ahead_is_the_call_order_place_in_a_mixed_office(frozen, agent, seed) -> None:
    rng = random.Random(seed)
    area = make_area()
    first, second = make_queue(area=area), make_queue(area=area)
    only_first = make_desk(queues=[first])
    both = make_desk(queues=[first, second])
    make_desk(queues=[second])
    transactions = [make_transaction(first).code, make_transaction(second).code,
                    make_transaction(first, desk=only_first).code]  # sent to one desk
    both_id = both.id
    desk_shifts.sign_in(both.code, actor=agent)
    issued = []
    for _ in range(36):
        kind = rng.choice([None, None, "adulto_mayor", "embarazada"])
        issued.append(_told_right(engine.issue_ticket(rng.choice(transactions), actor=agent, preferential=kind)))
        frozen.advance(minutes=rng.choice([0, 0, 1, 3]))  # 0: the same arrival time, ordered by id
    for ticket_id in rng.sample(issued, 4):  # to the other queue, at the end of it
        _told_right(engine.transfer(ticket_id, actor=SYSTEM, queue=second.code, keep_arrival=False))
    for _ in range(3):  # a streak part-way, and the called tickets leave the list
        desks.call_next(both.code, actor=agent)
        desks.finish(both.code, actor=agent)
    frozen.advance(minutes=15)  # the earliest normal tickets are past the maximum wait
    db.session.remove()
    waiting = db.session.scalars(select(Ticket).where(Ticket.status == "waiting")).all()
    assert len(waiting) >= 25
    assert db.session.scalar(select(Desk.pref_streak).where(Desk.id == both_id)) is not None
    told = {ticket.label: positions.people_ahead(ticket) for ticket in waiting}
    assert told == {ticket.label: _place_from_rows(ticket) for ticket in waiting}
    assert len(set(told.values())) > 10  # places spread through the list, not all the same


def test_a_ticket_that_arrived_before_those_already_waiting_counts_none_of_them(frozen, agent) -> None:
    """Two kiosks: the later arrival's ticket committed first (its kiosk won the write lock). The earlier one is
    called first, so it has nobody ahead, and the later one has it ahead; the estimate counts only the tickets
    after the ticket when some wait (issue 13), so this is the case that must still count them."""
    queue = make_queue()
    make_desk(queues=[queue])
    code = make_transaction(queue).code
    arrived_first = clock.now()
    frozen.advance(seconds=2)
    later = engine.issue_ticket(code, actor=agent)
    earlier = engine.issue_ticket(code, actor=agent, now=arrived_first)
    assert (positions.people_ahead(earlier), positions.people_ahead(later)) == (0, 1)
    last = engine.issue_ticket(code, actor=agent)
    assert positions.people_ahead(last) == 2
