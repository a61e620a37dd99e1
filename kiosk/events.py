"""The status page's socket event: a page whose ticket was transferred asks to hear its new queue."""

from __future__ import annotations

from flask import session
from flask_socketio import emit, join_room, leave_room, rooms

from core import lookups
from core.errors import DomainError
from core.extensions import socketio
from core.realtime import rooms as room_names
from core.tickets import serialize


@socketio.on("follow_ticket")
def on_follow_ticket(_data: object = None) -> None:
    """The page joined its ticket's queue at connect (web/sockets.py); after a transfer its place moves with the
    new queue, so it leaves the old queue's room for the new one and gets its status again. Only a status page
    follows a ticket: the one its socket connected with, never one the payload names."""
    token = session.get("ticket_token")
    if not token:
        return
    try:
        ticket = lookups.ticket_by_token(token)
    except DomainError:
        return
    now = room_names.queue(ticket.queue.code)
    for joined in rooms():
        if joined != now and joined.startswith(room_names.queue("")):
            leave_room(joined)
    join_room(now)
    emit("ticket_status", serialize.public_ticket(ticket))
