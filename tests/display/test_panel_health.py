"""Panels report their health (connected, last seq, sound, version) and the admin monitor lists it; only a
panel device may report, as itself."""

from __future__ import annotations

import pytest

from core import clock
from core.extensions import db, socketio
from core.models import Device
from core.panels import health
from core.reporting import monitor
from tests.builders import make_area, make_counter, make_device
from tests.helpers import device_token, token_for


def connect(app, **auth: str):
    return socketio.test_client(app, auth=auth)


def panel_rows(name: str) -> list[dict]:
    return [p for p in monitor.snapshot()["panels"] if p["name"] == name]


def test_a_panel_report_reaches_the_monitor(app) -> None:
    """A muted panel's report is stored, pushed to a supervisor's monitor at once, and in the monitor snapshot."""
    room = make_area()
    panel = connect(app, token=device_token("panel", "panel-sala", area=room.code))
    supervisor = connect(app, token=token_for("supervisora", "supervisor"))
    supervisor.get_received()
    assert panel.emit("panel_health", {"seq": 4, "audio": "muted", "version": "1.2.3"}, callback=True)["ok"] is True
    [pushed] = [m["args"][0] for m in supervisor.get_received() if m["name"] == "panel_health"]
    [row] = panel_rows("panel-sala")
    assert pushed == row
    assert (row["area"], row["connected"], row["seq"], row["audio"], row["version"]) == (room.code, True, 4, "muted",
                                                                                         "1.2.3")
    assert row["reported_at"] is not None and monitor.snapshot()["panel_silent_after_s"] == health.SILENT_AFTER_S


def test_a_panel_that_never_reported_is_listed_without_a_report(app) -> None:
    """Registered but never heard from: listed, not connected, so the monitor can raise it."""
    device_token("panel", "panel-mudo", area=make_area().code)
    [row] = panel_rows("panel-mudo")
    assert (row["connected"], row["reported_at"], row["audio"]) == (False, None, "unknown")


def test_a_disconnected_panel_shows_disconnected_with_its_last_report(app) -> None:
    panel = connect(app, token=device_token("panel", "panel-sala", area=make_area().code))
    panel.emit("panel_health", {"seq": 2, "audio": "ok", "version": "9"}, callback=True)
    panel.disconnect()
    [row] = panel_rows("panel-sala")
    assert (row["connected"], row["seq"], row["audio"], row["version"]) == (False, 2, "ok", "9")


def test_the_old_socket_of_a_panel_that_came_back_does_not_mark_it_disconnected(app) -> None:
    """A panel whose connection dropped reconnects on a new socket at once; the server notices the old socket gone
    only at its ping timeout, later. That late disconnect must not show the panel, connected again, as
    disconnected (the monitor raised its alert until the panel's next report, up to 30 s later)."""
    token = device_token("panel", "panel-sala", area=make_area().code)
    old = connect(app, token=token)
    old.emit("panel_health", {"seq": 2, "audio": "ok", "version": "9"}, callback=True)
    new = connect(app, token=token)
    new.emit("panel_health", {"seq": 3, "audio": "ok", "version": "9"}, callback=True)
    old.disconnect()
    [row] = panel_rows("panel-sala")
    assert (row["connected"], row["seq"]) == (True, 3)
    new.disconnect()  # the one socket left goes: now the panel is gone
    [row] = panel_rows("panel-sala")
    assert (row["connected"], row["seq"]) == (False, 3)


def test_values_a_panel_cannot_mean_are_stored_as_unknown(app) -> None:
    panel = connect(app, token=device_token("panel", "panel-sala", area=make_area().code))
    assert panel.emit("panel_health", {"seq": "x", "audio": "<b>", "version": {"a": 1}}, callback=True)["ok"]
    [row] = panel_rows("panel-sala")
    assert (row["seq"], row["audio"], row["version"]) == (None, "unknown", "")


@pytest.mark.parametrize("kind", ["kiosk", "survey"])
def test_other_devices_may_not_report(app, kind) -> None:
    counter = make_counter()
    extra = {"desk": counter.desk} if kind == "survey" else {}
    client = connect(app, token=device_token(kind, "otro", **extra))
    assert client.emit("panel_health", {"audio": "ok"}, callback=True) == {"ok": False}
    assert monitor.snapshot()["panels"] == []


def test_staff_watching_a_panel_is_not_a_panel(app) -> None:
    """A receptionist opening a panel page on their PC connects as that room's panel but reports nothing."""
    client = connect(app, token=token_for("recep", "reception"), area=make_area().code)
    assert client.emit("panel_health", {"audio": "muted"}, callback=True)["ok"] is False
    assert monitor.snapshot()["panels"] == []


def test_a_revoked_panel_reports_nothing(app) -> None:
    """The socket of a panel revoked meanwhile cannot write a report (the revocation also disconnects it)."""
    device, token = make_device("panel", "panel-revocado", area=make_area().code)
    client = connect(app, token=token)
    db.session.get(Device, device.id).revoked_at = clock.now()
    db.session.commit()
    assert client.emit("panel_health", {"audio": "ok"}, callback=True)["ok"] is False
    assert monitor.snapshot()["panels"] == []


def test_the_answer_tells_a_panel_that_missed_an_event(app, monkeypatch) -> None:
    """The answer to a report carries the room's sequence as the database has it: a panel whose events were
    emitted by another process (none reached it) learns it is behind (static/display/panel.js then resyncs)."""
    counter = make_counter()
    panel = connect(app, token=device_token("panel", "panel-sala", area=counter.area.code))
    [snapshot] = [m["args"][0] for m in panel.get_received() if m["name"] == "snapshot"]
    answer = panel.emit("panel_health", {"seq": snapshot["seq"]}, callback=True)
    assert answer == {"ok": True, "seq": snapshot["seq"]}
    monkeypatch.setattr(socketio, "emit", lambda *_args, **_kwargs: None)  # sent by a process it is not on
    counter.issue()
    monkeypatch.undo()
    assert not [m for m in panel.get_received() if m["name"] == "queue_changed"]
    answer = panel.emit("panel_health", {"seq": snapshot["seq"]}, callback=True)
    assert answer == {"ok": True, "seq": snapshot["seq"] + 1}
