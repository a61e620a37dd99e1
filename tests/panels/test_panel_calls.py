"""What a waiting room reads in «Llamando» and «Últimos llamados», as the server builds it for the snapshot and
for `calls_changed` (core/realtime/broadcast.py `panel_calls`). An audit watched a panel next to two desks: one
desk's call stayed «Llamada» while the other desk called and finished seven customers, and each finish put the
first call back in «Llamando», 11 minutes after it was made."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.extensions import socketio
from core.org import settings_edit
from core.panels import board
from core.realtime.broadcast import RECENT_CALL_S
from core.tickets import desks
from tests.builders import Counter, make_counter
from tests.helpers import FrozenClock, actor_for, device_token


def shown(body: dict) -> tuple[str | None, list[str]]:
    return (body["current"] or {}).get("number"), [c["number"] for c in body["history"]]


def calls_changed(client) -> list[dict]:
    return [m["args"][0] for m in client.get_received() if m["name"] == "calls_changed"]


@pytest.fixture
def two_desks(app) -> tuple[Counter, FrozenClock]:
    clock = FrozenClock()
    counter = make_counter(desks=2)
    for _ in range(6):
        counter.issue()
    return counter, clock


def test_an_old_call_still_awaited_does_not_come_back_to_llamando(app, two_desks) -> None:
    """asesor1 calls the first customer, who never comes. Ten minutes later asesor2 calls and finishes the next
    one: «Llamando» reads «Espere su turno», not the 11-minute-old call as if made now; that call stays listed,
    below the newer one (call order). The live event and the snapshot agree."""
    counter, clock = two_desks
    area = counter.area.code
    panel = socketio.test_client(app, auth={"token": device_token("panel", area=area)})
    old = desks.call_next(counter.desks[0], actor=actor_for("asesor1", "agent"))
    clock.advance(minutes=10)
    other = actor_for("asesor2", "agent")
    newer = desks.call_next(counter.desks[1], actor=other)
    assert shown(board.snapshot(area)) == (newer.label, [old.label])
    clock.advance(minutes=1)
    panel.get_received()
    desks.finish(counter.desks[1], actor=other)
    [event] = calls_changed(panel)
    assert shown(event) == (None, [newer.label, old.label]) == shown(board.snapshot(area))
    assert shown(board.snapshot("ALL")) == (None, [newer.label, old.label])
    panel.disconnect()


def test_a_recent_call_still_awaited_comes_back_within_the_announce_window(app, two_desks) -> None:
    """The same, two minutes apart: the first customer may still be on the way, their call comes back (without
    a new announcement: `calls_changed` is no call). Past the window it does not."""
    counter, clock = two_desks
    area = counter.area.code
    other = actor_for("asesor2", "agent")
    old = desks.call_next(counter.desks[0], actor=actor_for("asesor1", "agent"))
    clock.advance(seconds=RECENT_CALL_S - 60)
    newer = desks.call_next(counter.desks[1], actor=other)
    clock.advance(seconds=50)
    desks.finish(counter.desks[1], actor=other)
    assert shown(board.snapshot(area)) == (old.label, [newer.label])
    clock.advance(seconds=11)  # the old call is now RECENT_CALL_S + 1 s old
    third = desks.call_next(counter.desks[1], actor=other)
    desks.finish(counter.desks[1], actor=other)
    assert shown(board.snapshot(area)) == (None, [third.label, newer.label, old.label])


def test_last_calls_are_in_call_order_and_a_recall_comes_first(app, two_desks) -> None:
    """«Últimos llamados» is by call time, the latest call or recall first, whichever desk made it."""
    counter, clock = two_desks
    area = counter.area.code
    first_agent, other = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    old = desks.call_next(counter.desks[0], actor=first_agent)
    served = []
    for _ in range(3):
        clock.advance(minutes=2)
        served.append(desks.call_next(counter.desks[1], actor=other).label)
        clock.advance(seconds=30)
        desks.finish(counter.desks[1], actor=other)
    assert shown(board.snapshot(area)) == (None, [*served[::-1], old.label])
    clock.advance(seconds=30)
    desks.recall(counter.desks[0], actor=first_agent)  # the recall is the latest call
    assert shown(board.snapshot(area)) == (old.label, served[::-1])


def test_the_snapshot_says_how_many_calls_to_list(app, two_desks) -> None:
    """«Llamadas anteriores en el panel» travels with the snapshot and `calls_changed`, so an open panel follows a
    change; 0 lists none."""
    counter, _clock = two_desks
    area = counter.area.code
    agent = actor_for("asesor2", "agent")
    desks.call_next(counter.desks[1], actor=agent)
    desks.finish(counter.desks[1], actor=agent)
    assert board.snapshot(area)["history_limit"] == 8 and len(board.snapshot(area)["history"]) == 1
    settings_edit.save({"panel_history": 0}, actor=SYSTEM)
    body = board.snapshot(area)
    assert (body["history_limit"], body["history"]) == (0, [])


def test_a_call_says_whether_its_ticket_is_still_on_call(app, two_desks) -> None:
    """What the panel highlights under «Últimos llamados»: each call's `on_call`, true while its ticket is called or
    served at the desk, false once finished; the live event and the snapshot agree."""
    counter, clock = two_desks
    area = counter.area.code
    panel = socketio.test_client(app, auth={"token": device_token("panel", area=area)})
    first_agent, other = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    served = desks.call_next(counter.desks[1], actor=other).label
    desks.start(counter.desks[1], actor=other)
    clock.advance(seconds=20)
    called = desks.call_next(counter.desks[0], actor=first_agent).label

    def flags(body: dict) -> list[tuple[str, bool]]:
        return [(call["number"], call["on_call"]) for call in [body["current"], *body["history"]]]

    assert flags(board.snapshot(area)) == [(called, True), (served, True)]
    clock.advance(seconds=20)
    panel.get_received()
    desks.finish(counter.desks[1], actor=other)
    [event] = calls_changed(panel)
    assert flags(event) == flags(board.snapshot(area)) == [(called, True), (served, False)]
    panel.disconnect()
