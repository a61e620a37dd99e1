"""A browser's offer of per-message compression is declined (web/websocket_compression.py).

Chromium offers `permessage-deflate` on every WebSocket; accepted, each panel's connection kept a zlib
compressor and decompressor for its whole life (~165 KB a panel against ~65 KB, measured with 200 panels under
gunicorn's gevent worker, bench/README.md session 11) and every call was compressed once per panel.
"""

from __future__ import annotations

import json

import websocket

CHROMIUM_OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"


def test_a_panel_socket_is_opened_without_compression_and_still_talks(live_server) -> None:
    url = live_server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, header=[CHROMIUM_OFFER], timeout=10)
    try:
        assert ws.status == 101
        assert "sec-websocket-extensions" not in {name.lower() for name in ws.getheaders()}, ws.getheaders()
        opened = ws.recv()  # engine.io's open packet, as plain text: a compressed frame would not decode here
        assert opened.startswith("0") and "pingInterval" in json.loads(opened[1:])
    finally:
        ws.close()
