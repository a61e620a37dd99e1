"""The nightly `close-desks` (or a supervisor) closes a desk whose console is still open: the console says
«Cerrado», with nobody at it, and its next call opens it again in the agent's name, at 1366×768."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.tickets import desk_shifts
from tests.browser.test_panel_desk import open_desk
from tests.shots import shot

pytestmark = pytest.mark.browser


def test_a_desk_closed_under_its_console_says_so(live_server, new_page, agent, counter, axe) -> None:
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    expect(page.locator("#desk-state")).to_have_text("Abierto")
    expect(page.locator("#desk-agent")).not_to_have_text("—")
    counter.issue()

    closed, _kept = desk_shifts.close_for_the_night()
    assert [desk.code for desk in closed] == [counter.desk]
    expect(page.locator("#desk-state")).to_have_text("Cerrado")
    expect(page.locator("#desk-agent")).to_have_text("—")
    expect(page.locator("#desk-closed")).to_have_text("Este mesón fue cerrado: «Llamar siguiente» lo vuelve a abrir.")
    shot(page, "desk-closed-1366x768.png")
    assert axe(page) == []

    page.click("[data-action=call-next]")
    expect(page.locator("#console")).to_have_attribute("data-current", counter.number(1))
    expect(page.locator("#desk-state")).to_have_text("Abierto")
    expect(page.locator("#desk-agent")).not_to_have_text("—")
    expect(page.locator("#desk-closed")).to_be_hidden()
