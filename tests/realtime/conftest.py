from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.realtime.live import Listener


@pytest.fixture
def listeners() -> Iterator[list[Listener]]:
    """Live clients a test opens (tests.realtime.live.listen); closed at the end."""
    opened: list[Listener] = []
    yield opened
    # Each disconnect waits up to 3 s for the closing handshake (websocket-client): close them side by side.
    closing = [threading.Thread(target=listener.close) for listener in opened]
    for thread in closing:
        thread.start()
    for thread in closing:
        thread.join()
