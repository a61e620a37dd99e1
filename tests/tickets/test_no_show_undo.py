"""«No se presentó» can be undone for a short, configurable time: the ticket is called at that desk again, the
undo is audited, panels and the desk get it live. And ZMS's callCountMax: the N-th recall without a start marks
the ticket no-show by itself (off by default)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core import clock
from core.errors import DeskBusy, IllegalTransition, Invalid
from core.extensions import db, socketio
from core.models import Ticket, TicketEvent
from core.tickets import console, desks
from tests.builders import Counter, make_counter
from tests.helpers import device_token, set_settings

T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def _set(**values: int) -> None:
    set_settings(**values)


@pytest.fixture
def marked(app, counter: Counter, agent) -> Ticket:
    """A ticket called at T0 and marked no-show at T0 + 1 min (undo window: 30 s)."""
    _set(no_show_undo_seconds=30, no_show_min_wait_min=0)
    counter.issue(now=T0)
    desks.call_next(counter.desk, actor=agent, now=T0)
    return desks.no_show(counter.desk, actor=agent, now=T0 + timedelta(minutes=1))


def test_undo_restores_the_ticket_called_at_its_desk(marked, counter, agent) -> None:
    """Within the window the ticket is called again at that desk, as before; the audit records who undid it."""
    restored = desks.undo_no_show(counter.desk, marked.id, actor=agent, now=T0 + timedelta(minutes=1, seconds=30))
    assert (restored.status, restored.finished_at, restored.desk.code) == ("called", None, counter.desk)
    state = console.desk_state(counter.desk, now=T0 + timedelta(minutes=2))
    assert state["current"]["number"] == marked.label and state["undo_no_show"] is None
    last = db.session.scalars(db.select(TicketEvent).where(TicketEvent.ticket_id == marked.id)
                              .order_by(TicketEvent.id.desc())).first()
    assert (last.action, last.from_status, last.to_status, last.actor_name) == (
        "undo_no_show", "no_show", "called", "asesor1")
    # The restored ticket goes on as any called one.
    assert desks.finish(counter.desk, actor=agent, now=T0 + timedelta(minutes=3)).status == "done"


def test_undo_after_the_window_is_refused(marked, counter, agent) -> None:
    """One second past the window: refused with the reason; the ticket stays a no-show."""
    with pytest.raises(IllegalTransition, match="Ya pasó el plazo"):
        desks.undo_no_show(counter.desk, marked.id, actor=agent, now=T0 + timedelta(minutes=1, seconds=31))
    assert db.session.get(Ticket, marked.id).status == "no_show"


def test_the_console_offers_undo_only_while_it_lasts(marked, counter) -> None:
    """The desk state names the no-show it may undo and until when, and nothing once the window is over."""
    offer = console.desk_state(counter.desk, now=T0 + timedelta(minutes=1, seconds=10))["undo_no_show"]
    assert (offer["ticket"], offer["number"]) == (marked.id, marked.label)
    assert offer["until"] == "2026-11-23T09:01:30-04:00"  # La Paz time, as every time the console reads
    assert console.desk_state(counter.desk, now=T0 + timedelta(minutes=1, seconds=31))["undo_no_show"] is None


def test_undo_needs_a_free_desk(marked, counter, agent) -> None:
    """A desk that called someone else meanwhile must finish that ticket first."""
    counter.issue(now=T0)
    desks.call_next(counter.desk, actor=agent, now=T0 + timedelta(minutes=1, seconds=5))
    with pytest.raises(DeskBusy):
        desks.undo_no_show(counter.desk, marked.id, actor=agent, now=T0 + timedelta(minutes=1, seconds=10))
    assert db.session.get(Ticket, marked.id).status == "no_show"


def test_undo_from_another_desk_is_refused(app, agent) -> None:
    """Only the desk where it was marked may undo it."""
    room = make_counter(desks=2)
    _set(no_show_undo_seconds=30)
    room.issue(now=T0)
    desks.call_next(room.desk, actor=agent, now=T0)
    ticket = desks.no_show(room.desk, actor=agent, now=T0 + timedelta(minutes=5))
    with pytest.raises(Invalid, match="no se marcó como no presentada"):
        desks.undo_no_show(room.desks[1], ticket.id, actor=agent, now=T0 + timedelta(minutes=5, seconds=1))


def test_undo_brings_the_number_back_to_llamando(app, counter, agent) -> None:
    """The room's panel gets `calls_changed` with the ticket on call again (no new announcement)."""
    now = clock.now()  # panels show today's calls
    counter.issue(now=now)
    desks.call_next(counter.desk, actor=agent, now=now)
    marked = desks.no_show(counter.desk, actor=agent, now=now + timedelta(minutes=5))
    panel = socketio.test_client(app, auth={
        "token": device_token("panel", "panel-sala", area=counter.area.code)})
    panel.get_received()
    desks.undo_no_show(counter.desk, marked.id, actor=agent, now=now + timedelta(minutes=5, seconds=5))
    received = panel.get_received()
    panel.disconnect()
    [event] = [m["args"][0] for m in received if m["name"] == "calls_changed"]
    assert (event["action"], event["current"]["number"]) == ("undo_no_show", marked.label)
    assert not [m for m in received if m["name"] == "ticket_called"]


@pytest.fixture
def recalls_max(app, counter: Counter, agent) -> Ticket:
    _set(no_show_auto_recalls=3)
    counter.issue(now=T0)
    return desks.call_next(counter.desk, actor=agent, now=T0)


def test_auto_no_show_not_before_the_nth_recall(recalls_max, counter, agent) -> None:
    """N - 1 recalls: still called, at the desk."""
    for i in (1, 2):
        ticket = desks.recall(counter.desk, actor=agent, now=T0 + timedelta(minutes=i))
    assert (ticket.status, ticket.recalls) == ("called", 2)


def test_auto_no_show_at_the_nth_recall(recalls_max, counter, agent) -> None:
    """The N-th recall, at the no-show rule's minutes (default 3 since the first call): a no-show marked by the
    system, the desk is free, and it can still be undone."""
    for i in (1, 2, 3):
        ticket = desks.recall(counter.desk, actor=agent, now=T0 + timedelta(minutes=i))
    assert (ticket.status, ticket.recalls) == ("no_show", 3)
    event = db.session.scalars(db.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                               .order_by(TicketEvent.id.desc())).first()
    assert (event.action, event.actor_kind) == ("no_show", "system") and "3 rellamadas" in event.note
    state = console.desk_state(counter.desk, now=T0 + timedelta(minutes=3, seconds=10))
    assert state["current"] is None and state["undo_no_show"]["ticket"] == ticket.id


def test_rapid_recalls_do_not_end_the_turn_before_the_minutes(app, recalls_max, counter, agent) -> None:
    """Three recalls within 90 s of the call, the no-show rule's 3 minutes not over: the customer walking over
    from the far end of the room keeps the turn, the room hears that third recall, and the console says from
    when the next recall marks it."""
    for i in (1, 2):
        desks.recall(counter.desk, actor=agent, now=T0 + timedelta(seconds=30 * i))
    panel = socketio.test_client(app, auth={"token": device_token("panel", "panel-sala", area=counter.area.code)})
    panel.get_received()
    ticket = desks.recall(counter.desk, actor=agent, now=T0 + timedelta(seconds=90))
    received = panel.get_received()
    panel.disconnect()
    assert (ticket.status, ticket.recalls) == ("called", 3)
    [announced] = [m["args"][0] for m in received if m["name"] == "ticket_called"]
    assert announced["number"] == ticket.label
    state = console.desk_state(counter.desk, now=T0 + timedelta(seconds=100))
    assert state["current"]["number"] == ticket.label
    assert state["current"]["auto_no_show"] == {"from": clock.iso(T0 + timedelta(minutes=3)), "calls_left": 0}


def test_the_first_recall_after_the_minutes_marks_it(recalls_max, counter, agent) -> None:
    """The limit reached early, the next recall once the minutes passed is the automatic no-show (audited as the
    system's), not an endless series of recalls."""
    for i in (1, 2, 3):
        desks.recall(counter.desk, actor=agent, now=T0 + timedelta(seconds=30 * i))
    ticket = desks.recall(counter.desk, actor=agent, now=T0 + timedelta(minutes=3))
    assert (ticket.status, ticket.recalls) == ("no_show", 4)
    event = db.session.scalars(db.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                               .order_by(TicketEvent.id.desc())).first()
    assert (event.action, event.actor_kind, event.note) == ("no_show", "system",
                                                            "automática: 4 rellamadas sin atención")


def test_auto_no_show_is_off_by_default(app, counter, agent) -> None:
    counter.issue(now=T0)
    desks.call_next(counter.desk, actor=agent, now=T0)
    for i in range(1, 11):
        ticket = desks.recall(counter.desk, actor=agent, now=T0 + timedelta(seconds=30 * i))
    assert ticket.status == "called"
