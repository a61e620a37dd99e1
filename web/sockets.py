"""Socket.IO connection: who is connecting decides the rooms. Refused connections never join anything.

- panel device → the room of the area it may watch (core/panels/board.py `area_for`: its own, or for a panel of
  every area the one its page shows, `area:ALL` by default), then a `snapshot`;
- survey tablet → `survey:<desk>`;  kiosk → `kiosk`;
- staff (session cookie or API token) → their staff audience, `staff` or `staff:private` (personal data:
  supervisors, reception), supervisors also `staff:supervisors` (desk emergencies), and a desk console its desk
  `desk:<DESK>` (core/realtime/rooms.py);
- every identity also joins its personal room (`device:<id>`, `user:<id>`, `api-token:<id>`), through which
  revoking or signing out disconnects it on every instance; where that message never arrives (a command run
  on a host without Redis), web/socket_sweep.py disconnects it within its sweep interval;
- a ticket's status page (`auth={"ticket": <token>}`) → `ticket:<token>` and `queue:<queue>`, then `ticket_status`.

Every page but a panel (whose snapshot names it) is then told the server's `release`: a page of an older one
reloads when its screen allows (static/common/live.js `onRelease`).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError, emit, join_room, leave_room
from flask_socketio import rooms as socket_rooms
from sqlalchemy.exc import DBAPIError, PendingRollbackError

from core import lookups
from core.actors import Actor
from core.errors import DomainError
from core.extensions import socketio
from core.models import Device, Ticket, User
from core.panels import board
from core.people import users
from core.realtime import catch_up, rooms
from core.roles import FRONT_OFFICE, SUPERVISORS
from core.tickets import survey
from web import errors, socket_sweep
from web.access import identify

logger = logging.getLogger(__name__)


def socket_actor() -> Actor | None:
    """The actor stored at connect time, for event handlers."""
    data = session.get("socket_actor")
    if not data:
        return None
    return Actor(data["kind"], data["id"], data["name"], frozenset(data["roles"]), data.get("desk_id"),
                 data.get("area_id"))


def _remember(actor: Actor) -> None:
    session["socket_actor"] = {"kind": actor.kind, "id": actor.id, "name": actor.name, "roles": sorted(actor.roles),
                               "desk_id": actor.desk_id, "area_id": actor.area_id}


def _watch_panel(actor: Actor, requested: object, own: board.Located | None = None) -> None:
    """Join the room of the area this caller may watch (core/panels/board.py decides) and send its snapshot."""
    try:
        snapshot = board.snapshot_for(actor, str(requested) if requested else None, own)
    except DomainError as error:
        raise ConnectionRefusedError(error.message) from error
    session["panel_area"] = snapshot["area"]
    join_room(f"area:{snapshot['area']}")
    emit("snapshot", snapshot)


@socketio.on("connect")
def on_connect(auth: dict[str, Any] | None = None) -> None:
    try:
        _connect(auth if isinstance(auth, dict) else {})
        if not session.get("panel_area"):
            emit("release", {"version": current_app.config["APP_VERSION"]})
    except (DBAPIError, PendingRollbackError) as error:
        # The database is down. An unexpected error here would leave the client waiting for an answer forever
        # (socket.io-client has no timeout for it): refuse, saying to come back (static/common/live.js retries).
        logger.error("socket connect refused, database unavailable: %s", error)
        errors.rollback()
        raise ConnectionRefusedError(errors.DB_UNAVAILABLE[1], {"retry": True}) from error


def _connect(auth: dict[str, Any]) -> None:
    if auth.get("ticket"):
        try:
            ticket = lookups.ticket_by_token(str(auth["ticket"]))
        except DomainError as error:
            raise ConnectionRefusedError("ficha no encontrada") from error
        session["socket_actor"] = None
        session["ticket_token"] = ticket.token
        follow(ticket)
        return
    token = str(auth["token"]) if auth.get("token") else None
    # Most connects are panels (500 reconnecting after a restart): their device, area and the area's sequence
    # come in one query (core/panels/board.py); anyone else goes through identify().
    panel = board.panel_for_token(token) if token else None
    if panel is not None:
        # Its «visto por última vez» is written by the health report it sends on every connect (already a write):
        # the reconnect stays two statements. Every other device is seen by identify().
        _join_as_device(panel[0], auth, panel[1])
        return
    caller = identify(token)
    if caller.device is not None:  # a device first: a PC that remembers one is that device here, as on its page
        _join_as_device(caller.device, auth)
        return
    if caller.staff is None:
        # `ended`: the page had access (its cookie or token) and has none now; static/common/live.js says so.
        raise ConnectionRefusedError("no autorizado", {"ended": True})
    actor = Actor.of_user(caller.staff)
    _remember(actor)
    staff = caller.staff
    _join_personal_rooms(auth, staff)
    if auth.get("area") and actor.has_role(*FRONT_OFFICE):
        _watch_panel(actor, auth["area"])  # staff checking a panel on their own PC: it behaves as that panel
        return
    join_room(rooms.staff_audience(actor))
    if actor.has_role("reception"):
        join_room("kiosk")  # the catalogue's edits reach reception's trámite list as they reach the kiosks
    if actor.has_role(*SUPERVISORS):
        join_room(rooms.SUPERVISORS)  # a desk's «Emergencia» reaches them and nobody else
    desk = _console_desk(staff)
    if desk is not None:
        join_room(rooms.desk(desk))


def follow(ticket: Ticket) -> None:
    """A status page's rooms: its ticket's, and the queue's where its place moves (the old queue's left, after a
    transfer: kiosk/events.py); then the ticket's status."""
    queue_room = rooms.queue(ticket.queue.code)
    for joined in socket_rooms():
        if joined != queue_room and joined.startswith(rooms.queue("")):
            leave_room(joined)
    join_room(rooms.ticket(ticket.token))
    join_room(queue_room)
    emit("ticket_status", survey.customer_status(ticket))


def _join_as_device(device: Device, auth: dict[str, Any], own: board.Located | None = None) -> None:
    """A device's rooms: its own, and a panel's area (`own`: its area and sequence, when already read), a
    survey tablet's desk or the kiosks' room."""
    actor = Actor.of_device(device)
    _remember(actor)
    join_room(rooms.device(device.id))
    socket_sweep.admit(request.sid, users.device_credential(device))
    if device.kind == "panel":
        _watch_panel(actor, auth.get("area"), own)
    elif device.kind == "survey" and device.desk is not None:
        join_room(f"survey:{device.desk.code}")
    elif device.kind == "kiosk":
        join_room("kiosk")


def _console_desk(staff: User) -> str | None:
    """The desk this console signed in at (/desk), while this user holds it: the desk serving a ticket gets
    that ticket's personal data."""
    code = session.get("desk")
    if not code:
        return None
    try:
        desk = lookups.desk(str(code))
    except DomainError:
        return None
    return desk.code if desk.agent_id == staff.id else None


def _join_personal_rooms(auth: dict[str, Any], staff: User) -> None:
    join_room(rooms.user(staff.id))
    token = auth.get("token")
    row = users.api_token(str(token)) if token else None
    if row is not None:
        join_room(rooms.api_token(row.id))
    socket_sweep.admit(request.sid, users.token_credential(row) if row is not None
                       else users.session_credential(staff))


@socketio.on("staff_seq")
def on_staff_seq(_data: object = None) -> dict[str, int]:
    """Where the staff sequence stands in the database, for a staff screen that may have missed an event
    (core/realtime/catch_up.py); nothing for a socket outside the staff audiences."""
    if not any(room in rooms.STAFF_AUDIENCES for room in socket_rooms()):
        return {}
    return {"seq": catch_up.staff_seq()}
