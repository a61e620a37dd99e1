"""Panel socket events: a panel that sees a sequence gap asks for a fresh snapshot."""

from flask import session
from flask_socketio import emit

from core.extensions import socketio
from core.panels import board


@socketio.on("snapshot")
def on_snapshot(_data: object = None) -> None:
    area = session.get("panel_area")
    if area is None:
        return  # only panels (and staff viewing a panel) have an area
    emit("snapshot", board.snapshot(area))
