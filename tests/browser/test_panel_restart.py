"""Panels survive a server crash: they show *sin conexión*, then resync and show what happened meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from core.tickets import desks
from tests.builders import Counter, make_counter
from tests.display.live_process import ProcessServer
from tests.helpers import actor_for, bearer, device_token, token_for

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


@dataclass
class Room:
    counter: Counter  # one queue served by three desks
    area: str
    queue: str
    prefix: str

    def number(self, n: int) -> str:
        return f"{self.prefix}-{n:03d}"


@pytest.fixture
def room(app) -> Room:
    """Read once here: the test's session must hold no read transaction while the server process writes."""
    counter = make_counter(desks=3)
    return Room(counter, counter.area.code, counter.queue.code, counter.queue.prefix)


@pytest.fixture
def panel(server: ProcessServer, new_page, room: Room) -> Page:
    for _ in range(4):
        room.counter.issue()
    page = new_page(1920, 1080, reduced_motion="reduce")  # no call flash to draw while the test waits
    token = device_token("panel", "panel-plataforma", area=room.area)
    page.goto(f"{server.url}/display/{room.area}?token={token}")
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")
    return page


def test_calls_made_while_the_server_was_down_appear_after_restart(server, panel, room) -> None:
    """Kill -9 the server, call two tickets directly in the database, restart: the panel shows them."""
    first, second, third = room.counter.desks
    api = token_for("integrador", "agent")
    response = panel.request.post(f"{server.url}/api/v1/desks/{first}/call-next", headers=bearer(api))
    assert response.status == 200, response.text()
    expect(panel.locator("#current .num")).to_have_text(room.number(1))

    server.kill()
    expect(panel.locator("#offline")).to_be_visible()
    agent = actor_for("asesor2", "agent")
    desks.call_next(second, actor=agent)  # number 2, while no server runs
    desks.call_next(third, actor=actor_for("asesor3", "agent"))  # number 3

    server.start()
    expect(panel.locator("#offline")).to_be_hidden(timeout=15_000)
    expect(panel.locator("#current .num")).to_have_text(room.number(3))
    expect(panel.locator("#history li .num")).to_have_text([room.number(2), room.number(1)])
    expect(panel.locator(f"#waiting li[data-queue={room.queue}] .count")).to_have_text("1")


def test_panel_reloads_itself_after_a_deploy(server, panel) -> None:
    """A server restarted with a new version makes the panel reload the page (new JS and CSS)."""
    panel.evaluate("window.__before_deploy = true")
    server.kill()
    expect(panel.locator("#offline")).to_be_visible()
    server.start(version="2")
    expect(panel.locator("#main")).to_have_attribute("data-version", "2", timeout=15_000)
    assert panel.evaluate("window.__before_deploy === undefined")


def test_sequence_gap_makes_the_panel_resync(server, panel, room) -> None:
    """A call the panel never heard of (made by another process) shows up through the snapshot it asks for."""
    first, second, _third = room.counter.desks
    desks.call_next(second, actor=actor_for("asesor2", "agent"))  # number 1: no server process emits it
    api = token_for("integrador", "agent")
    assert panel.request.post(f"{server.url}/api/v1/desks/{first}/call-next", headers=bearer(api)).status == 200
    expect(panel.locator("#current .num")).to_have_text(room.number(2))
    expect(panel.locator("#history li .num")).to_have_text([room.number(1)])
