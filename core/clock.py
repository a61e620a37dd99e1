"""The one source of time. Tests replace `clock.now` through `set_now`; business days are La Paz days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

_override: Callable[[], datetime] | None = None
_tz_name = "America/La_Paz"


def configure(tz_name: str) -> None:
    global _tz_name
    _tz_name = tz_name


def tz() -> ZoneInfo:
    return ZoneInfo(_tz_name)


def now() -> datetime:
    """Aware UTC now (or the test override)."""
    return _override() if _override else datetime.now(UTC)


def set_now(fn: Callable[[], datetime] | None) -> None:
    global _override
    _override = fn


def as_utc(value: datetime) -> datetime:
    """Database rows come back naive on SQLite: they are stored in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local(value: datetime) -> datetime:
    return as_utc(value).astimezone(tz())


def business_day(value: datetime | None = None) -> date:
    return local(value or now()).date()


def day_start(day: date) -> datetime:
    """La Paz's midnight opening `day`, in UTC: where a business day's rows begin."""
    return datetime.combine(day, time(), tz()).astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    return local(value).isoformat(timespec="seconds") if value else None
