"""Issue 13: a call is ONE Socket.IO message per panel (`ticket_called`, carrying the room's waiting counts), with
no gap in the room's sequence. Real python-socketio clients over WebSocket against a served app."""

from __future__ import annotations

from core.actors import SYSTEM
from core.tickets import desks, engine
from tests.builders import make_counter
from tests.helpers import device_token
from tests.realtime.live import Listener, listen


def _until(panel: Listener, name: str) -> list[tuple[str, dict]]:
    """Every event the panel receives up to and including the next `name`, in order."""
    start = len(panel.seen)
    panel.wait_for(name)
    return panel.seen[start:]


def test_a_call_reaches_each_panel_as_one_message_with_the_new_waiting_counts(live_server, listeners) -> None:
    """Two waiting, one called: the area's panel and an all-areas panel each get exactly one message for the
    call (no `queue_changed` after it), numbered right after the previous one, and it says 1 still waits."""
    room, other = make_counter(), make_counter()
    own = listen(listeners, live_server.url, {"token": device_token("panel", "sala", area=room.area.code)})
    every = listen(listeners, live_server.url, {"token": device_token("panel", "todas", area="ALL")})
    for panel in (own, every):
        panel.wait_for("snapshot")
    engine.issue_ticket(room.tx, actor=SYSTEM)
    engine.issue_ticket(room.tx, actor=SYSTEM)
    engine.issue_ticket(other.tx, actor=SYSTEM)
    before = {id(panel): [_until(panel, "queue_changed") for _ in range(n)][-1][-1][1]["seq"]
              for panel, n in ((own, 2), (every, 3))}

    called = desks.call_next(room.desk, actor=SYSTEM)
    engine.issue_ticket(room.tx, actor=SYSTEM)  # a marker: its `queue_changed` comes after whatever the call sent

    for panel, area in ((own, room.area.code), (every, "ALL")):
        received = _until(panel, "queue_changed")
        call_messages = [(name, data) for name, data in received[:-1]]
        assert [name for name, _data in call_messages] == ["ticket_called"], call_messages
        (_name, call), (_marker, marker) = call_messages[0], received[-1]
        assert (call["number"], call["desk"], call["area"]) == (called.label, room.desk, room.area.code)
        assert [call["seq"], marker["seq"]] == [before[id(panel)] + 1, before[id(panel)] + 2]  # no gap
        counts = {row["queue"]: row["waiting"] for row in call["waiting"]}
        assert counts[room.queue.code] == 1  # two issued, one called
        if area == "ALL":
            assert counts[other.queue.code] == 1  # every queue, as the all-areas panel lists them
        else:
            assert other.queue.code not in counts  # only its own area's queues
        assert marker["area"] == area
