"""Panel announcements (the scrolling notices in each waiting area). Changes make the panels reload."""

from __future__ import annotations

import logging

from sqlalchemy import select

from core import lookups, validation
from core.actors import Actor
from core.errors import NotFound
from core.extensions import db
from core.models import Announcement, WaitingArea
from core.org import changes
from core.realtime import config_events
from core.roles import SUPERVISORS, require
from core.tx import unit_of_work

logger = logging.getLogger(__name__)
FIELDS = {"text": "Texto", "area": "Sala", "position": "Orden", "active": "Activo"}  # what the change log compares
ALL_AREAS_NAME = "Todas las salas"


def _areas_of(area_id: int | None) -> list[str] | None:
    """The area rooms an announcement shows in; None = every area."""
    if area_id is None:
        return None
    area = db.session.get(WaitingArea, area_id)
    return [area.code] if area is not None else None


def save(announcement_id: int | None, *, text: str, area: str, position: int | str, active: bool,
         actor: Actor) -> Announcement:
    """`area`: a waiting area's code, or "" / "ALL" for every panel."""
    require(actor, SUPERVISORS)
    text = validation.text(text, "Texto del aviso", max_len=300)
    position = validation.integer(position or 0, "Orden", low=0, high=999)
    with unit_of_work():
        area_id = lookups.area(area).id if area and area.upper() != "ALL" else None
        if announcement_id is None:
            row = Announcement(text=text, area_id=area_id, position=position, active=active)
            db.session.add(row)
            before: int | None = area_id
            old = None
        else:
            row = _get(announcement_id)
            before, old = row.area_id, _state(row)
            row.text, row.area_id, row.position, row.active = text, area_id, position, active
        db.session.flush()
        changes.saved(actor, "announcement", before=old, after=_state(row), labels=FIELDS, name=_name(row.text))
        _notify(before, area_id)
    logger.info("announcement %s saved by %s", row.id, actor.name)
    return row


def delete(announcement_id: int, *, actor: Actor) -> None:
    require(actor, SUPERVISORS)
    with unit_of_work():
        row = _get(announcement_id)
        changes.record(actor, "announcement", "delete", name=_name(row.text),
                       lines=changes.listed(_state(row), {"text": FIELDS["text"], "area": FIELDS["area"]}))
        _notify(row.area_id, row.area_id)
        db.session.delete(row)
    logger.info("announcement %s deleted by %s", announcement_id, actor.name)


def _area_name(area_id: int | None) -> str:
    area = db.session.get(WaitingArea, area_id) if area_id is not None else None
    return area.name if area is not None else ALL_AREAS_NAME


def _state(row: Announcement) -> dict[str, object]:
    return {"text": row.text, "area": _area_name(row.area_id), "position": row.position, "active": bool(row.active)}


def _name(text: str) -> str:
    """An announcement has no name: the log names it by the start of its text."""
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def _get(announcement_id: int) -> Announcement:
    row = db.session.get(Announcement, announcement_id)
    if row is None:
        raise NotFound("El aviso no existe.")
    return row


def _notify(before: int | None, after: int | None) -> None:
    old, new = _areas_of(before), _areas_of(after)
    codes = None if old is None or new is None else sorted(set(old) | set(new))
    config_events.config_changed("announcements", codes)


def listing() -> list[Announcement]:
    return list(db.session.scalars(select(Announcement).order_by(Announcement.position, Announcement.id)))
