"""The tests' clock keeps one business day per test: a whole run that crossed midnight in La Paz (04:00 UTC) once
failed twice, a ticket numbered from 1 again in the middle of a concurrency test and a day's quota found empty."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core import clock
from tests.helpers import day_bound_clock


def test_real_time_until_midnight_in_la_paz_then_the_last_instant_of_that_day(app) -> None:
    real = [datetime(2026, 11, 28, 3, 59, 58, tzinfo=UTC)]  # 23:59:58 in La Paz
    now = day_bound_clock(lambda: real[0])
    assert now() == real[0]
    real[0] += timedelta(seconds=1)
    assert now() == real[0], "time runs as it does"
    real[0] += timedelta(seconds=5)  # 00:00:04 on the 28th in La Paz
    assert clock.business_day(now()).isoformat() == "2026-11-27"
    assert now() == datetime(2026, 11, 28, 3, 59, 59, 999999, tzinfo=UTC)

