"""The statistics read the range's tickets a chunk at a time (plain rows, not ORM objects): a year of an office's
tickets no longer fills the worker's memory, and under gevent the worker's other requests (calls reaching the
panels, kiosks issuing) run between two chunks instead of waiting for the whole report."""

from __future__ import annotations

from datetime import date

from core.reporting import stats
from core.tickets import desks
from tests.helpers import FrozenClock, no_show_at_once

DAY = date(2026, 11, 23)


def _office_morning(counter, agent) -> None:
    """Seven tickets: five attended with waits, walks and services of their own, one no-show, one still waiting."""
    no_show_at_once()
    clock = FrozenClock()
    for _ in range(7):
        counter.issue()
        clock.advance(seconds=45)
    for n in range(6):
        desks.call_next(counter.desk, actor=agent)
        clock.advance(seconds=20 + n)
        if n == 3:
            desks.no_show(counter.desk, actor=agent)
            continue
        desks.start(counter.desk, actor=agent)
        clock.advance(seconds=100 * (n + 1))
        desks.finish(counter.desk, actor=agent)


def _figures(report: stats.Report) -> list[tuple]:
    return [(name, row.key, row.issued, row.attended, row.no_show, row.cancelled,
             *(tuple(measure.values) for measure in (row.wait, row.walk, row.service)))
            for name, row in stats.flatten(report)]


def test_chunks_of_two_tickets_give_the_same_report_and_let_other_requests_run(app, counter, agent,
                                                                                monkeypatch) -> None:
    """Chunk borders change no figure; between two chunks the report gives the worker's loop its turn."""
    _office_morning(counter, agent)
    whole = _figures(stats.report(DAY, DAY))
    turns: list[float] = []
    monkeypatch.setattr(stats, "CHUNK", 2)
    monkeypatch.setattr(stats.time, "sleep", turns.append)
    assert _figures(stats.report(DAY, DAY)) == whole
    assert turns == [0, 0, 0, 0]  # after each of the four chunks (2 + 2 + 2 + 1 tickets)
    total = stats.report(DAY, DAY).total
    assert (total.issued, total.attended, total.no_show) == (7, 5, 1)
