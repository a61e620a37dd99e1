"""A transferred customer starts afresh at the desk that receives them: its «Llamadas repetidas», the no-show
rule's count and the service time are its own; the receiving agent reads where the customer comes from and the
sender's note; and a ticket called from the list counts in the preferential rotation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import IllegalTransition
from core.extensions import db
from core.models import Setting
from core.tickets import console, desk_shifts, desks, engine
from tests.helpers import actor_for, set_settings


def test_the_receiving_desk_counts_its_own_calls_and_service(agent, frozen, office) -> None:
    set_settings(no_show_min_calls=2, no_show_min_wait_min=5)
    ticket = office.plat.issue()
    desks.call_next(office.plat.desk, actor=agent)
    desks.recall(office.plat.desk, actor=agent)
    desks.start(office.plat.desk, actor=agent)
    frozen.advance(minutes=10)
    engine.transfer(ticket.id, actor=agent, queue=office.boc.queue.code, note="Quiere reclamar su factura")

    boc = actor_for("boc1", "agent")
    called = desks.call_next(office.boc.desk, actor=boc)
    assert (called.id, called.recalls, called.started_at) == (ticket.id, 0, None)
    # Called once here, a moment ago: the 10 minutes since the first desk's call say nothing about this one.
    with pytest.raises(IllegalTransition, match="1 de 2 llamadas"):
        desks.no_show(office.boc.desk, actor=boc)
    frozen.advance(minutes=2)
    desks.start(office.boc.desk, actor=boc)
    frozen.advance(minutes=3)
    done = desks.finish(office.boc.desk, actor=boc)
    assert done.finished_at - done.started_at == timedelta(minutes=3)  # this desk's service, not 15 min


def test_the_receiving_agent_reads_where_the_customer_comes_from(agent, frozen, office) -> None:
    ticket = office.plat.issue()
    sender = desks.call_next(office.plat.desk, actor=agent).desk.name
    engine.transfer(ticket.id, actor=agent, desk=office.boc.desks[1], note="Pide hablar con Legal después")
    desks.call_next(office.boc.desks[1], actor=actor_for("boc2", "agent"))
    transfer = console.desk_state(office.boc.desks[1])["current"]["transfer"]
    assert (transfer["from"], transfer["by"], transfer["note"]) == (sender, "asesor1", "Pide hablar con Legal después")
    never_moved = office.boc.issue()
    desks.call_next(office.boc.desk, actor=actor_for("boc1", "agent"))
    assert console.desk_state(office.boc.desk)["current"]["id"] == never_moved.id
    assert console.desk_state(office.boc.desk)["current"]["transfer"] is None


def test_a_normal_ticket_called_from_the_list_ends_the_preferential_streak(frozen, counter) -> None:
    """Two preferential customers called, then a normal one from the list: the next «Llamar siguiente» goes to a
    preferential customer again, not to a second normal one in a row."""
    db.session.merge(Setting(key="preferential_ratio", value="2"))
    db.session.commit()
    agent = actor_for("asesor-lista", "agent")
    desk_shifts.sign_in(counter.desk, actor=agent)
    normals = [counter.issue() for _ in range(2)]
    frozen.advance(minutes=1)
    prefs = [counter.issue(preferential="adulto_mayor") for _ in range(3)]
    for expected in prefs[:2]:
        assert desks.call_next(counter.desk, actor=agent).id == expected.id
        desks.finish(counter.desk, actor=agent)
    assert desks.call_ticket(counter.desk, normals[0].id, actor=agent).id == normals[0].id
    desks.finish(counter.desk, actor=agent)
    assert desks.call_next(counter.desk, actor=agent).id == prefs[2].id


def test_a_ticket_another_desk_just_called_says_which_desk(frozen, counter) -> None:
    """Two agents choose the same customer from their lists: the second reads who has them."""
    ticket = counter.issue()
    first, second = actor_for("asesor-a", "agent"), actor_for("asesor-b", "agent")
    taken = desks.call_ticket(counter.desks[0], ticket.id, actor=first)
    with pytest.raises(IllegalTransition, match=f"La ficha {ticket.label} ya la llamó {taken.desk.name}: elija otra"):
        desks.call_ticket(counter.desks[1], ticket.id, actor=second)


def test_a_desk_that_skips_iniciar_still_teaches_the_estimate(frozen, counter) -> None:
    """Agents who finish straight from «Llamada» (F after N) served for minutes: the queue's estimate learns those
    minutes. It learnt 0 s services, dropped as clicks, so the estimate stayed the queue's default all day."""
    from core.tickets import service_times

    agent = actor_for("asesor-sin-iniciar", "agent")
    default = float(counter.queue.default_service_minutes)
    for _ in range(3):
        counter.issue()
    for _ in range(3):
        desks.call_next(counter.desk, actor=agent)
        frozen.advance(minutes=2)
        desks.finish(counter.desk, actor=agent)
    learnt = service_times.mean_service_minutes(counter.queue)
    assert 2 < learnt < default  # three 2-minute services, blended with the default while they are few
