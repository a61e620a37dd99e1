"""The kiosk meets a database locked past its budget: it shows the Spanish «intente de nuevo» and its
*Intentar de nuevo* button, which, once the lock is gone, issues the ticket with the same idempotency key."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import func, select

from core.extensions import db
from core.models import Ticket
from tests.apps import busy_sqlite_app
from tests.browser.test_kiosk import screen, tap, turn_pages_to
from tests.conftest import LiveServer
from tests.kiosk import helpers

pytestmark = pytest.mark.browser


@pytest.fixture
def busy_app(tmp_path: Path) -> Iterator[Flask]:
    with busy_sqlite_app(tmp_path, 0.3) as application:
        yield application


@pytest.fixture
def server(busy_app: Flask) -> Iterator[LiveServer]:
    live = LiveServer(busy_app)
    live.start()
    yield live
    live.stop()


def test_kiosk_retry_after_a_locked_database_gives_one_ticket(busy_app, server, new_page, tmp_path) -> None:
    demo = helpers.demo()
    page = new_page(1080, 1920, has_touch=True)
    page.goto(f"{server.url}/kiosk?token={demo.kiosk_token}")
    expect(screen(page, "home")).to_be_visible()
    tap(page, '[data-go="tramite"]')
    tap(page, '[data-go="cat:POSTVENTA"]')
    turn_pages_to(page, '[data-tx="PV_RECLAMO_FACT"]')
    tap(page, '[data-tx="PV_RECLAMO_FACT"]')
    tap(page, "[data-confirm]")  # «¿Tiene todo?» with the requirements

    other = sqlite3.connect(tmp_path / "turnero.db", isolation_level=None)  # a long import holding the lock
    other.execute("BEGIN IMMEDIATE")
    try:
        with page.expect_response("**/api/v1/tickets") as answer:
            tap(page, '[data-pref="none"]')
        assert answer.value.status == 503
        expect(page.locator("[data-issue-error]")).to_contain_text("intente de nuevo")
        expect(page.locator("[data-retry-issue]")).to_be_visible()
    finally:
        other.execute("ROLLBACK")
        other.close()

    tap(page, "[data-retry-issue]")
    expect(screen(page, "ticket")).to_be_visible()
    db.session.remove()
    assert db.session.scalar(select(func.count(Ticket.id))) == 1
