"""The ticket engine: every legal transition, every illegal one, and what each leaves behind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.errors import DeskBusy, DeskPaused, Forbidden, IllegalTransition, Invalid, NotFound, NothingWaiting
from core.extensions import db
from core.models import Desk, Ticket, TicketEvent
from core.tickets import desks, engine
from tests.helpers import KIOSK_TX, FrozenClock, actor_for


@pytest.fixture
def agent(app):
    return actor_for("asesor1", "agent")


@pytest.fixture
def frozen(app):
    return FrozenClock()


def issue(tx: str = KIOSK_TX, **kwargs) -> Ticket:
    from core.actors import SYSTEM

    return engine.issue_ticket(tx, actor=kwargs.pop("actor", SYSTEM), **kwargs)


def events_of(ticket: Ticket) -> list[str]:
    return list(db.session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)
                                   .order_by(TicketEvent.id)))


@pytest.mark.postgres
def test_issue_numbers_per_queue_with_prefix(agent, frozen) -> None:
    """Tickets are numbered per queue from 001 with the queue's prefix."""
    first, second = issue(), issue()
    other = issue("PV_SEG_RECLAMO")
    assert (first.label, second.label, other.label) == ("A-001", "A-002", "I-001")
    assert first.status == "waiting" and events_of(first) == ["issue"]


@pytest.mark.postgres
def test_numbering_restarts_each_business_day_in_la_paz(agent, frozen) -> None:
    """A new La Paz day starts again at 001, even though UTC has not changed date."""
    from datetime import UTC, datetime

    frozen.value = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 23:30 on the 22nd in La Paz
    assert issue().label == "A-001"
    frozen.value = datetime(2026, 11, 23, 4, 30, tzinfo=UTC)  # 00:30 on the 23rd in La Paz
    assert issue().label == "A-001"
    assert issue().label == "A-002"


def test_full_happy_path_writes_every_event(agent, frozen) -> None:
    """call → recall → start → finish moves the ticket and logs each step with its actor."""
    ticket = issue()
    frozen.advance(minutes=5)
    called = desks.call_next("P01", actor=agent)
    assert called.id == ticket.id and called.status == "called" and called.desk.code == "P01"
    frozen.advance(seconds=30)
    assert desks.recall("P01", actor=agent).recalls == 1
    frozen.advance(seconds=30)
    assert desks.start("P01", actor=agent).status == "serving"
    frozen.advance(minutes=7)
    done = desks.finish("P01", actor=agent, outcome="Instalación registrada")
    assert done.status == "done" and done.outcome == "Instalación registrada"
    assert db.session.get(Desk, done.desk_id).current_ticket_id is None
    assert events_of(ticket) == ["issue", "call", "recall", "start", "finish"]
    last = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                              .order_by(TicketEvent.id.desc())).first()
    assert (last.from_status, last.to_status, last.actor_name) == ("serving", "done", "asesor1")


def test_finish_without_start_starts_it(agent, frozen) -> None:
    """An agent who skips *Iniciar* can still finish: the service starts at finish time."""
    issue()
    desks.call_next("P01", actor=agent)
    done = desks.finish("P01", actor=agent)
    assert done.status == "done" and done.started_at == done.finished_at


def test_no_show_frees_the_desk(agent, frozen) -> None:
    issue()
    desks.call_next("P01", actor=agent)
    ticket = desks.no_show("P01", actor=agent)
    assert ticket.status == "no_show"
    assert db.session.scalar(select(Desk.current_ticket_id).where(Desk.code == "P01")) is None


def test_desk_with_active_ticket_cannot_call_another(agent, frozen) -> None:
    issue(), issue()
    desks.call_next("P01", actor=agent)
    with pytest.raises(DeskBusy):
        desks.call_next("P01", actor=agent)
    with pytest.raises(DeskBusy):
        desks.call_ticket("P01", 2, actor=agent)


def test_illegal_transitions_raise_and_write_nothing(agent, frozen) -> None:
    """Finishing, starting, recalling or no-showing with nothing called is refused; nothing is logged."""
    ticket = issue()
    for action in (desks.finish, desks.start, desks.recall, desks.no_show):
        with pytest.raises(IllegalTransition, match="no tiene una ficha activa"):
            action("P01", actor=agent)
    assert events_of(ticket) == ["issue"]
    desks.call_next("P01", actor=agent)
    desks.start("P01", actor=agent)
    with pytest.raises(IllegalTransition, match="No se puede volver a llamar"):
        desks.recall("P01", actor=agent)
    with pytest.raises(IllegalTransition, match="marcar como no presentada"):
        desks.no_show("P01", actor=agent)
    desks.finish("P01", actor=agent)
    with pytest.raises(IllegalTransition, match="está atendida"):
        engine.cancel(ticket.id, actor=agent)
    with pytest.raises(IllegalTransition):
        engine.transfer(ticket.id, actor=agent, queue="BOC")
    assert events_of(ticket) == ["issue", "call", "start", "finish"]


def test_nothing_waiting(agent, frozen) -> None:
    with pytest.raises(NothingWaiting):
        desks.call_next("P01", actor=agent)


def test_desk_only_calls_its_own_queues(agent, frozen) -> None:
    """Mesón 19 serves Crédito al Socio only: an installation ticket is not for it."""
    ticket = issue()
    with pytest.raises(NothingWaiting):
        desks.call_next("M19", actor=agent)
    with pytest.raises(Invalid, match="no corresponde"):
        desks.call_ticket("M19", ticket.id, actor=agent)


def test_call_specific_ticket(agent, frozen) -> None:
    issue()
    second = issue()
    called = desks.call_ticket("P02", second.id, actor=agent)
    assert called.id == second.id and called.status == "called"


def test_pause_blocks_calls_until_resume(agent, frozen) -> None:
    issue()
    desks.pause("P01", actor=agent)
    with pytest.raises(DeskPaused):
        desks.call_next("P01", actor=agent)
    with pytest.raises(IllegalTransition):
        desks.pause("P01", actor=agent)
    desks.resume("P01", actor=agent)
    assert desks.call_next("P01", actor=agent).status == "called"
    with pytest.raises(DeskBusy):
        desks.pause("P01", actor=agent)
    with pytest.raises(IllegalTransition):
        desks.resume("P01", actor=agent)


def test_cancel_waiting_and_called(agent, frozen) -> None:
    waiting = issue()
    assert engine.cancel(waiting.id, actor=agent, reason="se retiró").status == "cancelled"
    called_ticket = issue()
    desks.call_next("P01", actor=agent)
    engine.cancel(called_ticket.id, actor=agent)
    assert db.session.scalar(select(Desk.current_ticket_id).where(Desk.code == "P01")) is None


def test_transfer_to_queue_keeps_number_and_arrival(agent, frozen) -> None:
    """A transferred ticket keeps its number and, by default, its place by arrival time."""
    ticket = issue()
    frozen.advance(minutes=3)
    desks.call_next("P01", actor=agent)
    frozen.advance(minutes=2)
    early_boc = issue("PV_RECLAMO_FACT")  # B-001, issued after the transferred ticket
    moved = engine.transfer(ticket.id, actor=agent, queue="BOC")
    assert (moved.label, moved.status, moved.queue.code) == ("A-001", "waiting", "BOC")
    assert db.session.scalar(select(Desk.current_ticket_id).where(Desk.code == "P01")) is None
    boc = actor_for("boc", "agent")
    assert desks.call_next("BOC1", actor=boc).id == ticket.id  # arrived earlier than B-001
    desks.finish("BOC1", actor=boc)
    assert desks.call_next("BOC1", actor=boc).id == early_boc.id


def test_transfer_without_keeping_arrival_goes_last(agent, frozen) -> None:
    ticket = issue()
    frozen.advance(minutes=1)
    other = issue("PV_RECLAMO_FACT")
    frozen.advance(minutes=1)
    engine.transfer(ticket.id, actor=agent, queue="BOC", keep_arrival=False)
    boc = actor_for("boc", "agent")
    assert desks.call_next("BOC1", actor=boc).id == other.id


def test_transfer_to_desk_reserves_it(agent, frozen) -> None:
    """A ticket transferred to Mezanine BOC 2 is called only by that desk."""
    ticket = issue("PV_RECLAMO_FACT")
    engine.transfer(ticket.id, actor=agent, desk="BOC2")
    boc1, boc2 = actor_for("boc1", "agent"), actor_for("boc2", "agent")
    with pytest.raises(NothingWaiting):
        desks.call_next("BOC1", actor=boc1)
    assert desks.call_next("BOC2", actor=boc2).id == ticket.id


def test_transfer_errors(agent, frozen) -> None:
    ticket = issue()
    with pytest.raises(Invalid, match="Indique"):
        engine.transfer(ticket.id, actor=agent)
    with pytest.raises(NotFound, match="cola"):
        engine.transfer(ticket.id, actor=agent, queue="NOPE")
    with pytest.raises(Invalid, match="no atiende"):
        engine.transfer(ticket.id, actor=agent, queue="BOC", desk="M19")


def test_unknown_transaction_and_preferential(agent, frozen) -> None:
    with pytest.raises(NotFound, match="trámite"):
        issue("NO_EXISTE")
    with pytest.raises(NotFound):
        issue("VENTA")  # a category, not a transaction
    with pytest.raises(Invalid, match="preferencial"):
        issue(preferential="vip")
    assert db.session.scalar(select(Ticket.id)) is None


@pytest.mark.postgres
def test_idempotency_key_returns_the_same_ticket(agent, frozen) -> None:
    first = issue(idempotency_key="kiosk-1-abcdef")
    again = issue(idempotency_key="kiosk-1-abcdef")
    assert again.id == first.id
    assert issue(idempotency_key="kiosk-1-other12").id != first.id


def test_another_agent_cannot_operate_a_taken_desk(agent, frozen) -> None:
    issue()
    desks.call_next("P01", actor=agent)
    intruder = actor_for("otro", "agent")
    with pytest.raises(Forbidden):
        desks.finish("P01", actor=intruder)
    supervisor = actor_for("jefa", "supervisor")
    assert desks.finish("P01", actor=supervisor).status == "done"
    reception = actor_for("recep", "reception")
    with pytest.raises(Forbidden):
        desks.call_next("P02", actor=reception)


def test_sign_out_frees_the_desk_for_another_agent(agent, frozen) -> None:
    desks.sign_in("P01", actor=agent)
    desks.sign_out("P01", actor=agent)
    other = actor_for("otro", "agent")
    assert desks.sign_in("P01", actor=other).agent_id == other.id
