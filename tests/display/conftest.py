"""The panel tests' waiting room."""

from __future__ import annotations

import pytest

from tests.builders import Counter, make_area, make_desk, make_queue, make_transaction


@pytest.fixture
def room(app) -> Counter:
    """A waiting room whose queue (prefix E) is served by «Mesón 7», spoken «mesón siete»."""
    area = make_area()
    queue = make_queue(area=area, prefix="E")
    desk = make_desk(queues=[queue], name="Mesón 7", spoken_name="mesón siete")
    return Counter(area=area, queue=queue, tx=make_transaction(queue).code, desk=desk.code, desks=[desk.code])
