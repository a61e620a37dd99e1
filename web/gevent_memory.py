"""Under gevent (the production worker), less memory for each connected socket: ~8 KB a panel.

- engine.io pings every socket each `ping_interval` (10 s) from a greenlet that sleeps that long first: with a
  greenlet always asleep per socket, each holding its stack copy and its own chunk of Python frames (~7 KB of RSS;
  a greenlet not yet started holds ~1 KB). Here the wait is a gevent timer (`spawn_later`) and the greenlet
  starts when the ping is due. Same condition, same packet, same timing (checked under gunicorn: a panel got its
  PING at 10, 20 and 30 s and stayed connected). engine.io's `Socket.schedule_ping` is replaced, as
  web/rate_storage.py replaces a hook of limits; python-engineio is pinned in requirements.txt.
- gevent records, for every greenlet it spawns, the stack that spawned it and its parent (a debugging aid,
  `gevent.util.format_run_info`, that nothing here reads): off (`track_greenlet_tree`), ~0.7 KB a greenlet.

Measured on the production command with 500 panels (bench/README.md, «Session 22: memory»).
"""

from __future__ import annotations

import time

import engineio.socket
import gevent
from engineio import packet


def _ping(sock: engineio.socket.Socket) -> None:
    """engine.io's `Socket._send_ping` after its sleep."""
    if not sock.closing and not sock.closed:
        sock.last_ping = time.time()
        sock.send(packet.Packet(packet.PING))


def _schedule_ping(sock: engineio.socket.Socket) -> None:
    """engine.io's `Socket.schedule_ping`: a new ping only once the previous one was answered (or at connect)."""
    if sock.last_ping:
        sock.last_ping = None
        gevent.spawn_later(sock.server.ping_interval, _ping, sock)


def install() -> None:
    engineio.socket.Socket.schedule_ping = _schedule_ping  # type: ignore[method-assign]
    gevent.config.track_greenlet_tree = False
