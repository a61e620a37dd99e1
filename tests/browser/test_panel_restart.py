"""Panels survive a server crash: they show *sin conexión*, then resync and show what happened meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from core.actors import SYSTEM
from core.tickets import desks, engine
from tests.display.live_process import ProcessServer
from tests.helpers import KIOSK_TX, actor_for, bearer, device_token, token_for

pytestmark = pytest.mark.browser


@pytest.fixture
def server(app, db_url: str) -> Iterator[ProcessServer]:
    """The app's database file served by a separate process that the test can kill and restart."""
    proc = ProcessServer(db_url, Path(app.instance_path))
    try:
        proc.start()
        yield proc
    finally:
        proc.close()


@pytest.fixture
def panel(server: ProcessServer, new_page) -> Page:
    for _ in range(4):
        engine.issue_ticket(KIOSK_TX, actor=SYSTEM)
    page = new_page(1920, 1080)
    page.goto(f"{server.url}/display/PLAT?token={device_token('panel', 'panel-plataforma', area='PLAT')}")
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")
    return page


def test_calls_made_while_the_server_was_down_appear_after_restart(server, panel) -> None:
    """Kill -9 the server, call two tickets directly in the database, restart: the panel shows them."""
    api = token_for("integrador", "agent")
    response = panel.request.post(f"{server.url}/api/v1/desks/P01/call-next", headers=bearer(api))
    assert response.status == 200, response.text()
    expect(panel.locator("#current .num")).to_have_text("A-001")

    server.kill()
    expect(panel.locator("#offline")).to_be_visible()
    agent = actor_for("asesor2", "agent")
    desks.call_next("P02", actor=agent)  # A-002, while no server runs
    desks.call_next("P03", actor=actor_for("asesor3", "agent"))

    server.start()
    expect(panel.locator("#offline")).to_be_hidden(timeout=15_000)
    expect(panel.locator("#current .num")).to_have_text("A-003")
    expect(panel.locator("#history li .num")).to_have_text(["A-002", "A-001"])
    expect(panel.locator("#waiting li[data-queue=PLAT] .count")).to_have_text("1")


def test_panel_reloads_itself_after_a_deploy(server, panel) -> None:
    """A server restarted with a new version makes the panel reload the page (new JS and CSS)."""
    panel.evaluate("window.__before_deploy = true")
    server.kill()
    expect(panel.locator("#offline")).to_be_visible()
    server.start(version="2")
    expect(panel.locator("#main")).to_have_attribute("data-version", "2", timeout=15_000)
    assert panel.evaluate("window.__before_deploy === undefined")


def test_sequence_gap_makes_the_panel_resync(server, panel) -> None:
    """A call the panel never heard of (made by another process) shows up through the snapshot it asks for."""
    desks.call_next("P02", actor=actor_for("asesor2", "agent"))  # no server process emits it
    api = token_for("integrador", "agent")
    assert panel.request.post(f"{server.url}/api/v1/desks/P01/call-next", headers=bearer(api)).status == 200
    expect(panel.locator("#current .num")).to_have_text("A-002")
    expect(panel.locator("#history li .num")).to_have_text(["A-001"])
