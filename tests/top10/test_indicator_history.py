"""The indicator history: twelve months from one query, each month as the monthly indicator (issue 13)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from core.extensions import db
from core.top10 import indicator
from tests.top10.helpers import lp
from tests.top10.test_indicator import load


def test_history_counts_each_month_from_one_query(team) -> None:
    """Cancellations spread over months: each row matches that month, from one SQL statement, not 24."""
    load(team, lp(3, month=9), lp(31, 22, month=10), lp(15, month=10), lp(2), lp(20), lp(21))
    seen: list[str] = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        history = indicator.indicator_history(date(2026, 11, 15), today=date(2026, 11, 15))
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    counts = {h.month: (h.previous_count, h.current_count) for h in history}
    assert counts[date(2026, 11, 1)] == (2, 3)  # 31 Oct 22:00 La Paz is October
    assert counts[date(2026, 10, 1)] == (1, 2) and counts[date(2026, 9, 1)] == (None, 1)  # August: «Sin datos»
    assert len(history) == 12 and len([s for s in seen if "cancellation" in s.lower()]) == 1
