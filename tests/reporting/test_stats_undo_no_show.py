"""An undone no-show leaves the statistics as if it never happened: the ticket counts as attended and its walk
runs from the call (not lost at the mistaken no-show)."""

from __future__ import annotations

from datetime import date

import pytest

from core.extensions import db
from core.models import Setting
from core.reporting import stats
from core.tickets import desks
from tests.helpers import FrozenClock, no_show_at_once

pytestmark = pytest.mark.postgres

DAY = date(2026, 11, 23)


def test_undone_no_show_counts_as_attended_with_its_walk(app, counter, agent) -> None:
    clock = FrozenClock()
    db.session.merge(Setting(key="no_show_undo_seconds", value=60))
    db.session.commit()
    no_show_at_once()
    ticket = counter.issue()
    clock.advance(seconds=60)
    desks.call_next(counter.desk, actor=agent)
    clock.advance(seconds=40)
    desks.no_show(counter.desk, actor=agent)
    clock.advance(seconds=20)
    desks.undo_no_show(counter.desk, ticket.id, actor=agent)
    clock.advance(seconds=30)
    desks.start(counter.desk, actor=agent)       # walked 90 s since the call
    clock.advance(seconds=200)
    desks.finish(counter.desk, actor=agent)
    total = stats.report(DAY, DAY).total
    assert (total.attended, total.no_show) == (1, 0)
    assert list(total.walk.values) == [90.0] and list(total.service.values) == [200.0]
