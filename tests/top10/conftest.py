"""Top 10 fixtures: the team of roles, a frozen La Paz clock, and clients with their own request contexts."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.api.clients import IsolatedClient
from tests.helpers import FrozenClock
from tests.top10.helpers import NOW, Team


@pytest.fixture(autouse=True)
def _isolated_requests(app: Flask) -> None:
    """Each test-client request gets its own app context, `g` and session, as under a real server."""
    app.test_client_class = IsolatedClient


@pytest.fixture
def frozen(app: Flask) -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def team(app: Flask, frozen: FrozenClock) -> Team:
    return Team()
