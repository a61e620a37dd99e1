"""«Hoy en este mesón» on the desk console (console.desk_state's `today`): the customers this desk attended today
and their mean attention, so the agent knows their own day without asking a supervisor."""

from __future__ import annotations

from core.tickets import console, desk_shifts, desks


def _attend(counter, desk: str, agent, frozen, minutes: int) -> None:
    desks.call_next(desk, actor=agent)
    desks.start(desk, actor=agent)
    frozen.advance(minutes=minutes)
    desks.finish(desk, actor=agent)


def test_the_console_counts_this_desk_s_attentions_of_the_day(app, counter, agent, frozen) -> None:
    for _ in range(4):
        counter.issue()
    desk, other = counter.desks[0], counter.desks[1]
    assert console.desk_state(desk)["today"] == {"served": 0, "mean_service_s": None}
    desk_shifts.sign_in(desk, actor=agent)
    _attend(counter, desk, agent, frozen, 4)
    _attend(counter, desk, agent, frozen, 8)
    desks.call_next(desk, actor=agent)  # called, not attended yet: not counted
    assert console.desk_state(desk)["today"] == {"served": 2, "mean_service_s": 360}
    assert console.desk_state(other)["today"]["served"] == 0  # another desk's day is its own
