"""Which status pages refetch their place in line (`position_changed`): every queue whose customers' places a change
moves, and only those. A desk calls in one order across all the queues it serves, so a call there moves the
customers of each of them; a transfer moves up those behind the ticket in the queue it left."""

from __future__ import annotations

from typing import Any

import pytest

from core.actors import SYSTEM
from core.extensions import socketio
from core.tickets import desks, engine
from tests.builders import make_area, make_desk, make_queue, make_ticket, make_transaction


@pytest.fixture
def shared(app) -> dict[str, Any]:
    """Two queues of one room served by one desk, and a third queue with a desk of its own."""
    area = make_area()
    first, second, apart = (make_queue(area=area) for _ in range(3))
    desk = make_desk(queues=[first, second])
    make_desk(queues=[apart])
    return {"desk": desk.code, "txs": [make_transaction(q).code for q in (first, second, apart)],
            "queues": [first, second, apart]}


def status_socket(app, ticket) -> Any:
    client = socketio.test_client(app, auth={"ticket": ticket.token})
    assert client.is_connected()
    client.get_received()  # the status it gets on connect
    return client


def refetches(client) -> int:
    return sum(1 for message in client.get_received() if message["name"] == "position_changed")


def people_ahead(app, ticket) -> int:
    return app.test_client().get(f"/t/{ticket.token}/estado").get_json()["people_ahead"]


def test_a_call_at_a_desk_of_two_queues_moves_the_customers_of_both(app, shared) -> None:
    first_tx, second_tx, apart_tx = shared["txs"]
    make_ticket(first_tx)
    behind = make_ticket(second_tx)
    elsewhere = make_ticket(apart_tx)
    assert people_ahead(app, behind) == 1
    phone, other_phone = status_socket(app, behind), status_socket(app, elsewhere)
    desks.call_next(shared["desk"], actor=SYSTEM)  # calls the first queue's ticket, the one ahead of `behind`
    assert refetches(phone) == 1 and people_ahead(app, behind) == 0
    assert refetches(other_phone) == 0  # no desk of the third queue called: nothing moved there


def test_a_preferential_issue_in_one_queue_moves_the_customers_of_the_other(app, shared) -> None:
    """The desk calls a preferential customer first, whichever of its queues they came for."""
    first_tx, second_tx, _apart = shared["txs"]
    waiting = make_ticket(second_tx)
    assert people_ahead(app, waiting) == 0
    phone = status_socket(app, waiting)
    make_ticket(first_tx, preferential="adulto_mayor")
    assert refetches(phone) == 1 and people_ahead(app, waiting) == 1


def test_a_transfer_moves_up_the_customers_behind_it_in_the_queue_it_left(app, shared) -> None:
    _first, _second, apart_tx = shared["txs"]
    moved, behind = make_ticket(apart_tx), make_ticket(apart_tx)
    assert people_ahead(app, behind) == 1
    phone = status_socket(app, behind)
    engine.transfer(moved.id, actor=SYSTEM, queue=shared["queues"][0].code)
    assert refetches(phone) == 1 and people_ahead(app, behind) == 0


def test_a_transferred_tickets_page_follows_its_new_queue(app, shared) -> None:
    """After a transfer the page asks to follow its ticket (static/kiosk/status.js): the new queue's moves reach
    it, the old queue's no longer do."""
    first_tx, _second, apart_tx = shared["txs"]
    make_ticket(first_tx)  # ahead of it in the queue it is sent to
    left_behind, moved = make_ticket(apart_tx), make_ticket(apart_tx)
    make_ticket(apart_tx)  # stays in the old queue, and moves up when `left_behind` goes
    phone = status_socket(app, moved)
    engine.transfer(moved.id, actor=SYSTEM, queue=shared["queues"][0].code)
    phone.get_received()
    phone.emit("follow_ticket")
    (status,) = [m["args"][0] for m in phone.get_received() if m["name"] == "ticket_status"]
    assert status["queue"] == shared["queues"][0].code and status["people_ahead"] == 1
    engine.cancel(left_behind.id, actor=SYSTEM)  # the old queue moves: not this page's any more
    assert refetches(phone) == 0
    desks.call_next(shared["desk"], actor=SYSTEM)  # calls the one ahead of it in the new queue
    assert refetches(phone) == 1 and people_ahead(app, moved) == 0


def test_only_a_status_page_follows_a_ticket(app, shared) -> None:
    """Staff, panels and unknown sockets asking to follow get nothing and join no queue."""
    from tests.helpers import device_token

    panel = socketio.test_client(app, auth={"token": device_token("panel", area="ALL")})
    panel.get_received()
    panel.emit("follow_ticket")
    assert panel.get_received() == []
    make_ticket(shared["txs"][0])
    assert refetches(panel) == 0


def test_a_desk_pausing_and_resuming_refetches_its_queues_status_pages(app, shared) -> None:
    """A pause changes what a waiting customer is told (every desk of theirs paused: «… están en pausa»), so their
    page refetches on a pause and on the resume, as on an open or a close."""
    from core.tickets import desk_shifts

    first_tx, _second_tx, apart_tx = shared["txs"]
    waiting, elsewhere = make_ticket(first_tx), make_ticket(apart_tx)
    desk_shifts.sign_in(shared["desk"], actor=SYSTEM)
    phone, other_phone = status_socket(app, waiting), status_socket(app, elsewhere)
    desk_shifts.pause(shared["desk"], actor=SYSTEM)
    assert refetches(phone) == 1 and refetches(other_phone) == 0
    desk_shifts.resume(shared["desk"], actor=SYSTEM)
    assert refetches(phone) == 1


def estimate(app, ticket) -> int:
    return app.test_client().get(f"/t/{ticket.token}/estado").get_json()["estimated_wait_min"]


@pytest.fixture
def attending(app, shared) -> dict[str, Any]:
    """The shared desk attends the first queue's first ticket; a customer waits in each of its queues, and one in
    the third queue. The waiting ones' estimate counts the desk's current customer (positions._frees_in)."""
    first_tx, second_tx, apart_tx = shared["txs"]
    make_ticket(first_tx)
    waiting = [make_ticket(first_tx), make_ticket(second_tx), make_ticket(apart_tx)]
    desks.call_next(shared["desk"], actor=SYSTEM)
    return {"waiting": waiting, "before": [estimate(app, ticket) for ticket in waiting],
            "phones": [status_socket(app, ticket) for ticket in waiting]}


@pytest.mark.postgres  # the desk's queue codes are aggregated in the ticket's locked read
def test_a_finish_refetches_the_status_pages_of_the_desks_queues(app, shared, attending) -> None:
    """An audit saw «20 min aprox.» on the phone for 30 s after the desk finished, when the server said 10: nobody's
    place moves at a finish, but the desk is free now, so the customers of each of its queues wait less."""
    desks.finish(shared["desk"], actor=SYSTEM)
    assert [refetches(phone) for phone in attending["phones"]] == [1, 1, 0]
    first, second, _apart = attending["waiting"]
    assert estimate(app, first) < attending["before"][0] and estimate(app, second) < attending["before"][1]


@pytest.mark.postgres  # the desk's queue codes are aggregated in the ticket's locked read
def test_a_no_show_and_its_undo_refetch_the_status_pages_of_the_desks_queues(app, shared, attending) -> None:
    """A no-show frees the desk as a finish does; its undo makes it busy again (the customer came after all)."""
    from tests.helpers import no_show_at_once

    no_show_at_once()
    gone = desks.no_show(shared["desk"], actor=SYSTEM)
    assert [refetches(phone) for phone in attending["phones"]] == [1, 1, 0]
    assert estimate(app, attending["waiting"][0]) < attending["before"][0]
    desks.undo_no_show(shared["desk"], gone.id, actor=SYSTEM)
    assert [refetches(phone) for phone in attending["phones"]] == [1, 1, 0]
    assert estimate(app, attending["waiting"][0]) == attending["before"][0]
