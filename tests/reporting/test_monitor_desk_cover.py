"""The monitor says which queues no desk can call now (the kiosk's rule, core/tickets/availability.py) and since
when each desk with nobody at it is paused, free or closed."""

from __future__ import annotations

import pytest

from core.tickets import desk_shifts, desks
from tests.helpers import FrozenClock, actor_for


def _queue(data: dict, code: str) -> dict:
    return next(q for q in data["queues"] if q["code"] == code)


def _desk(data: dict, code: str) -> dict:
    return next(d for d in data["desks"] if d["code"] == code)


@pytest.mark.postgres
def test_a_queue_says_whether_an_open_or_only_a_paused_desk_serves_it(supervisor, counter) -> None:
    """Closed desks: «none»; the only desk paused: «paused»; open: «open»."""
    FrozenClock()
    agent = actor_for("asesor1", "agent")
    counter.issue()
    assert _queue(supervisor.get("/admin/monitor/snapshot").get_json(), counter.queue.code)["desks"] == "none"
    desk_shifts.sign_in(counter.desk, actor=agent)
    assert _queue(supervisor.get("/admin/monitor/snapshot").get_json(), counter.queue.code)["desks"] == "open"
    desk_shifts.pause(counter.desk, actor=agent)
    assert _queue(supervisor.get("/admin/monitor/snapshot").get_json(), counter.queue.code)["desks"] == "paused"


@pytest.mark.postgres
def test_a_desk_says_since_when_it_is_paused_free_or_closed(supervisor, counter) -> None:
    """Opened at 09:00, served a customer until 09:07, paused at 09:10, resumed at 09:25, closed at 09:40."""
    clock = FrozenClock()
    agent = actor_for("asesor1", "agent")
    desk_shifts.sign_in(counter.desk, actor=agent)
    counter.issue()
    snap = lambda: _desk(supervisor.get("/admin/monitor/snapshot").get_json(), counter.desk)  # noqa: E731
    assert (snap()["state_since"], snap()["freed_at"]) == ("2026-11-23T09:00:00-04:00", None)
    clock.advance(minutes=2)
    desks.call_next(counter.desk, actor=agent)
    clock.advance(minutes=5)
    desks.finish(counter.desk, actor=agent)
    assert snap()["freed_at"] == "2026-11-23T09:07:00-04:00"
    clock.advance(minutes=3)
    desk_shifts.pause(counter.desk, actor=agent)
    assert (snap()["state"], snap()["state_since"]) == ("paused", "2026-11-23T09:10:00-04:00")
    clock.advance(minutes=15)
    desk_shifts.resume(counter.desk, actor=agent)
    assert (snap()["state"], snap()["state_since"]) == ("open", "2026-11-23T09:25:00-04:00")
    clock.advance(minutes=15)
    desk_shifts.sign_out(counter.desk, actor=agent)
    assert (snap()["state"], snap()["state_since"]) == ("closed", "2026-11-23T09:40:00-04:00")
