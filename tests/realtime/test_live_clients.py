"""Real python-socketio clients over WebSocket against real servers: sequence numbers, snapshot after a
reconnect, rooms, and several instances sharing events through Redis."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from flask_socketio import SocketIO

from core.actors import SYSTEM
from core.realtime import outbox
from core.tickets import desks, engine
from tests.helpers import device_token, token_for
from tests.realtime.instance import running_instance
from tests.realtime.live import WAIT, listen


def call(desk: str, tx: str) -> str:
    """Issue a ticket, call it at `desk`, finish it; return its number."""
    engine.issue_ticket(tx, actor=SYSTEM)
    number = desks.call_next(desk, actor=SYSTEM).label
    desks.finish(desk, actor=SYSTEM)
    return number


def test_panel_receives_ticket_called_with_the_next_seq(live_server, listeners, office) -> None:
    """After the snapshot and queue updates, a call reaches the panel with seq = previous seq + 1."""
    panel = listen(listeners, live_server.url, {"token": device_token("panel", area=office.plat.area.code)})
    previous = panel.wait_for("snapshot")["seq"]
    ticket = engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    queued = panel.wait_for("queue_changed")
    assert queued["seq"] == previous + 1
    desks.call_next(office.plat.desk, actor=SYSTEM)
    called = panel.wait_for("ticket_called")
    assert called["seq"] == queued["seq"] + 1
    expected = (ticket.label, office.plat.desk, office.plat.area.code, False)
    assert (called["number"], called["desk"], called["area"], called["recall"]) == expected


def test_panel_is_pushed_the_call_without_asking(live_server, listeners, office) -> None:
    """The call is pushed to a connected panel by the commit itself: the panel sends nothing after connecting.
    (How fast it arrives is measured by `python -m bench.socket_fanout`.)"""
    panel = listen(listeners, live_server.url, {"token": device_token("panel", area=office.plat.area.code)})
    panel.wait_for("snapshot")
    sent_before = panel.sent
    ticket = engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    desks.call_next(office.plat.desk, actor=SYSTEM)
    called = panel.wait_for("ticket_called")
    assert (called["number"], called["desk"]) == (ticket.label, office.plat.desk)
    assert panel.sent == sent_before == 0


def test_reconnected_panel_gets_a_snapshot_with_the_calls_it_missed(live_server, listeners, office) -> None:
    """A panel that was offline gets, on reconnect, the current seq and the calls made meanwhile."""
    token = device_token("panel", area=office.plat.area.code)
    panel = listen(listeners, live_server.url, {"token": token})
    first = panel.wait_for("snapshot")
    panel.close()
    missed = [call(office.plat.desk, office.plat.tx), call(office.plat.desks[1], office.plat.tx)]
    again = listen(listeners, live_server.url, {"token": token})
    snapshot = again.wait_for("snapshot")
    assert snapshot["seq"] == outbox.current_seq(f"area:{office.plat.area.code}") > first["seq"]
    # Both were finished meanwhile: none is on call any more, both are listed as served.
    assert snapshot["current"] is None
    assert [c["number"] for c in snapshot["history"]][:2] == list(reversed(missed))


def test_staff_console_receives_ticket_changed(live_server, listeners, office) -> None:
    """A staff client (API token) receives ticket_changed with the full ticket for each change."""
    staff = listen(listeners, live_server.url, {"token": token_for("asesor1", "agent")})
    ticket = engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    desks.call_next(office.plat.desk, actor=SYSTEM)
    changed = staff.wait_for("ticket_changed", action="call")
    assert changed["ticket"]["id"] == ticket.id and changed["ticket"]["status"] == "called"


def test_panel_of_another_area_does_not_get_the_call(live_server, listeners, office) -> None:
    """A panel of one room receives that room's call and never the other room's call made just before it."""
    mez = listen(listeners, live_server.url, {"token": device_token("panel", area=office.boc.area.code)})
    mez.wait_for("snapshot")
    plat_number = call(office.plat.desk, office.plat.tx)
    mez_number = call(office.boc.desk, office.boc.tx)
    assert mez.wait_for("ticket_called")["number"] == mez_number
    calls = [data["number"] for event, data in mez.seen if event == "ticket_called"]
    assert plat_number not in calls


# --- several instances through Redis --------------------------------------------------------------------------------

def _post(url: str, token: str) -> dict[str, Any]:
    request = urllib.request.Request(url, method="POST", data=b"", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return json.loads(response.read())


@pytest.mark.postgres
@pytest.mark.redis
def test_call_through_instance_a_reaches_a_panel_on_instance_b(app, db_url, redis_url, tmp_path: Path,
                                                               listeners, office) -> None:
    """Two server processes on one database and Redis: an API call on A reaches a panel connected to B."""
    panel_token, agent_token = device_token("panel", area=office.plat.area.code), token_for("asesor1", "agent")
    ticket = engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    with running_instance(db_url, redis_url, tmp_path / "a") as url_a, \
            running_instance(db_url, redis_url, tmp_path / "b") as url_b:
        panel = listen(listeners, url_b, {"token": panel_token})
        previous = panel.wait_for("snapshot")["seq"]
        answer = _post(f"{url_a}/api/v1/desks/{office.plat.desk}/call-next", agent_token)
        called = panel.wait_for("ticket_called")
        assert answer["ticket"]["number"] == called["number"] == ticket.label
        assert called["seq"] == previous + 1
        panel.close()


@pytest.mark.postgres
@pytest.mark.redis
def test_write_only_emitter_reaches_a_client(app, db_url, redis_url, tmp_path: Path, listeners, office) -> None:
    """A process with no app (the CLI, a worker) emits through Redis to a panel on a server instance."""
    panel_token = device_token("panel", area=office.boc.area.code)
    with running_instance(db_url, redis_url, tmp_path / "b") as url_b:
        panel = listen(listeners, url_b, {"token": panel_token})
        panel.wait_for("snapshot")
        emitter = SocketIO(message_queue=redis_url)
        emitter.emit("announcement", {"text": "Atención: cierre a las 18:00"}, to=f"area:{office.boc.area.code}")
        assert panel.wait_for("announcement")["text"] == "Atención: cierre a las 18:00"
        panel.close()
