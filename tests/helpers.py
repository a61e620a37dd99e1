"""Builders and helpers shared by the tests: real users, tokens and devices through core, real logins."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from flask import g
from flask.testing import FlaskClient

from core import clock
from core.extensions import db
from core.people import users
from tests.builders import PASSWORD, make_actor, make_device, make_user

__all__ = ["PASSWORD", "KIOSK_TX", "make_user", "actor_for", "token_for", "device_token", "bearer", "csrf_from",
           "login", "FrozenClock"]

# A seeded transaction (Asesores Comerciales de Plataforma, served by P01–P04). Only the Top 10 office tests
# (tests/top10, tests/browser/test_top10_office.py) still use it; every other test builds its own with
# tests.builders.make_counter(), and the kiosk walks through the seeded catalogue name its codes themselves.
KIOSK_TX = "V_INST_INT"

actor_for = make_actor  # the name most tests use


def token_for(username: str, *roles: str) -> str:
    make_user(username, *roles)
    return users.create_api_token(username)


def device_token(kind: str, name: str | None = None, **kwargs: str) -> str:
    _device, token = make_device(kind, name or f"{kind}-test", **kwargs)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def fresh_request_globals() -> None:
    """Test-client requests share the test's app context, hence `g`: Flask-WTF caches the CSRF token there
    (so it never reaches the new session that sign-in starts) and Flask-Login the signed-in user (so a second
    client would inherit it). Each real request starts with an empty `g`; so does each request here."""
    for name in list(g):
        g.pop(name)


def session_csrf(client: FlaskClient) -> str:
    """The CSRF token of the client's session. Every page carries it; a missing page is the cheapest one
    (the landing page after sign-in renders a whole dashboard)."""
    fresh_request_globals()
    return csrf_from(client.get("/sin-pagina-csrf").get_data(as_text=True))


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the real form (CSRF included); return the CSRF token for later JSON calls."""
    fresh_request_globals()
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": csrf_from(page)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return session_csrf(client)


def day_bound_clock(real: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Callable[[], datetime]:
    """Real time that stops at the last instant of the La Paz business day it starts on. A test that ran across
    midnight saw two business days: its tickets numbered from 1 again, today's quota and counts empty."""
    last = datetime.combine(clock.business_day(real()) + timedelta(days=1), time.min, tzinfo=clock.tz())
    end = last.astimezone(UTC) - timedelta(microseconds=1)
    return lambda: min(real(), end)


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.value = start or datetime(2026, 11, 23, 13, 0, tzinfo=UTC)  # 09:00 in La Paz
        clock.set_now(lambda: self.value)

    def advance(self, **kwargs: float) -> datetime:
        self.value += timedelta(**kwargs)
        return self.value


class SmartflexProbe:
    """Smartflex answering «al día» for the account asked, noting whether the caller still had a transaction open
    when it asked. On SQLite a unit of work holds the write lock (every kiosk would wait for the answer), and any
    open transaction holds a pooled connection meanwhile."""

    open_transaction_seen: bool | None = None

    def find(self, query: str) -> dict[str, str]:
        self.open_transaction_seen = db.session().in_transaction()
        return {"account": query}



def set_settings(**values: object) -> None:
    """Store settings as Administración → Parámetros would, committed: `set_settings(no_show_min_calls=2)`."""
    from core.models import Setting

    for key, value in values.items():
        db.session.merge(Setting(key=key, value=value))
    db.session.commit()


def no_show_at_once() -> None:
    """Turn off the no-show's time limit (default 3 min after the first call; one call is then enough): for tests
    whose subject is what a no-show leads to, not when it is allowed (tests/tickets/test_no_show_threshold.py)."""
    set_settings(no_show_min_wait_min=0)
