"""The monthly indicator: cancellations of the previous month − cancellations of this month (La Paz months);
≥ 1 "Aceptado", < 1 "Observado"."""

from __future__ import annotations

from datetime import date

import pytest

from core.top10 import indicator as ind
from core.top10 import report_import
from tests.top10.helpers import NOW, csv_bytes, lp

pytestmark = pytest.mark.postgres

AFTER = date(2026, 12, 5)  # November has ended
HEADER = ["Nro Baja", "Cuenta", "Producto", "Fecha Baja", "Motivo"]


def load(team, *moments, now=NOW) -> None:
    rows = [[f"B{i}", f"C{i}", "Internet", f"{m:%d/%m/%Y %H:%M}", "Insatisfacción"] for i, m in enumerate(moments)]
    report_import.import_cancellations(csv_bytes(HEADER, rows), "bajas.csv", actor=team.gestor, now=now)


def test_fewer_cancellations_than_last_month_is_accepted(team) -> None:
    """Three in October, two in November: 3 − 2 = 1, "Aceptado"."""
    load(team, lp(3, month=10), lp(15, month=10), lp(31, 20, month=10), lp(2), lp(20))
    indicator = ind.monthly_indicator(date(2026, 11, 1), today=AFTER)
    assert (indicator.previous_count, indicator.current_count, indicator.value, indicator.verdict) == (3, 2, 1,
                                                                                                       "Aceptado")


def test_as_many_cancellations_as_last_month_is_observed(team) -> None:
    """Two and two: 0, "Observado"."""
    load(team, lp(3, month=10), lp(15, month=10), lp(2), lp(20))
    indicator = ind.monthly_indicator(date(2026, 11, 1), today=AFTER)
    assert (indicator.value, indicator.accepted, indicator.verdict) == (0, False, "Observado")


def test_months_are_la_paz_months(team) -> None:
    """31 October at 22:00 in La Paz is already 1 November in UTC, and still counts for October."""
    load(team, lp(31, 22, month=10))
    assert (ind.cancellations_in(date(2026, 10, 1)), ind.cancellations_in(date(2026, 11, 1))) == (1, None)


def test_january_compares_with_december_of_the_year_before(team) -> None:
    """The previous month of January 2027 is December 2026."""
    load(team, lp(10, month=12), lp(11, month=12), lp(3, month=1, year=2027), now=lp(5, month=1, year=2027))
    indicator = ind.monthly_indicator(date(2027, 1, 1), today=date(2027, 2, 2))
    assert (indicator.previous_month, indicator.previous_count, indicator.current_count, indicator.verdict) == (
        date(2026, 12, 1), 2, 1, "Aceptado")


def test_history_goes_back_twelve_months(team) -> None:
    """The history starts at the chosen month and goes back one month at a time."""
    history = ind.indicator_history(date(2026, 11, 15), today=AFTER)
    assert [h.month for h in history][:3] == [date(2026, 11, 1), date(2026, 10, 1), date(2026, 9, 1)]
    assert len(history) == 12
