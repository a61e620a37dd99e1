"""Panel socket events: a panel that sees a sequence gap asks for a fresh snapshot, and reports its health."""

from typing import Any

from flask import session
from flask_socketio import emit

from core import clock
from core.extensions import socketio
from core.panels import board, health
from core.realtime import catch_up
from web.sockets import socket_actor


@socketio.on("snapshot")
def on_snapshot(_data: object = None) -> None:
    area = session.get("panel_area")
    if area is None:
        return  # only panels (and staff viewing a panel) have an area
    emit("snapshot", board.snapshot(area))


@socketio.on("panel_health")
def on_panel_health(data: Any = None) -> dict[str, Any]:
    """A panel's health report (core/panels/health.py). Only panel devices report: the identity is the device
    checked at connect, never something the payload says; staff watching a panel on their PC are not a panel.

    The answer carries the room's sequence as the database has it. A panel still behind it a moment later lost an
    event and asks for a snapshot: an event sent by a process it is not connected to is lost (the nightly close
    run from the command line, with no Redis between the processes), and the panel otherwise kept yesterday's
    counts on the wall until the room's next event."""
    area = session.get("panel_area")
    room_seq = {"seq": catch_up.panel_seq(area)} if area is not None else {}
    actor = socket_actor()
    if actor is None or not actor.is_device("panel"):
        return {"ok": False, **room_seq}
    body = data if isinstance(data, dict) else {}
    now = clock.now()
    entry = health.report(actor.id, connected=True, seq=body.get("seq"), audio=body.get("audio"),
                          version=body.get("version"), now=now)
    if entry is not None:
        session["health_reported_at"] = now  # this socket's last report, for its disconnect
    return {"ok": entry is not None, **room_seq}


@socketio.on("disconnect")
def on_disconnect(*_reason: object) -> None:
    """A panel that goes away shows as disconnected on the monitor at once (and as silent if it never says)."""
    actor = socket_actor()
    if actor is not None and actor.is_device("panel"):
        health.report(actor.id, connected=False,
                      last_report=session.get("health_reported_at", health.NEVER_REPORTED))
