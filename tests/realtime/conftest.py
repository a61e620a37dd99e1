from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.realtime.live import Listener


@pytest.fixture
def listeners() -> Iterator[list[Listener]]:
    """Live clients a test opens (tests.realtime.live.listen); closed at the end."""
    opened: list[Listener] = []
    yield opened
    for listener in opened:
        listener.close()
