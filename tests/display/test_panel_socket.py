"""The panel's Socket.IO contract: snapshot on connect, calls with consecutive sequence numbers, resync on request."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.extensions import socketio
from core.tickets import desks, engine
from tests.builders import Counter, make_counter
from tests.helpers import actor_for, device_token


@pytest.fixture
def panel(app, room: Counter):
    client = socketio.test_client(app, auth={"token": device_token("panel", "panel-sala", area=room.area.code)})
    yield client
    client.disconnect()


def received(client, name: str) -> list[dict]:
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def test_connect_sends_a_snapshot_with_the_area_and_version(panel, app, room) -> None:
    """A panel gets its area's snapshot at once, with the release version used to reload after a deploy."""
    [snapshot] = received(panel, "snapshot")
    expected = (room.area.code, app.config["APP_VERSION"], None)
    assert (snapshot["area"], snapshot["version"], snapshot["current"]) == expected


def test_calls_arrive_with_consecutive_sequence_numbers(panel, room) -> None:
    """Each call is one step of the area's sequence after the snapshot, with the sentence to announce."""
    [snapshot] = received(panel, "snapshot")
    agent = actor_for("asesor1", "agent")
    engine.issue_ticket(room.tx, actor=SYSTEM)
    engine.issue_ticket(room.tx, actor=SYSTEM)
    desks.call_next(room.desk, actor=agent)
    desks.recall(room.desk, actor=agent)
    messages = [m for m in panel.get_received() if m["name"] in ("ticket_called", "queue_changed")]
    seqs = [m["args"][0]["seq"] for m in messages]
    assert seqs == list(range(snapshot["seq"] + 1, snapshot["seq"] + 1 + len(seqs)))
    calls = [m["args"][0] for m in messages if m["name"] == "ticket_called"]
    assert [(c["number"], c["recall"], c["calls"], c["call_label"]) for c in calls] == [
        ("E-001", False, 1, ""), ("E-001", True, 2, "Segundo llamado")]
    assert calls[0]["speech"] == "Ficha E cero cero uno, pase a mesón siete"
    assert calls[1]["speech"] == "Segundo llamado: ficha E cero cero uno, pase a mesón siete"


def test_panel_asking_for_a_snapshot_gets_the_current_state(panel, room) -> None:
    """After a gap the panel emits `snapshot` and receives the calls it missed."""
    panel.get_received()
    engine.issue_ticket(room.tx, actor=SYSTEM)
    desks.call_next(room.desk, actor=actor_for("asesor1", "agent"))
    panel.get_received()  # lost, as if the network had dropped them
    panel.emit("snapshot")
    [snapshot] = received(panel, "snapshot")
    assert snapshot["current"]["number"] == "E-001" and snapshot["current"]["desk_name"] == "Mesón 7"


def test_other_areas_calls_do_not_reach_the_panel(panel, room) -> None:
    """A call in another room is not shown on this room's panel."""
    panel.get_received()
    other = make_counter()
    engine.issue_ticket(other.tx, actor=SYSTEM)
    desks.call_next(other.desk, actor=actor_for("asesor1", "agent"))
    assert received(panel, "ticket_called") == []


def test_panel_events_carry_no_personal_data(panel, room) -> None:
    """Neither the call nor the snapshot mentions the customer's account."""
    engine.issue_ticket(room.tx, actor=SYSTEM, account="100300")
    desks.call_next(room.desk, actor=actor_for("asesor1", "agent"))
    panel.emit("snapshot")
    assert "100300" not in repr(panel.get_received())
