"""A waiting-room panel and a desk for the fault tests, over the public interfaces only.

`Panel` keeps itself right the way static/display/panel.js (static/common/live.js) does: it takes the
`snapshot` the server sends on every (re)connect, applies the sequenced events of its area room in order, and
asks for a fresh `snapshot` when a sequence number skips (an event it missed), its own number staying put until
that snapshot comes. A snapshot older than the events already applied is not taken (`stale_snapshots` counts
them). Its Socket.IO client reconnects by itself, as the page's
does. What it shows is every call it heard (`ticket_called`) plus the current call and history of each
snapshot or `calls_changed` it received. If the panel protocol changes (event names, payloads), this is the one
place the fault tests read it.
"""

from __future__ import annotations

import threading
from typing import Any, NamedTuple

import requests
import socketio

from core.extensions import db
from tests.builders import make_counter
from tests.helpers import bearer, device_token, token_for
from tests.services import wait_until

WAIT = 30  # seconds: a guard against hanging, not an assertion


class WatchedRoom(NamedTuple):
    """A waiting room with one queue and its desk, a kiosk, an agent and a panel watching it (tokens)."""

    tx: str
    desk: str
    area: str
    kiosk: str
    agent: str
    panel: str


def watched_room(agent: str) -> WatchedRoom:
    """Built and committed, with the test's session closed: the instances under test write next."""
    counter = make_counter()
    room = WatchedRoom(counter.tx, counter.desk, counter.area.code, device_token("kiosk"), token_for(agent, "agent"),
                       device_token("panel", area=counter.area.code))
    db.session.commit()
    db.session.remove()
    return room


class Panel:
    def __init__(self, url: str, token: str) -> None:
        self.token = token
        self.lock = threading.Lock()
        self.seq: int | None = None
        self.shown: set[str] = set()  # ticket numbers this panel has shown as called
        self.heard: list[str] = []  # numbers of the `ticket_called` events it received, in order
        self.snapshots = 0
        self.stale_snapshots = 0
        self.connects = 0
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1,
                                   randomization_factor=0)
        self.sio.on("connect", self._connected)
        self.sio.on("*", self._event)
        self.sio.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=WAIT)

    def _connected(self) -> None:
        with self.lock:
            self.connects += 1

    def _show(self, call: dict[str, Any] | None) -> None:
        if call and call.get("number"):
            self.shown.add(call["number"])

    def _event(self, event: str, data: Any = None) -> None:
        if not isinstance(data, dict):
            return
        resync = False
        with self.lock:
            if event == "snapshot":
                self.snapshots += 1
                if self.seq is not None and data.get("seq", 0) < self.seq:
                    self.stale_snapshots += 1
                    return
                self.seq = data.get("seq")
                self._show(data.get("current"))
                for call in data.get("history") or []:
                    self._show(call)
                return
            if event == "ticket_called":
                self.heard.append(data["number"])
                self._show(data)
            elif event == "calls_changed":
                self._show(data.get("current"))
                for call in data.get("history") or []:
                    self._show(call)
            seq = data.get("seq")
            if isinstance(seq, int) and self.seq is not None and seq > self.seq:
                if seq == self.seq + 1:
                    self.seq = seq
                else:
                    resync = True  # something was missed in between: ask for the whole picture
        if resync:
            self.sio.emit("snapshot")

    def describe(self) -> str:
        """For a failure message: where the panel stands."""
        with self.lock:
            return (f"seq {self.seq}, {self.snapshots} snapshots ({self.stale_snapshots} stale), "
                    f"{self.connects} connects, heard {self.heard}")

    def wait_at(self, seq: int) -> None:
        """Wait until the panel stands at the room's sequence number `seq` (nothing missed, nothing pending)."""
        try:
            wait_until(lambda: self.seq == seq, WAIT, "the panel at the room's last sequence number")
        except TimeoutError as error:
            raise AssertionError(f"{error}: the room is at {seq}, the panel at {self.describe()}") from None

    def has_shown(self, numbers: list[str] | set[str]) -> bool:
        with self.lock:
            return set(numbers) <= self.shown

    def close(self) -> None:
        # shutdown(), not disconnect(): a panel closed while it is reconnecting would keep trying for the rest of
        # the session (its back-off draws on the global `random`, under later tests).
        self.sio.shutdown()


def server_seq(base: str, area: str, panel_token: str) -> int:
    """The area room's sequence as the server has it now (the snapshot over HTTP)."""
    answer = requests.get(f"{base}/api/v1/display/{area}/snapshot", headers=bearer(panel_token), timeout=WAIT)
    answer.raise_for_status()
    return int(answer.json()["seq"])


def call_next(base: str, desk: str, agent_token: str) -> str:
    """The desk calls its next customer and, the call made, finishes (so it can call again); the number called."""
    called = requests.post(f"{base}/api/v1/desks/{desk}/call-next", headers=bearer(agent_token), timeout=WAIT)
    assert called.status_code == 200, called.text
    finished = requests.post(f"{base}/api/v1/desks/{desk}/finish", headers=bearer(agent_token), timeout=WAIT,
                             json={})
    assert finished.status_code == 200, finished.text
    return called.json()["ticket"]["number"]


def issue(base: str, kiosk_token: str, tx: str, key: str) -> requests.Response:
    return requests.post(f"{base}/api/v1/tickets", headers=bearer(kiosk_token), timeout=WAIT,
                         json={"transaction": tx, "idempotency_key": key})
