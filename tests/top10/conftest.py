"""Top 10 fixtures: the team of roles and a frozen La Paz clock."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.helpers import FrozenClock
from tests.top10.helpers import NOW, Team


@pytest.fixture
def frozen(app: Flask) -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def team(app: Flask, frozen: FrozenClock) -> Team:
    return Team()
