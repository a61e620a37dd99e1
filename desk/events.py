"""Desk-area socket events. The console's actions go through /api/v1 (api/desks.py); here the survey
tablet asks, on (re)connect, for a ticket its desk finished while it was offline."""

from __future__ import annotations

from typing import Any

from core.errors import DomainError
from core.extensions import socketio
from core.tickets import console, survey
from web.sockets import socket_actor


@socketio.on("survey_pending")
def on_survey_pending(data: Any = None) -> dict[str, Any] | None:
    actor = socket_actor()
    if actor is None:
        return None
    try:
        desk = survey.desk_for(actor, str(data["desk"]) if isinstance(data, dict) and data.get("desk") else None)
    except DomainError:
        return None  # a tablet of another desk, or staff who may not check tablets
    return console.pending_survey(desk.code)
