"""«Llamando» shows only tickets still on call: a finished, no-show, transferred or cancelled ticket leaves it on
every panel at once (`calls_changed`), and the live event and the snapshot say the same. «Últimos llamados»
lists calls of tickets on call or served; no-shows, cancelled and transferred tickets are not listed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import clock
from core.actors import SYSTEM
from core.extensions import socketio
from core.panels import board
from core.tickets import desks, engine
from tests.builders import Counter, make_counter, make_queue
from tests.helpers import actor_for, device_token


@pytest.fixture
def panels(app, room: Counter):
    """The room's own panel and a panel of every room."""
    clients = [socketio.test_client(app, auth={"token": device_token("panel", "panel-sala", area=room.area.code)}),
               socketio.test_client(app, auth={"token": device_token("panel", "panel-todas", area="ALL")})]
    for client in clients:
        client.get_received()
    yield clients
    for client in clients:
        client.disconnect()


def calls_changed(client) -> list[dict]:
    return [m["args"][0] for m in client.get_received() if m["name"] == "calls_changed"]


def shown(body: dict) -> tuple[str | None, list[str]]:
    return (body["current"] or {}).get("number"), [c["number"] for c in body["history"]]


def called(room: Counter, count: int = 1):
    agent = actor_for("asesor1", "agent")
    for _ in range(count):
        engine.issue_ticket(room.tx, actor=SYSTEM)
    return agent, desks.call_next(room.desk, actor=agent)


def test_finished_ticket_leaves_llamando_and_stays_in_history(panels, room) -> None:
    """Finished: «Llamando» empties on the room's panel and on the all-rooms panel; the call is listed as served."""
    agent, _first = called(room, 2)
    desks.start(room.desk, actor=agent)
    desks.finish(room.desk, actor=agent)
    for panel, area in zip(panels, (room.area.code, "ALL"), strict=True):
        [event] = calls_changed(panel)
        assert (event["number"], event["action"], event["area"]) == ("E-001", "finish", area)
        assert shown(event) == (None, ["E-001"])
        assert isinstance(event["seq"], int)
        assert shown(board.snapshot(area)) == shown(event)


def test_no_show_leaves_llamando_and_is_not_listed(panels, room) -> None:
    agent, _first = called(room)
    desks.no_show(room.desk, actor=agent, now=clock.now() + timedelta(hours=1))
    [event] = calls_changed(panels[0])
    assert shown(event) == (None, []) == shown(board.snapshot(room.area.code))


def test_transferred_ticket_leaves_its_old_room(panels, room) -> None:
    """Moved to a queue of another room: it leaves this room's «Llamando» and is listed nowhere until called."""
    _agent, first = called(room)
    engine.transfer(first.id, actor=SYSTEM, queue=make_queue().code)
    [event] = calls_changed(panels[0])
    assert (event["action"], shown(event)) == ("transfer", (None, []))
    assert shown(board.snapshot(room.area.code)) == (None, [])


def test_cancelled_called_ticket_leaves(panels, room) -> None:
    _agent, first = called(room)
    engine.cancel(first.id, actor=SYSTEM, reason="se retiró")
    [event] = calls_changed(panels[0])
    assert shown(event) == (None, []) == shown(board.snapshot(room.area.code))


def test_a_call_still_on_call_at_another_desk_comes_back_to_llamando(app) -> None:
    """Two desks call; the newer finishes: «Llamando» shows the older call, still waiting for its customer."""
    counter = make_counter(desks=2)
    panel = socketio.test_client(app, auth={"token": device_token("panel", area=counter.area.code)})
    agent, other = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    engine.issue_ticket(counter.tx, actor=SYSTEM)
    engine.issue_ticket(counter.tx, actor=SYSTEM)
    older = desks.call_next(counter.desks[0], actor=agent)
    newer = desks.call_next(counter.desks[1], actor=other, now=clock.now() + timedelta(seconds=5))
    assert shown(board.snapshot(counter.area.code)) == (newer.label, [older.label])
    panel.get_received()
    desks.finish(counter.desks[1], actor=other, now=clock.now() + timedelta(seconds=30))
    [event] = calls_changed(panel)
    assert shown(event) == (older.label, [newer.label]) == shown(board.snapshot(counter.area.code))
    panel.disconnect()


def test_a_ticket_never_called_changes_no_panel(panels, room) -> None:
    """Cancelling a ticket that was only waiting sends no `calls_changed` (its count changes, nothing else)."""
    ticket = engine.issue_ticket(room.tx, actor=SYSTEM)
    panels[0].get_received()
    engine.cancel(ticket.id, actor=SYSTEM, reason="se retiró")
    assert calls_changed(panels[0]) == []


@pytest.mark.postgres
def test_an_old_call_still_on_call_shows_beside_a_full_history_newest_first(app) -> None:
    """A customer called long ago and still awaited stays in «Llamando» while another desk calls and serves more
    customers than «Últimos llamados» lists; the list shows the newest of those, newest first (read in one
    statement per room: issue 13)."""
    from core import settings

    counter = make_counter(desks=2)
    agent, other = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    n = int(settings.get("panel_history"))
    for _ in range(n + 3):
        engine.issue_ticket(counter.tx, actor=SYSTEM)
    start = clock.now()
    older = desks.call_next(counter.desks[0], actor=agent, now=start)
    served = []
    for i in range(n + 2):
        at = start + timedelta(minutes=i + 1)
        served.append(desks.call_next(counter.desks[1], actor=other, now=at).label)
        desks.finish(counter.desks[1], actor=other, now=at + timedelta(seconds=30))
    expected = (older.label, served[::-1][:n])
    assert shown(board.snapshot(counter.area.code)) == expected
    assert shown(board.snapshot("ALL")) == expected
