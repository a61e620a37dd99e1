"""Open sockets whose credential has ended are disconnected within a sweep interval, wherever it was ended.

Ending access disconnects at once through the identity's personal room (core/realtime/sessions.py), but only
where that message arrives. `flask revoke-token` on a host without Redis (one instance: the README's one-office
production) talks to no server, and a message published while Redis restarts is lost. Until then the socket
kept receiving staff events, personal data included. So each server process reads again, every
SOCKET_SWEEP_EVERY_S (config, 30 s), whether the credentials of the sockets it holds still admit anyone
(core/people/users.ended), and disconnects those that do not: one query per kind of credential per sweep, none
while it holds no admitted socket.
"""

from __future__ import annotations

import logging
import threading
import weakref
from typing import Any

from flask import Flask, current_app

from core.extensions import db, socketio
from core.people import users
from core.people.users import Credential

logger = logging.getLogger(__name__)

NAMESPACE = "/"


class _Admitted:
    """The credentials of one Socket.IO server's admitted sockets (a test process runs several servers)."""

    def __init__(self) -> None:
        self.sockets: dict[str, Credential] = {}
        self.sweeping = False
        self.lock = threading.Lock()  # gevent's once the worker is patched


_BY_SERVER: weakref.WeakKeyDictionary[Any, _Admitted] = weakref.WeakKeyDictionary()


def admit(sid: str, credential: Credential) -> None:
    """Remember what socket `sid` was admitted with; the first one starts this server's sweeps."""
    server = socketio.server
    admitted = _BY_SERVER.setdefault(server, _Admitted())
    with admitted.lock:
        admitted.sockets[sid] = credential
        if admitted.sweeping:
            return
        admitted.sweeping = True
    app = current_app._get_current_object()
    socketio.start_background_task(_keep_sweeping, weakref.ref(app), weakref.ref(server), admitted,
                                   float(app.config["SOCKET_SWEEP_EVERY_S"]))


def sweep() -> int:
    """Disconnect this server's sockets whose credential has ended, now (in an app context). How many."""
    admitted = _BY_SERVER.get(socketio.server)
    return _sweep(socketio.server, admitted) if admitted is not None else 0


def _sweep(server: Any, admitted: _Admitted) -> int:
    with admitted.lock:  # sockets connect meanwhile (threads in the demo and the tests)
        held = dict(admitted.sockets)
    left = {sid for sid in held if not server.manager.is_connected(sid, NAMESPACE)}  # gone by themselves
    ended = users.ended({credential for sid, credential in held.items() if sid not in left})
    gone = [sid for sid, credential in held.items() if sid not in left and credential in ended]
    with admitted.lock:
        for sid in (*left, *gone):
            admitted.sockets.pop(sid, None)
    for sid in gone:
        server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)  # a sid of this process
    if gone:
        logger.info("disconnected %d socket(s) whose credential has ended", len(gone))
    return len(gone)


def _keep_sweeping(app_ref: weakref.ref[Flask], server_ref: weakref.ref[Any], admitted: _Admitted,
                   every_s: float) -> None:
    """Every `every_s` while the server holds admitted sockets. Weak references: an app a test process
    dropped is not kept alive by its sleeping sweep."""
    while True:
        socketio.sleep(every_s)
        app, server = app_ref(), server_ref()
        if app is None or server is None:
            return
        with app.app_context():
            try:
                _sweep(server, admitted)
            except Exception:  # the database is down, say: the next sweep tries again
                logger.exception("socket sweep failed")
            finally:
                db.session.remove()
        del app, server
        with admitted.lock:
            if not admitted.sockets:  # the next admitted socket starts the sweeps again
                admitted.sweeping = False
                return
