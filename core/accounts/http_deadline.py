"""An HTTP GET whose timeout bounds the whole call: connecting, the headers and the body.

`requests`' timeout applies to each socket read, so a server that trickles a byte every half second holds
the caller for as long as it likes (a slow Smartflex bridge held a kiosk request for minutes). Here a timer
shuts the request's sockets when the time is up, whatever the request is doing then; the blocked read wakes
(under threads and under gevent alike) and the call fails with `Failed`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from contextvars import ContextVar
from typing import Any

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class Failed(Exception):
    """No complete answer in time (down, refused, too slow, cut)."""


class _Deadline:
    """Shuts the sockets of one call when its time is up."""

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()

    @property
    def expired(self) -> bool:
        return self._expired

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self._expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


_deadline: ContextVar[_Deadline | None] = ContextVar("http_deadline", default=None)


def _watched(connection: type[HTTPConnection]) -> type[HTTPConnection]:
    class Watched(connection):  # type: ignore[valid-type, misc]
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            deadline = _deadline.get()
            if deadline is not None:
                deadline.watch(sock)
            return sock

    return Watched


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _watched(HTTPConnection)


class _WatchedTLSPool(HTTPSConnectionPool):
    ConnectionCls = _watched(HTTPSConnection)


class _DeadlineAdapter(HTTPAdapter):
    """Every connection it opens is handed to the current call's deadline."""

    POOLS = {"http": _WatchedPool, "https": _WatchedTLSPool}

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self.POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = self.POOLS
        return manager


def get(url: str, *, params: dict[str, str], seconds: float, max_body: int,
        headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """GET `url` within `seconds` in all; return the status and at most `max_body` + 1 bytes of the body."""
    try:
        with requests.Session() as session, _Deadline(seconds) as deadline:
            session.mount("http://", _DeadlineAdapter())
            session.mount("https://", _DeadlineAdapter())
            token = _deadline.set(deadline)
            try:
                response = session.get(url, params=params, timeout=seconds, stream=True, headers=headers)
                with response:
                    body = response.raw.read(max_body + 1, decode_content=True)
            finally:
                _deadline.reset(token)
            if deadline.expired:  # a body without Content-Length ends "cleanly" when its socket is shut
                raise Failed(f"sin respuesta completa en {seconds:g} s")
            return response.status_code, body
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as error:
        # urllib3's errors, OSError, ValueError: what reading the body of a shut socket raises. Not str(error):
        # it quotes the URL with ?q=<account or CI>, and the caller logs this message.
        raise Failed(f"{type(error).__name__} al consultar {url}") from error
