"""Numbers and dates for the admin pages, through Babel in es_BO (the OS has no locales)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from core.formatting import LOCALE, number


def minutes(seconds: float | None) -> str:
    """Seconds as minutes with one decimal, Bolivian style ("4,5"); «—» when there is no value, as `percent`
    (a blank cell read as a value left out)."""
    return "—" if seconds is None else number(seconds / 60, "#,##0.0")


def long_day(day: date) -> str:
    return format_date(day, "d 'de' MMMM 'de' y", locale=LOCALE)


def percent(value: float | None) -> str:
    return "—" if value is None else number(value, "#,##0.0") + " %"
