"""What a waiting-room panel shows: the same body on connect, on request and over HTTP (API.md)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from core import clock, lookups
from core.actors import Actor
from core.errors import Forbidden
from core.extensions import db
from core.models import Announcement, WaitingArea
from core.panels import media_slot
from core.realtime import broadcast, outbox


def _area(code: str) -> WaitingArea | None:
    return None if code.upper() == broadcast.ALL_AREAS else lookups.area(code)


def area_for(actor: Actor, requested: str | None) -> str:
    """The waiting area this caller watches. A panel registered for one area sees only that one (asking for
    another is refused); a panel for every area, and staff, see the one they ask for (all areas by default)."""
    if actor.is_device("panel") and actor.area_id is not None:
        own = db.session.get(WaitingArea, actor.area_id)
        if own is not None:
            if requested and requested.upper() != own.code.upper():
                raise Forbidden("Este panel pertenece a otra sala de espera.")
            return own.code
    return requested or broadcast.ALL_AREAS


def snapshot(area_code: str) -> dict[str, Any]:
    area = _area(area_code)
    room = broadcast.area_room(area.code if area else broadcast.ALL_AREAS)
    notes = select(Announcement.text).where(Announcement.active.is_(True)).order_by(Announcement.position)
    if area is not None:
        notes = notes.where((Announcement.area_id.is_(None)) | (Announcement.area_id == area.id))
    return {
        "seq": outbox.current_seq(room),
        "area": area.code if area else broadcast.ALL_AREAS,
        "area_name": area.name if area else "Todas las salas",
        "version": current_app.config["APP_VERSION"],
        "server_time": clock.iso(clock.now()),
        **broadcast.panel_calls(area),  # current, history
        "waiting": broadcast.waiting_counts(area),
        "announcements": list(db.session.scalars(notes)),
        "media": media_slot.media_for(current_app.instance_path, area.code if area else broadcast.ALL_AREAS),
    }
