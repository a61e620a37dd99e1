"""«Espera más larga» after a transfer: a customer a desk served and sent on waits since the transfer, not since
their arrival (kept for the call order). A customer served 20 minutes and sent on read as waiting 20 minutes in
the new queue: red at once on the monitor, at the top of the receiving desk's waits."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.reporting import monitor
from core.tickets import console, desks, engine, waiting_counts
from tests.builders import make_counter, make_ticket
from tests.helpers import FrozenClock, actor_for

pytestmark = pytest.mark.postgres


@pytest.fixture
def sent_on(app, counter):
    """A ticket served 20 minutes at the counter, then transferred to another counter's queue, where a customer
    issued 5 minutes before the transfer already waits; 30 s later. Returns (the other counter, sent, later)."""
    clock = FrozenClock()
    agent = actor_for("asesor1", "agent")
    other = make_counter()
    sent = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.start(counter.desk, actor=agent)
    clock.advance(minutes=15)
    later = make_ticket(other.tx)
    clock.advance(minutes=5)
    engine.transfer(sent.id, actor=agent, queue=other.queue.code)
    clock.advance(seconds=30)
    return other, sent, later


def test_the_receiving_desk_reads_the_wait_since_the_transfer(sent_on) -> None:
    other, sent, later = sent_on
    state = console.desk_state(other.desk)
    [queue] = state["queues"]
    assert queue["longest_wait_s"] == 5 * 60 + 30  # the customer issued there before, not the one sent on
    waits = {row["id"]: row["waited_s"] for row in state["waiting"]}
    assert waits == {sent.id: 30, later.id: 5 * 60 + 30}
    # The call order still keeps the arrival: the customer sent on is called first.
    assert [row["id"] for row in state["waiting"]] == [sent.id, later.id]


def test_the_monitor_and_the_queues_read_the_wait_since_the_transfer(sent_on) -> None:
    other, sent, _later = sent_on
    [row] = [q for q in monitor.snapshot()["queues"] if q["code"] == other.queue.code]
    since = {t["id"]: t["waiting_since"] for t in row["waiting"]}
    assert since[sent.id] == "2026-11-23T09:20:00-04:00"
    count, earliest = waiting_counts.waiting_by_queue([other.queue.id])[other.queue.id]
    assert count == 2 and earliest.isoformat() == "2026-11-23T13:15:00+00:00"


def test_a_ticket_moved_while_waiting_keeps_waiting_since_its_issue(app, counter) -> None:
    clock = FrozenClock()
    other = make_counter()
    ticket = counter.issue()
    clock.advance(minutes=7)
    moved = engine.transfer(ticket.id, actor=SYSTEM, queue=other.queue.code)
    assert moved.waiting_since == moved.issued_at
    again = engine.transfer(ticket.id, actor=SYSTEM, queue=counter.queue.code, keep_arrival=False)
    assert again.waiting_since == again.arrival_at != again.issued_at
