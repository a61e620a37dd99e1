"""Honest waits (issue 10): «Personas delante» counts the tickets the desk will really call first, by the same
call policy as *Llamar siguiente*; the estimate reads «en breve», never «0 min»; a closed queue says so."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.extensions import db
from core.formatting import DESKS_PAUSED_TICKET, NO_DESK_OPEN_TICKET, wait_text
from core.models import Desk, Ticket
from core.printing.documents import ticket_document
from core.tickets import desk_shifts, desks, engine, positions, serialize
from tests.builders import make_actor, make_counter, make_ticket, make_transaction
from tests.helpers import FrozenClock

pytestmark = pytest.mark.postgres


def fresh(ticket_id: int) -> Ticket:
    db.session.remove()
    found = db.session.get(Ticket, ticket_id)
    assert found is not None
    return found


def stream(frozen: FrozenClock, tx: str, kinds: str) -> list[int]:
    """One ticket per letter (N normal, P preferential «adulto_mayor»), a minute apart."""
    ids = []
    for kind in kinds:
        ids.append(make_ticket(tx, preferential="adulto_mayor" if kind == "P" else None).id)
        frozen.advance(minutes=1)
    return ids


def actual_call_order(desk: str, agent, count: int) -> list[int]:
    order = []
    for _ in range(count):
        order.append(desks.call_next(desk, actor=agent).id)
        desks.finish(desk, actor=agent)
    return order


@pytest.mark.parametrize("kinds", ["NNPPPP", "NPNPNP", "PPPNN"])
def test_people_ahead_is_the_place_in_the_desks_real_call_order(frozen, counter, agent, kinds) -> None:
    """Each customer, preferential or not, is told exactly how many tickets call_next then takes before them."""
    desk_shifts.sign_in(counter.desk, actor=agent)
    ids = stream(frozen, counter.tx, kinds)
    told = {ticket_id: positions.people_ahead(fresh(ticket_id)) for ticket_id in ids}
    order = actual_call_order(counter.desk, agent, len(ids))
    assert told == {ticket_id: order.index(ticket_id) for ticket_id in ids}


def test_a_preferential_customer_behind_normal_ones_has_nobody_ahead(frozen, counter, agent) -> None:
    """Two normal tickets then an adulto mayor: the adulto mayor is called first, so 0 ahead (not 2)."""
    desk_shifts.sign_in(counter.desk, actor=agent)
    first, second, elder = stream(frozen, counter.tx, "NNP")
    assert [positions.people_ahead(fresh(t)) for t in (first, second, elder)] == [1, 2, 0]
    assert serialize.public_ticket(fresh(elder))["people_ahead"] == 0


def test_max_wait_rule_puts_a_long_waiting_normal_ticket_after_one_preferential(frozen, counter, agent) -> None:
    """A normal ticket past the max wait (20 min by default) breaks the preferential streak: one preferential
    customer goes first, then the normal one, not the two preferential ones the ratio would give."""
    desk_shifts.sign_in(counter.desk, actor=agent)
    normal = stream(frozen, counter.tx, "N")[0]
    frozen.advance(minutes=19)
    preferential = stream(frozen, counter.tx, "PP")
    assert positions.people_ahead(fresh(normal)) == 1
    assert [positions.people_ahead(fresh(t)) for t in preferential] == [0, 2]
    assert actual_call_order(counter.desk, agent, 3) == [preferential[0], normal, preferential[1]]


def test_the_streak_of_the_desk_counts(frozen, counter, agent) -> None:
    """After two preferential calls in a row the desk owes a normal one: the next preferential waits behind it."""
    desk_shifts.sign_in(counter.desk, actor=agent)
    ids = stream(frozen, counter.tx, "PPNP")
    actual_call_order(counter.desk, agent, 2)  # the two first preferential tickets
    normal, last = ids[2], ids[3]
    assert (positions.people_ahead(fresh(normal)), positions.people_ahead(fresh(last))) == (0, 1)


def test_nobody_ahead_at_an_open_desk_reads_en_breve(frozen, counter, agent) -> None:
    """The estimate says «en breve», never «0 min»; with someone ahead it gives minutes."""
    desk_shifts.sign_in(counter.desk, actor=agent)
    first, second = stream(frozen, counter.tx, "NN")
    now, later = serialize.public_ticket(fresh(first)), serialize.public_ticket(fresh(second))
    assert (now["wait_text"], now["desk_open"], now["wait_notice"]) == ("en breve", True, None)
    assert later["wait_text"] == f"{later['estimated_wait_min']} min aprox." and later["estimated_wait_min"] > 0


def test_no_open_desk_says_so(frozen, counter) -> None:
    """While every desk of the queue is closed the ticket says no desk serves the trámite now."""
    ticket = serialize.public_ticket(fresh(stream(frozen, counter.tx, "N")[0]))
    assert (ticket["desk_open"], ticket["wait_notice"]) == (False, NO_DESK_OPEN_TICKET)
    assert ticket["wait_text"] == "cuando abra un mesón"


def test_every_desk_paused_says_so_instead_of_en_breve(frozen, agent) -> None:
    """Both desks of the queue pause: nobody can call, so the customer first in line is not told «en breve» but
    that the desks pause; once one resumes, «en breve» again. One desk paused while the other serves says nothing."""
    counter = make_counter(desks=2)
    for desk in counter.desks:
        desk_shifts.sign_in(desk, actor=agent if desk == counter.desks[0] else make_actor(None, "agent"))
    first, second = stream(frozen, counter.tx, "NN")
    desk_shifts.pause(counter.desks[0], actor=agent)
    assert serialize.public_ticket(fresh(first))["wait_notice"] is None
    desk_shifts.pause(counter.desks[1], actor=SYSTEM)
    paused = serialize.public_ticket(fresh(first))
    assert (paused["desk_open"], paused["wait_notice"]) == (True, DESKS_PAUSED_TICKET)
    assert paused["wait_text"] == "cuando vuelva un mesón de su pausa"
    # Second in line too: no «5 min aprox.» under a notice that nobody is calling.
    assert serialize.public_ticket(fresh(second))["wait_text"] == "cuando vuelva un mesón de su pausa"
    desk_shifts.resume(counter.desks[0], actor=agent)
    back = serialize.public_ticket(fresh(first))
    assert (back["wait_text"], back["wait_notice"]) == ("en breve", None)


def test_a_ticket_for_one_closed_desk_says_so_while_others_are_open(frozen, agent) -> None:
    """A trámite routed to one desk waits for that desk: another open desk of the queue does not help."""
    counter = make_counter(desks=2)
    desk_shifts.sign_in(counter.desks[1], actor=agent)
    general = engine.issue_ticket(counter.tx, actor=SYSTEM).id
    assert serialize.public_ticket(fresh(general))["desk_open"] is True
    engine.transfer(general, actor=SYSTEM, desk=counter.desks[0])
    moved = serialize.public_ticket(fresh(general))
    assert (moved["wait_notice"], moved["transferred"]) == (NO_DESK_OPEN_TICKET, True)


def test_no_minutes_are_given_for_a_ticket_nobody_can_call(frozen, agent) -> None:
    """Trámites routed to one desk (the catalogue) while it is closed and the queue's other desk is open: the third
    customer's status page says «cuando abra un mesón», and the staff answer and the printed ticket give no
    minutes either (they gave the open desk's 10, which cannot call them). Paused, the same; open, minutes again."""
    counter = make_counter(desks=2)
    desk_shifts.sign_in(counter.desks[1], actor=agent)
    routed = make_transaction(counter.queue, desk=db.session.scalar(
        db.select(Desk).where(Desk.code == counter.desks[0]))).code
    third = [make_ticket(routed).id for _ in range(3)][-1]
    staff = serialize.staff_ticket(fresh(third))
    assert (staff["wait_text"], staff["people_ahead"]) == ("cuando abra un mesón", 2)
    assert staff["estimated_wait_min"] is None
    assert ticket_document(fresh(third)).estimated_wait_min is None
    other = make_actor(None, "agent")
    desk_shifts.sign_in(counter.desks[0], actor=other)
    desk_shifts.pause(counter.desks[0], actor=other)
    paused = serialize.staff_ticket(fresh(third))
    assert (paused["wait_text"], paused["estimated_wait_min"]) == ("cuando vuelva un mesón de su pausa", None)
    desk_shifts.resume(counter.desks[0], actor=other)
    back = serialize.staff_ticket(fresh(third))
    assert back["estimated_wait_min"] > 0 and back["wait_text"] == f"{back['estimated_wait_min']} min aprox."


def test_answer_carries_the_requirements_of_the_tramite(frozen) -> None:
    """The {ticket} answer lists what the customer brings, one requirement per line of the trámite."""
    counter = make_counter()
    tx = make_transaction(counter.queue, requirements="Cédula de identidad\nFactura de luz o agua")
    ticket = serialize.public_ticket(fresh(make_ticket(tx.code).id))
    assert ticket["requirements"] == ["Cédula de identidad", "Factura de luz o agua"]
    assert ticket["transferred"] is False


@pytest.mark.parametrize(("minutes", "text"), [
    (0, "en breve"), (1, "1 min aprox."), (59, "59 min aprox."), (60, "1 h aprox."), (62, "1 h aprox."),
    (63, "1 h 5 min aprox."), (75, "1 h 15 min aprox."), (118, "2 h aprox."), (240, "4 h aprox.")])
def test_a_long_wait_reads_in_hours(minutes: int, text: str) -> None:
    """«240 min aprox.» on a status page with 24 people ahead and one desk open: from an hour on the wait reads
    in hours and the nearest 5 minutes."""
    assert wait_text(minutes) == text
