"""The status page's socket event: a page whose ticket was transferred asks to hear its new queue."""

from __future__ import annotations

from flask import session

from core import lookups
from core.errors import DomainError
from core.extensions import socketio
from web.sockets import follow


@socketio.on("follow_ticket")
def on_follow_ticket(_data: object = None) -> None:
    """The page joined its ticket's queue at connect; after a transfer its place moves with the new queue, so it
    hears that one instead and gets its status again (web/sockets.py `follow`). Only a status page follows a
    ticket: the one its socket connected with, never one the payload names."""
    token = session.get("ticket_token")
    if not token:
        return
    try:
        ticket = lookups.ticket_by_token(token)
    except DomainError:
        return
    follow(ticket)
