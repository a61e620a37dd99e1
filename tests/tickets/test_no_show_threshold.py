"""«No se presentó» is deliberate: only after the configured calls or time since the first call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import IllegalTransition
from core.extensions import db
from core.models import Setting
from core.tickets import desks
from tests.helpers import actor_for

T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


@pytest.fixture
def called(app, counter):
    """A ticket called once at T0 at the counter's desk, with the thresholds at 3 calls or 5 minutes."""
    for key, value in {"no_show_min_calls": 3, "no_show_min_wait_min": 5}.items():
        db.session.merge(Setting(key=key, value=value))
    db.session.commit()
    agent = actor_for("asesor1", "agent")
    counter.issue(now=T0)
    desks.call_next(counter.desk, actor=agent, now=T0)
    return agent


def test_no_show_before_the_threshold_is_refused(called, counter) -> None:
    """Called once, a minute ago: refused with the reason; the ticket stays at the desk."""
    with pytest.raises(IllegalTransition, match="1 de 3 llamadas"):
        desks.no_show(counter.desk, actor=called, now=T0 + timedelta(minutes=1))


def test_no_show_after_enough_calls(called, counter) -> None:
    """The third call makes it possible at once."""
    desks.recall(counter.desk, actor=called, now=T0 + timedelta(seconds=30))
    desks.recall(counter.desk, actor=called, now=T0 + timedelta(seconds=60))
    assert desks.no_show(counter.desk, actor=called, now=T0 + timedelta(seconds=61)).status == "no_show"


def test_no_show_after_enough_time(called, counter) -> None:
    """Five minutes after the first call it is possible with one call (the edge: exactly five)."""
    with pytest.raises(IllegalTransition):
        desks.no_show(counter.desk, actor=called, now=T0 + timedelta(minutes=5) - timedelta(seconds=1))
    assert desks.no_show(counter.desk, actor=called, now=T0 + timedelta(minutes=5)).status == "no_show"
