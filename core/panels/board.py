"""What a waiting-room panel shows: the same body on connect, on request and over HTTP (API.md).

Every panel of a room shows the same thing, and everything it shows changes only with an event sequenced in
that room (a call, an issue, a finish, `config_changed`…, core/realtime/broadcast.py and config_events.py). So
a snapshot is computed once per room and sequence number and served to every panel that connects or resyncs
until the room's sequence moves (issue 13: 500 panels reconnecting at once). Each serve reads the room's
sequence from the database, in the same query as the area, so an instance never serves a snapshot older than
the database's sequence, whichever instance sent the events. The business day is part of the key too: the
calls shown are today's. Snapshots hold no personal data (numbers, desks, queue names, counts), so sharing one
between panels shows nobody anything that was not already on every panel of the room.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, func, literal, select

from core import clock
from core.actors import Actor
from core.errors import Forbidden, NotFound
from core.extensions import db
from core.models import Announcement, RoomSequence, WaitingArea
from core.panels import media_slot
from core.realtime import broadcast

_CACHE = "turnero_panel_snapshots"  # app.extensions key: area code → _Shared
# One computation at a time per process: panels missing the same stale entry together (after a restart, or
# right after a call) wait for the first one's result instead of each computing their own.
_COMPUTING = threading.Lock()


@dataclass(frozen=True)
class _Shared:
    seq: int
    day: date
    body: dict[str, Any]  # everything but server_time; never mutated once stored


def _sequence_of(area_code: Any) -> Any:
    """The room sequence of the area `area_code` (a code, or the code column for a correlated subquery), as a
    scalar: 0 before any event."""
    prefix = broadcast.area_room("")
    room = prefix + area_code if isinstance(area_code, str) else literal(prefix) + area_code
    return func.coalesce(select(RoomSequence.value).where(RoomSequence.room == room).scalar_subquery(), 0)


def _area_and_seq(where: ColumnElement[bool] | None) -> tuple[WaitingArea | None, int] | None:
    """The area matching `where` (None: every area) with its room's sequence, in one query; None if no area
    matches."""
    if where is None:
        return None, int(db.session.scalar(select(_sequence_of(broadcast.ALL_AREAS))) or 0)
    row = db.session.execute(select(WaitingArea, _sequence_of(WaitingArea.code)).where(where)).first()
    return None if row is None else (row[0], int(row[1]))


def _by_code(code: str) -> ColumnElement[bool] | None:
    return None if code.upper() == broadcast.ALL_AREAS else func.lower(WaitingArea.code) == code.lower()


def _located(code: str) -> tuple[WaitingArea | None, int]:
    found = _area_and_seq(_by_code(code))
    if found is None:
        raise NotFound(f"No existe la sala de espera «{code}».", code="unknown_area")
    return found


def _own_area(actor: Actor, requested: str | None) -> tuple[WaitingArea, int] | None:
    """A panel registered for one area: that area (asking for another is refused); None for anyone else."""
    if not (actor.is_device("panel") and actor.area_id is not None):
        return None
    found = _area_and_seq(WaitingArea.id == actor.area_id)
    if found is None:
        return None
    own, seq = found
    if requested and requested.upper() != own.code.upper():
        raise Forbidden("Este panel pertenece a otra sala de espera.")
    return own, seq


def area_for(actor: Actor, requested: str | None) -> str:
    """The waiting area this caller watches. A panel registered for one area sees only that one (asking for
    another is refused); a panel for every area, and staff, see the one they ask for (all areas by default)."""
    own = _own_area(actor, requested)
    if own is not None:
        return own[0].code
    return requested or broadcast.ALL_AREAS


def snapshot_for(actor: Actor, requested: str | None) -> dict[str, Any]:
    """`snapshot(area_for(actor, requested))` with one query fewer: a panel's own area comes with its sequence."""
    own = _own_area(actor, requested)
    if own is not None:
        return _serve(*own)
    return snapshot(requested or broadcast.ALL_AREAS)


def snapshot(area_code: str) -> dict[str, Any]:
    return _serve(*_located(area_code))


def _serve(area: WaitingArea | None, seq: int) -> dict[str, Any]:
    code = area.code if area is not None else broadcast.ALL_AREAS
    day = clock.business_day()
    shared = _shared(code, seq, day)
    if shared is None:
        with _COMPUTING:
            shared = _shared(code, seq, day)  # another panel may have computed it meanwhile
            if shared is None:
                shared = _compute(area, code, seq, day)
    return {**shared.body, "server_time": clock.iso(clock.now())}


def _cache() -> dict[str, _Shared]:
    return current_app.extensions.setdefault(_CACHE, {})


def _shared(code: str, seq: int, day: date) -> _Shared | None:
    hit = _cache().get(code)
    return hit if hit is not None and hit.seq == seq and hit.day == day else None


def _compute(area: WaitingArea | None, code: str, seq: int, day: date) -> _Shared:
    notes = select(Announcement.text).where(Announcement.active.is_(True)).order_by(Announcement.position)
    if area is not None:
        notes = notes.where((Announcement.area_id.is_(None)) | (Announcement.area_id == area.id))
    body = {
        "seq": seq,
        "area": code,
        "area_name": area.name if area else "Todas las salas",
        "version": current_app.config["APP_VERSION"],
        **broadcast.panel_calls(area),  # current, history
        "waiting": broadcast.waiting_counts(area),
        "announcements": list(db.session.scalars(notes)),
        "media": media_slot.media_for(current_app.instance_path, code),
    }
    shared = _Shared(seq, day, body)
    # Kept only if nothing was committed to the room while it was read: on PostgreSQL (read committed) each
    # query sees the latest commit, so a call committed midway would otherwise be cached under the older number.
    # On SQLite the whole read is one database snapshot, and this re-read costs nothing new to the answer.
    if _area_and_seq(None if area is None else WaitingArea.id == area.id) == (area, seq):
        cache = _cache()
        current = cache.get(code)
        if current is None or (current.day, current.seq) <= (day, seq):
            cache[code] = shared
    return shared
