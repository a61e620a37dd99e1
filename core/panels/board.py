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

import functools
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, bindparam, func, literal, select

from core import clock
from core.actors import Actor
from core.errors import Forbidden, NotFound
from core.extensions import db
from core.models import Announcement, Device, RoomSequence, WaitingArea
from core.panels import media_slot
from core.people import users
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


@dataclass(frozen=True)
class Located:
    """The area a panel watches (id None: every area) and its room's sequence number now."""

    area_id: int | None
    code: str
    seq: int


def _area_and_seq(where: ColumnElement[bool] | None) -> Located | None:
    """The area matching `where` (None: every area) with its room's sequence, in one query; None if no area
    matches."""
    if where is None:
        seq = db.session.scalar(select(_sequence_of(broadcast.ALL_AREAS)))
        return Located(None, broadcast.ALL_AREAS, int(seq or 0))
    row = db.session.execute(select(WaitingArea.id, WaitingArea.code, _sequence_of(WaitingArea.code))
                             .where(where)).first()
    return None if row is None else Located(row[0], row[1], int(row[2]))


def _by_code(code: str) -> ColumnElement[bool] | None:
    return None if code.upper() == broadcast.ALL_AREAS else func.lower(WaitingArea.code) == code.lower()


def _located(code: str) -> Located:
    found = _area_and_seq(_by_code(code))
    if found is None:
        raise NotFound(f"No existe la sala de espera «{code}».", code="unknown_area")
    return found


def _checked(own: Located, requested: str | None) -> Located:
    if requested and requested.upper() != own.code.upper():
        raise Forbidden("Este panel pertenece a otra sala de espera.")
    return own


def _own_area(actor: Actor, requested: str | None) -> Located | None:
    """A panel registered for one area: that area (asking for another is refused); None for anyone else."""
    if not (actor.is_device("panel") and actor.area_id is not None):
        return None
    found = _area_and_seq(WaitingArea.id == actor.area_id)
    return None if found is None else _checked(found, requested)


def area_for(actor: Actor, requested: str | None) -> str:
    """The waiting area this caller watches. A panel registered for one area sees only that one (asking for
    another is refused); a panel for every area, and staff, see the one they ask for (all areas by default)."""
    own = _own_area(actor, requested)
    if own is not None:
        return own.code
    return requested or broadcast.ALL_AREAS


@functools.cache
def _panel_by_token() -> Select:
    """A live panel device by its token's hash, with its own area and that room's sequence (None and 0 for a
    panel of every area). Built once: it runs on every panel's connect."""
    return (select(Device, WaitingArea.code, _sequence_of(WaitingArea.code))
            .outerjoin(WaitingArea, WaitingArea.id == Device.area_id)
            .where(users.live_device(bindparam("hashed")), Device.kind == "panel"))


def panel_for_token(token: str) -> tuple[Device, Located | None] | None:
    """The panel a Socket.IO `auth.token` belongs to while it is live (not revoked, current token: a revocation
    stops it at once, on every instance), with its own area's room sequence, in one query: a reconnecting
    panel's authentication and its snapshot's version together. None when the token is not a live panel's
    (another device, a staff user's API token, or nobody: ask `identify`)."""
    row = db.session.execute(_panel_by_token(), {"hashed": users.hash_token(token)}).first()
    if row is None:
        return None
    device, code, seq = row
    own = Located(device.area_id, code, int(seq)) if device.area_id is not None and code is not None else None
    return device, own


def snapshot_for(actor: Actor, requested: str | None, own: Located | None = None) -> dict[str, Any]:
    """`snapshot(area_for(actor, requested))` with one query fewer: a panel's own area comes with its sequence
    (`own`, when the caller already has it from `panel_for_token`)."""
    own = _checked(own, requested) if own is not None else _own_area(actor, requested)
    return _serve(own if own is not None else _located(requested or broadcast.ALL_AREAS))


def snapshot(area_code: str) -> dict[str, Any]:
    return _serve(_located(area_code))


def _serve(where: Located) -> dict[str, Any]:
    day = clock.business_day()
    shared = _shared(where, day)
    if shared is None:
        with _COMPUTING:
            shared = _shared(where, day)  # another panel may have computed it meanwhile
            if shared is None:
                shared = _compute(where, day)
    return {**shared.body, "server_time": clock.iso(clock.now())}


def _cache() -> dict[str, _Shared]:
    return current_app.extensions.setdefault(_CACHE, {})


def _shared(where: Located, day: date) -> _Shared | None:
    hit = _cache().get(where.code)
    return hit if hit is not None and hit.seq == where.seq and hit.day == day else None


def _compute(where: Located, day: date) -> _Shared:
    area = db.session.get(WaitingArea, where.area_id) if where.area_id is not None else None
    code, seq = where.code, where.seq
    notes = select(Announcement.text).where(Announcement.active.is_(True)).order_by(Announcement.position)
    if area is not None:
        notes = notes.where((Announcement.area_id.is_(None)) | (Announcement.area_id == area.id))
    body = {
        "seq": seq,
        "area": code,
        "area_name": area.name if area else "Todas las salas",
        # «Todas las salas» names each call's room (a call carries its area's code): read here, once per snapshot,
        # never on the call path; a renamed or new room reaches the panel with `config_changed`'s snapshot.
        "rooms": {} if area else dict(db.session.execute(select(WaitingArea.code, WaitingArea.name)).all()),
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
    if _area_and_seq(None if area is None else WaitingArea.id == area.id) == where:
        cache = _cache()
        current = cache.get(code)
        if current is None or (current.day, current.seq) <= (day, seq):
            cache[code] = shared
    return shared
