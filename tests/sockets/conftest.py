from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.api.clients import IsolatedClient
from tests.sockets.live import Listener


@pytest.fixture(autouse=True)
def _isolated_requests(app: Flask) -> None:
    """`app.test_client()` gives clients whose requests do not share the test's app context."""
    app.test_client_class = IsolatedClient


@pytest.fixture
def listeners() -> Iterator[list[Listener]]:
    """Live clients a test opens (tests.sockets.live.listen); closed at the end."""
    opened: list[Listener] = []
    yield opened
    for listener in opened:
        listener.close()
