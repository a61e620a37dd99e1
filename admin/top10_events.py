"""Socket.IO for the live Top 10 control sheet: staff with a Top 10 role (or the supervisor) join `top10`."""

from __future__ import annotations

from flask_socketio import join_room

from core.extensions import socketio
from core.roles import TOP10_VIEWERS
from core.top10.cases import ROOM
from web.sockets import socket_actor


@socketio.on("join_top10")
def join_top10(_data: object = None) -> dict[str, object]:
    actor = socket_actor()
    if actor is None or actor.kind != "user" or not actor.has_role(*TOP10_VIEWERS):
        return {"ok": False, "error": "No tiene permiso para la planilla Top 10."}
    try:
        join_room(ROOM)
    # The page left (every Top 10 page connects now) before its join arrived: python-socketio says so with a
    # KeyError or, once the namespace is gone, a ValueError («sid is not connected to requested namespace»).
    except (KeyError, ValueError):
        return {"ok": False, "error": "Conexión cerrada."}
    return {"ok": True}
