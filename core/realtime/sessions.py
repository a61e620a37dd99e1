"""Ending live sessions: disconnect every socket of a room, on this instance and on every other one.

Each socket joins its identity's personal room at connect (core/realtime/rooms.py). Revoking or rotating a
device, disabling a user, a password reset, signing out, or revoking an API token queues `end(room)` after
its commit (outbox.disconnect_after_commit), so a socket opened before the change stops receiving events at
once instead of until its next reconnect.

python-socketio can close a room across instances but not disconnect its sockets (Flask-SocketIO #744), so the
client managers below add `disconnect_room`: through Redis it travels as a `close_room` message marked
`disconnect`, which each instance's manager handles by disconnecting its own sockets in that room first.
"""

from __future__ import annotations

import logging
from typing import Any

import socketio as socketio_lib

from core.extensions import socketio

logger = logging.getLogger(__name__)

CHANNEL = "flask-socketio"  # Flask-SocketIO's default: the CLI's write-only emitters publish there


def _disconnect_local(manager: Any, room: str, namespace: str) -> None:
    for sid, _eio_sid in list(manager.get_participants(namespace, room)):
        manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class LocalManager(socketio_lib.Manager):
    """One instance, no message queue."""

    def disconnect_room(self, room: str, namespace: str = "/") -> None:
        _disconnect_local(self, room, namespace)
        self.close_room(room, namespace)


class RedisManager(socketio_lib.RedisManager):
    """Several instances sharing Redis."""

    def disconnect_room(self, room: str, namespace: str = "/") -> None:
        message = {"method": "close_room", "room": room, "namespace": namespace, "host_id": self.host_id,
                   "disconnect": True}
        self._handle_close_room(message)  # this instance now; the others when the message arrives
        self._publish(message)

    def _handle_close_room(self, message: dict[str, Any]) -> None:
        if message.get("disconnect"):
            _disconnect_local(self, message.get("room"), message.get("namespace") or "/")
        super()._handle_close_room(message)


def client_manager(redis_url: str | None) -> socketio_lib.Manager:
    if not redis_url:
        return LocalManager()
    # A bounded connect: an unreachable Redis must not hold a request that emits after its commit.
    return RedisManager(redis_url, channel=CHANNEL, redis_options={"socket_connect_timeout": 1})


def end(room: str) -> None:
    """Disconnect every socket in `room` everywhere. Never raises: the change that asked for it is committed."""
    manager = getattr(socketio.server, "manager", None)
    if manager is None or not hasattr(manager, "disconnect_room"):
        return
    try:
        manager.disconnect_room(room)
    except Exception:
        logger.exception("could not disconnect the sockets of %s", room)
