"""Issue 12: the indicator tells the truth. The month in progress is provisional (no verdict), a month without
imported cancellations reads «Sin datos» (not «0 Observado»), and the counts behind every month stay visible."""

from __future__ import annotations

from datetime import date

from core.top10 import indicator
from tests.top10.helpers import lp
from tests.top10.test_indicator import load
from tests.top10.test_pages import signed_in

TODAY = date(2026, 11, 27)  # NOW's La Paz day: November is in progress


def test_current_month_is_provisional_and_a_month_without_data_reads_sin_datos(team) -> None:
    load(team, lp(3, month=10), lp(15, month=10), lp(20, month=10), lp(2), lp(20))  # nothing for September
    history = {item.month: item for item in indicator.indicator_history(date(2026, 11, 1), today=TODAY)}
    november, october, september = history[date(2026, 11, 1)], history[date(2026, 10, 1)], history[date(2026, 9, 1)]
    assert (november.previous_count, november.current_count, november.value) == (3, 2, 1)
    assert (november.provisional, november.accepted, november.verdict) == (True, False, "Provisional")
    assert (october.previous_count, october.current_count, october.value, october.verdict) == (None, 3, None,
                                                                                               "Sin datos")
    assert (september.current_count, september.verdict) == (None, "Sin datos")


def test_indicator_page_shows_provisional_and_sin_datos(app, team) -> None:
    load(team, lp(3, month=10), lp(2))
    page = signed_in(app, team, "gestor").get("/admin/top10/indicador?mes=2026-11").get_data(as_text=True)
    assert 'id="indicator-verdict">Provisional<' in page and 'badge bad">Observado' not in page
    assert "Sin datos" in page  # September and earlier, in the history


def test_the_history_is_counted_from_one_query(team) -> None:
    """Twelve months of the indicator read the cancellations once, not twice per month, and each month still
    gets its own count (31 October 22:00 in La Paz is October)."""
    from sqlalchemy import event

    from core.extensions import db

    load(team, lp(3, month=9), lp(31, 22, month=10), lp(15, month=10), lp(2), lp(20), lp(21))
    statements: list[str] = []

    def seen(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        history = indicator.indicator_history(date(2026, 11, 15), today=TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    counts = {item.month: (item.previous_count, item.current_count) for item in history}
    assert counts[date(2026, 11, 1)] == (2, 3) and counts[date(2026, 10, 1)] == (1, 2)
    assert counts[date(2026, 9, 1)] == (None, 1)
    assert len(history) == 12 and len([s for s in statements if "top10_cancellation" in s]) == 1


def test_indicator_page_names_who_measures_it(app, team) -> None:
    """The procedure's indicator card: the Responsable Equipo Atención de Incidentes measures it every month."""
    page = signed_in(app, team, "gestor").get("/admin/top10/indicador").get_data(as_text=True)
    assert 'id="indicator-owner">Lo mide cada mes: Responsable Equipo Atención de Incidentes' in page
