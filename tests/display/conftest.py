"""The panel tests' waiting room."""

from __future__ import annotations

import pytest

from tests.builders import Counter, make_counter


@pytest.fixture
def room(app) -> Counter:
    """A waiting room whose queue (prefix E) is served by «Mesón 7», spoken «mesón siete»."""
    return make_counter(prefix="E", desk_name="Mesón 7", spoken_name="mesón siete")
