"""«Llamando» on a real panel: an honest empty state at opening, and a finished call leaves it at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.actors import SYSTEM
from core.tickets import engine
from tests.browser.test_panel_desk import open_desk, open_panel
from tests.helpers import device_token, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def room(app, counter):
    """An agent, a panel for the counter's room and two waiting tickets."""
    make_user("asesor1", "agent")
    token = device_token("panel", "panel-sala", area=counter.area.code)
    for _ in range(2):
        engine.issue_ticket(counter.tx, actor=SYSTEM)
    return counter, token


def test_opening_panel_says_wait_for_your_turn(live_server, new_page, room) -> None:
    """No call yet: «Espere su turno», nothing that reads as a call (no «Bienvenido», no number)."""
    counter, token = room
    panel = open_panel(new_page, live_server, token, area=counter.area.code)
    expect(panel.locator("#current .idle")).to_have_text("Espere su turno")
    expect(panel.locator("#current")).not_to_contain_text("Bienvenido")
    expect(panel.locator("#current .num")).to_have_count(0)


def test_llamando_clears_after_finish(live_server, new_page, room) -> None:
    """The desk calls and then finishes: the number leaves «Llamando» without a reload and is listed as served."""
    counter, token = room
    desk = open_desk(new_page, live_server, desk=counter.desk)
    panel = open_panel(new_page, live_server, token, area=counter.area.code)
    panel.evaluate("window.__sameDocument = true")
    desk.click("[data-action=call-next]")
    number = panel.locator("#current .num")
    expect(number).to_have_count(1)
    called = number.inner_text()
    expect(desk.locator("#console")).to_have_attribute("data-current", called)
    desk.keyboard.press("f")
    desk.click("#dlg-finish button[type=submit]")
    expect(panel.locator("#current .num")).to_have_count(0)
    expect(panel.locator("#current .idle")).to_have_text("Espere su turno")
    expect(panel.locator("#history li .num")).to_have_text([called])
    assert panel.evaluate("window.__sameDocument === true")
    panel.reload()  # the snapshot agrees with what the live event left
    expect(panel.locator("#main")).to_have_attribute("data-connected", "1")
    expect(panel.locator("#current .num")).to_have_count(0)
    expect(panel.locator("#history li .num")).to_have_text([called])
