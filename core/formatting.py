"""La Paz times and Spanish (Bolivia) numbers through Babel (the OS has no locales). Used by the Jinja filters
(web/filters.py), printed tickets and exports alike, so a time reads the same everywhere."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.numbers import format_decimal

from core import clock

LOCALE = "es_BO"
# Said before queuing (the kiosk's «¿Tiene todo?») while no desk that serves the trámite is open (closed, not paused).
NO_DESK_OPEN = "Ningún mesón atiende este trámite ahora; le llamaremos cuando abra uno."
# Said wherever a ticket's wait is shown while no desk that may call it is open: «su ficha», since a transferred
# ticket waits for another queue's desks while its trámite stays what it was.
NO_DESK_OPEN_TICKET = "Ningún mesón abierto atiende su ficha ahora; le llamaremos cuando abra uno."
# Said while every open desk that may call the ticket is paused: «en breve» promised a call nobody could make.
DESKS_PAUSED_TICKET = "Los mesones que atienden su ficha están en pausa; le llamaremos cuando vuelvan."
# How a waiting customer is called (COM-DSC-P01 act. 8), on the printed ticket (one line of 48 columns at 80 mm), the
# kiosk's ticket screen and reception's «ficha emitida» alike.
PANEL_HELP = "Su número y el mesón aparecerán en el panel."


def local_datetime(value: datetime | None, fmt: str = "d 'de' MMMM 'de' y, HH:mm") -> str:
    if value is None:
        return ""
    return format_datetime(clock.as_utc(value), fmt, tzinfo=clock.tz(), locale=LOCALE)


def local_time(value: datetime | None, fmt: str = "HH:mm") -> str:
    if value is None:
        return ""
    return format_time(clock.as_utc(value), fmt, tzinfo=clock.tz(), locale=LOCALE)


def date_range(first: date, last: date) -> str:
    """Two days as a range, «23–29 nov 2026», «30 nov – 6 dic 2026», «29 dic 2025 – 4 ene 2026»."""
    end = format_date(last, "d MMM y", locale=LOCALE)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{end}"
    return f"{format_date(first, 'd MMM' if first.year == last.year else 'd MMM y', locale=LOCALE)} – {end}"


def money(value: Decimal | float | int) -> str:
    """«Bs 1.234,50», as bolivianos are written here (CLDR's «Bs1.234,50» runs the symbol into the figure)."""
    return f"Bs {format_decimal(value, '#,##0.00', locale=LOCALE)}"


def number(value: float | int, fmt: str = "#,##0.#") -> str:
    """Rounded half up, as a person or a spreadsheet rounds (75 s is «1,3» min): Babel quantizes in the current
    decimal context, whose default rounds half to even («1,2»)."""
    with localcontext(rounding=ROUND_HALF_UP):
        return format_decimal(value, fmt, locale=LOCALE)


def listing(items: list[str]) -> str:
    """Spanish enumeration: «a», «a y b», «a, b y c»."""
    return format_list(items, locale=LOCALE) if items else ""


def plural(count: int, one: str, many: str) -> str:
    """Spanish agreement: «1 caso remitido», «2 casos remitidos»."""
    return one if count == 1 else many


def minutes_and_seconds(seconds: int) -> str:
    """A short span to the second, as a refusal says what is left: «2 min 15 s», «2 min», «45 s». Rounded up to
    the minute, 2:15 read «3 min» and the agent tried again too early."""
    minutes, rest = divmod(max(seconds, 0), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def wait_text(minutes: int, desk_open: bool = True, desks_paused: bool = False) -> str:
    """The estimated wait as the customer reads it: «en breve» rather than «0 min»; no figure while no desk
    that may call the ticket is open (NO_DESK_OPEN_TICKET says why), nor while they all pause (DESKS_PAUSED_TICKET:
    «10 min aprox.» beside it read as a clock that was running)."""
    if not desk_open:
        return "cuando abra un mesón"
    if desks_paused:
        return "cuando vuelva un mesón de su pausa"
    if minutes <= 0:
        return "en breve"
    if minutes < 60:
        return f"{minutes} min aprox."
    # From an hour on, in hours and the nearest 5 minutes: «240 min» made a customer do the sum, and a figure to
    # the minute claims a precision an estimate that far out does not have.
    hours, rest = divmod(5 * round(minutes / 5), 60)
    return f"{hours} h aprox." if rest == 0 else f"{hours} h {rest} min aprox."


def phone_numbers(phone: str | None) -> list[tuple[str, str]]:
    """(as written, as dialled) for each number of a contact field («4 4250000 / 71712345»: Smartflex separates
    them with «/», «,» or «;»), so each is its own tel: link on a technician's phone."""
    numbers = (part.strip() for part in re.split(r"[/,;]", phone or ""))
    return [(shown, "".join(c for c in shown if c in "+0123456789")) for shown in numbers if shown]
