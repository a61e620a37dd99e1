"""Top 10 fixtures: the team of roles and a frozen La Paz clock."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask

from tests.helpers import FrozenClock
from tests.top10.helpers import NOW, Team


@pytest.fixture
def frozen_start() -> datetime:
    """The Top 10 tests start on a Friday of ISO week 2026-W48 (the root conftest's `frozen` uses it)."""
    return NOW


@pytest.fixture
def team(app: Flask, frozen: FrozenClock) -> Team:
    return Team()
