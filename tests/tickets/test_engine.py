"""The ticket engine: every legal transition, every illegal one, and what each leaves behind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actors import SYSTEM
from core.errors import DeskBusy, DeskPaused, Forbidden, IllegalTransition, Invalid, NotFound, NothingWaiting
from core.extensions import db
from core.models import Desk, Ticket, TicketEvent
from core.tickets import desk_shifts, desks, engine
from tests.builders import Counter, make_category
from tests.helpers import actor_for, no_show_at_once


def label(counter: Counter, number: int) -> str:
    return f"{counter.queue.prefix}-{number:03d}"


def events_of(ticket: Ticket) -> list[str]:
    return list(db.session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)
                                   .order_by(TicketEvent.id)))


@pytest.mark.postgres
def test_issue_numbers_per_queue_with_prefix(agent, frozen, office) -> None:
    """Tickets are numbered per queue from 001 with the queue's prefix."""
    first, second = office.plat.issue(), office.plat.issue()
    other = office.boc.issue()
    assert (first.label, second.label, other.label) == (label(office.plat, 1), label(office.plat, 2),
                                                         label(office.boc, 1))
    assert first.status == "waiting" and events_of(first) == ["issue"]


@pytest.mark.postgres
def test_numbering_restarts_each_business_day_in_la_paz(agent, frozen, office) -> None:
    """A new La Paz day starts again at 001, even though UTC has not changed date."""
    from datetime import UTC, datetime

    frozen.value = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 23:30 on the 22nd in La Paz
    assert office.plat.issue().label == label(office.plat, 1)
    frozen.value = datetime(2026, 11, 23, 4, 30, tzinfo=UTC)  # 00:30 on the 23rd in La Paz
    assert office.plat.issue().label == label(office.plat, 1)
    assert office.plat.issue().label == label(office.plat, 2)


def test_full_happy_path_writes_every_event(agent, frozen, office) -> None:
    """call → recall → start → finish moves the ticket and logs each step with its actor."""
    ticket = office.plat.issue()
    frozen.advance(minutes=5)
    called = desks.call_next(office.plat.desk, actor=agent)
    assert called.id == ticket.id and called.status == "called" and called.desk.code == office.plat.desk
    frozen.advance(seconds=30)
    assert desks.recall(office.plat.desk, actor=agent).recalls == 1
    frozen.advance(seconds=30)
    assert desks.start(office.plat.desk, actor=agent).status == "serving"
    frozen.advance(minutes=7)
    done = desks.finish(office.plat.desk, actor=agent, outcome="Instalación registrada")
    assert done.status == "done" and done.outcome == "Instalación registrada"
    assert db.session.get(Desk, done.desk_id).current_ticket_id is None
    assert events_of(ticket) == ["issue", "call", "recall", "start", "finish"]
    last = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                              .order_by(TicketEvent.id.desc())).first()
    assert (last.from_status, last.to_status, last.actor_name) == ("serving", "done", "asesor1")


def test_finish_without_start_starts_it(agent, frozen, office) -> None:
    """An agent who skips *Iniciar* can still finish: the service starts at finish time."""
    office.plat.issue()
    desks.call_next(office.plat.desk, actor=agent)
    done = desks.finish(office.plat.desk, actor=agent)
    assert done.status == "done" and done.started_at == done.finished_at


def test_no_show_frees_the_desk(agent, frozen, office) -> None:
    no_show_at_once()
    office.plat.issue()
    desks.call_next(office.plat.desk, actor=agent)
    ticket = desks.no_show(office.plat.desk, actor=agent)
    assert ticket.status == "no_show"
    assert db.session.scalar(select(Desk.current_ticket_id).where(Desk.code == office.plat.desk)) is None


def test_desk_with_active_ticket_cannot_call_another(agent, frozen, office) -> None:
    _first, second = office.plat.issue(), office.plat.issue()
    desks.call_next(office.plat.desk, actor=agent)
    with pytest.raises(DeskBusy):
        desks.call_next(office.plat.desk, actor=agent)
    with pytest.raises(DeskBusy):
        desks.call_ticket(office.plat.desk, second.id, actor=agent)


def test_illegal_transitions_raise_and_write_nothing(agent, frozen, office) -> None:
    """Finishing, starting, recalling or no-showing with nothing called is refused; nothing is logged."""
    no_show_at_once()
    ticket = office.plat.issue()
    for action in (desks.finish, desks.start, desks.recall, desks.no_show):
        with pytest.raises(IllegalTransition, match="no tiene una ficha activa"):
            action(office.plat.desk, actor=agent)
    assert events_of(ticket) == ["issue"]
    desks.call_next(office.plat.desk, actor=agent)
    desks.start(office.plat.desk, actor=agent)
    with pytest.raises(IllegalTransition, match="No se puede volver a llamar"):
        desks.recall(office.plat.desk, actor=agent)
    with pytest.raises(IllegalTransition, match="marcar como no presentada"):
        desks.no_show(office.plat.desk, actor=agent)
    desks.finish(office.plat.desk, actor=agent)
    with pytest.raises(IllegalTransition, match="está atendida"):
        engine.cancel(ticket.id, actor=agent)
    with pytest.raises(IllegalTransition):
        engine.transfer(ticket.id, actor=agent, queue=office.boc.queue.code)
    assert events_of(ticket) == ["issue", "call", "start", "finish"]


def test_nothing_waiting(agent, frozen, office) -> None:
    with pytest.raises(NothingWaiting):
        desks.call_next(office.plat.desk, actor=agent)


def test_desk_only_calls_its_own_queues(agent, frozen, office) -> None:
    """A desk that serves another queue neither calls nor may take the ticket."""
    ticket = office.plat.issue()
    with pytest.raises(NothingWaiting):
        desks.call_next(office.credit.desk, actor=agent)
    with pytest.raises(Invalid, match="no corresponde"):
        desks.call_ticket(office.credit.desk, ticket.id, actor=agent)


def test_call_specific_ticket(agent, frozen, office) -> None:
    office.plat.issue()
    second = office.plat.issue()
    called = desks.call_ticket(office.plat.desks[1], second.id, actor=agent)
    assert called.id == second.id and called.status == "called"


def test_pause_blocks_calls_until_resume(agent, frozen, office) -> None:
    office.plat.issue()
    desk_shifts.pause(office.plat.desk, actor=agent)
    with pytest.raises(DeskPaused):
        desks.call_next(office.plat.desk, actor=agent)
    with pytest.raises(IllegalTransition):
        desk_shifts.pause(office.plat.desk, actor=agent)
    desk_shifts.resume(office.plat.desk, actor=agent)
    assert desks.call_next(office.plat.desk, actor=agent).status == "called"
    with pytest.raises(DeskBusy):
        desk_shifts.pause(office.plat.desk, actor=agent)
    with pytest.raises(IllegalTransition):
        desk_shifts.resume(office.plat.desk, actor=agent)


def test_cancel_waiting_and_called(agent, frozen, office) -> None:
    waiting = office.plat.issue()
    assert engine.cancel(waiting.id, actor=agent, reason="se retiró").status == "cancelled"
    called_ticket = office.plat.issue()
    desks.call_next(office.plat.desk, actor=agent)
    engine.cancel(called_ticket.id, actor=agent)
    assert db.session.scalar(select(Desk.current_ticket_id).where(Desk.code == office.plat.desk)) is None


def test_transfer_to_queue_keeps_number_and_arrival(agent, frozen, office) -> None:
    """A transferred ticket keeps its number and, by default, its place by arrival time."""
    ticket = office.plat.issue()
    frozen.advance(minutes=3)
    desks.call_next(office.plat.desk, actor=agent)
    frozen.advance(minutes=2)
    early_boc = office.boc.issue()  # issued after the transferred ticket
    moved = engine.transfer(ticket.id, actor=agent, queue=office.boc.queue.code)
    assert (moved.label, moved.status, moved.queue.code) == (label(office.plat, 1), "waiting", office.boc.queue.code)
    assert db.session.scalar(select(Desk.current_ticket_id).where(Desk.code == office.plat.desk)) is None
    boc = actor_for("boc", "agent")
    assert desks.call_next(office.boc.desk, actor=boc).id == ticket.id  # arrived before early_boc
    desks.finish(office.boc.desk, actor=boc)
    assert desks.call_next(office.boc.desk, actor=boc).id == early_boc.id


def test_transfer_without_keeping_arrival_goes_last(agent, frozen, office) -> None:
    # An agent transfers what waits for their desk (or what they hold).
    desk_shifts.sign_in(office.plat.desk, actor=agent)
    ticket = office.plat.issue()
    frozen.advance(minutes=1)
    other = office.boc.issue()
    frozen.advance(minutes=1)
    engine.transfer(ticket.id, actor=agent, queue=office.boc.queue.code, keep_arrival=False)
    boc = actor_for("boc", "agent")
    assert desks.call_next(office.boc.desk, actor=boc).id == other.id


def test_transfer_to_desk_reserves_it(frozen, office) -> None:
    """A ticket transferred to one desk is called only by that desk."""
    ticket = office.boc.issue()
    engine.transfer(ticket.id, actor=actor_for("jefa", "supervisor"), desk=office.boc.desks[1])
    boc1, boc2 = actor_for("boc1", "agent"), actor_for("boc2", "agent")
    with pytest.raises(NothingWaiting):
        desks.call_next(office.boc.desk, actor=boc1)
    assert desks.call_next(office.boc.desks[1], actor=boc2).id == ticket.id


def test_transfer_errors(agent, frozen, office) -> None:
    desk_shifts.sign_in(office.plat.desk, actor=agent)
    ticket = office.plat.issue()
    with pytest.raises(Invalid, match="Indique"):
        engine.transfer(ticket.id, actor=agent)
    with pytest.raises(NotFound, match="cola"):
        engine.transfer(ticket.id, actor=agent, queue="NOPE")
    with pytest.raises(Invalid, match="no atiende"):
        engine.transfer(ticket.id, actor=agent, queue=office.boc.queue.code, desk=office.credit.desk)


def test_a_desk_cannot_transfer_its_customer_to_itself(agent, frozen, office) -> None:
    """The customer would wait for the desk that let them go, and its next call would bring them back."""
    desk_shifts.sign_in(office.plat.desk, actor=agent)
    ticket = office.plat.issue()
    desks.call_next(office.plat.desk, actor=agent)
    with pytest.raises(Invalid, match="ya está en") as refused:
        engine.transfer(ticket.id, actor=agent, desk=office.plat.desk)
    assert refused.value.code == "transfer_same_desk"
    db.session.rollback()
    assert db.session.get(Ticket, ticket.id).status == "called"
    assert engine.transfer(ticket.id, actor=agent, queue=office.plat.queue.code).status == "waiting"


def test_unknown_transaction_and_preferential(agent, frozen, office) -> None:
    with pytest.raises(NotFound, match="trámite"):
        engine.issue_ticket("NO_EXISTE", actor=SYSTEM)
    with pytest.raises(NotFound):
        engine.issue_ticket(make_category().code, actor=SYSTEM)  # a category, not a transaction
    with pytest.raises(Invalid, match="preferencial"):
        office.plat.issue(preferential="vip")
    assert db.session.scalar(select(Ticket.id)) is None


@pytest.mark.postgres
def test_idempotency_key_returns_the_same_ticket(agent, frozen, office) -> None:
    first = office.plat.issue(idempotency_key="kiosk-1-abcdef")
    again = office.plat.issue(idempotency_key="kiosk-1-abcdef")
    assert again.id == first.id
    assert office.plat.issue(idempotency_key="kiosk-1-other12").id != first.id


def test_another_agent_cannot_operate_a_taken_desk(agent, frozen, office) -> None:
    office.plat.issue()
    desks.call_next(office.plat.desk, actor=agent)
    intruder = actor_for("otro", "agent")
    with pytest.raises(Forbidden):
        desks.finish(office.plat.desk, actor=intruder)
    supervisor = actor_for("jefa", "supervisor")
    assert desks.finish(office.plat.desk, actor=supervisor).status == "done"
    reception = actor_for("recep", "reception")
    with pytest.raises(Forbidden):
        desks.call_next(office.plat.desks[1], actor=reception)


def test_sign_out_frees_the_desk_for_another_agent(agent, frozen, office) -> None:
    desk_shifts.sign_in(office.plat.desk, actor=agent)
    desk_shifts.sign_out(office.plat.desk, actor=agent)
    other = actor_for("otro", "agent")
    assert desk_shifts.sign_in(office.plat.desk, actor=other).agent_id == other.id


def test_a_customer_cancels_only_a_waiting_ticket_of_today(agent, frozen, office) -> None:
    """«Anular mi ficha»: a waiting ticket of today is cancelled in the customer's name; yesterday's, never served,
    is closed already (its page says so), and a called one is the desk's."""
    yesterday = office.boc.issue()  # another queue: Llamar siguiente at plat must not meet it
    frozen.advance(days=1)
    with pytest.raises(IllegalTransition, match="ya está cerrada"):
        engine.cancel_by_customer(yesterday.token)
    db.session.rollback()
    leaving, called = office.plat.issue(), office.plat.issue()
    cancelled = engine.cancel_by_customer(leaving.token)
    assert (cancelled.status, cancelled.id) == ("cancelled", leaving.id)
    desk_shifts.sign_in(office.plat.desk, actor=agent)
    assert desks.call_next(office.plat.desk, actor=agent).id == called.id
    with pytest.raises(IllegalTransition, match="ya no está en espera"):
        engine.cancel_by_customer(called.token)
