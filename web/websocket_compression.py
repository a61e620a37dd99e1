"""WebSockets without per-message compression: a panel's messages are small, and compressing them costs memory.

Chromium offers `permessage-deflate` on every WebSocket and simple-websocket (the server side under gunicorn's
gevent worker) accepts it. Each connection then keeps zlib state for its whole life: 200 panels offering it grew
the worker by 33 MB, 200 that did not by 13 MB (~165 KB a panel against ~65 KB, before any message; bench/README.md,
session 11), and every call would be compressed once per panel. The benchmark's Python clients never
offer it, so it never showed there. The offer is removed from the handshake before the server reads it, and the
connection is made uncompressed, as the WebSocket protocol allows (RFC 7692: the server may decline).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

OFFER = "HTTP_SEC_WEBSOCKET_EXTENSIONS"


def without_compression(wsgi_app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """`wsgi_app` with every WebSocket extension offer declined (permessage-deflate is the only one in use)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ.pop(OFFER, None)
        return wsgi_app(environ, start_response)

    return app
