"""Desk-area socket events. The console's actions go through /api/v1 (api/desks.py); here the survey
tablet asks, on (re)connect, for a ticket its desk finished while it was offline."""

from __future__ import annotations

from typing import Any

from core.errors import DomainError
from core.extensions import db, socketio
from core.models import Desk
from core.tickets import console as state
from web.sockets import socket_actor


@socketio.on("survey_pending")
def on_survey_pending(data: Any = None) -> dict[str, Any] | None:
    actor = socket_actor()
    if actor is None:
        return None
    if "device:survey" in actor.roles and actor.desk_id is not None:
        desk = db.session.get(Desk, actor.desk_id)
        return state.pending_survey(desk.code) if desk is not None else None
    if actor.has_role("supervisor") and isinstance(data, dict) and data.get("desk"):
        try:
            return state.pending_survey(str(data["desk"]))
        except DomainError:
            return None
    return None
