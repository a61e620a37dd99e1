"""A waiting-room panel in Chromium whose connection drops while PostgreSQL is down (issue 13, item 4): its
reconnection reaches the server during the outage and is refused, since nobody can be identified without the
database. The page tries again by itself, and once the database is back it is live again and shows the next
call, with no reload."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.faults import servers
from tests.faults.conftest import fault_pg, pg_setup  # noqa: F401 - the fault tests' PostgreSQL, used below
from tests.faults.panel import call_next, issue, watched_room
from tests.faults.proxy import Proxy
from tests.services import wait_until
from tests.shots import shot

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

WAIT = 30  # seconds: a guard against hanging, not an assertion


def test_panel_reconnecting_during_a_database_outage_comes_back(pg_setup: Flask,  # noqa: F811
                                                                fault_pg: servers.Postgres,  # noqa: F811
                                                                tmp_path: Path, new_page) -> None:
    tx, desk, area, kiosk, agent, panel_token = watched_room("asesor-panel")
    instance = servers.Instance(fault_pg.url, "", tmp_path / "a")
    base = instance.start()
    proxy = Proxy(urlsplit(base).port)
    try:
        for n in range(2):
            assert issue(base, kiosk, tx, f"panel-caida-{n:04d}").status_code == 201
        page = new_page(1920, 1080, reduced_motion="reduce")  # no call flash to draw while the test waits
        page.goto(f"http://127.0.0.1:{proxy.port}/display/{area}?token={panel_token}")
        expect(page.locator("#main")).to_have_attribute("data-connected", "1")

        fault_pg.stop()
        try:
            proxy.cut()
            expect(page.locator("#main")).to_have_attribute("data-connected", "0", timeout=WAIT * 1000)
            before = proxy.passed
            proxy.restore()
            # Its reconnection reaches the server while the database is down and is refused; a second connection
            # is the page trying again (a refused socket.io client never does so by itself).
            wait_until(lambda: proxy.passed >= before + 2, WAIT, "the panel refused, then trying again")
            expect(page.locator("#main")).to_have_attribute("data-connected", "0")
        finally:
            fault_pg.start()
        expect(page.locator("#main")).to_have_attribute("data-connected", "1", timeout=WAIT * 1000)
        called = call_next(base, desk, agent)  # called, then finished: it goes to «Últimos llamados»
        expect(page.locator("#history li .num")).to_have_text([called])
        shot(page, "panel_after_db_outage.png")
    finally:
        proxy.close()
        instance.stop()
