"""The nightly close did not run: the monitor names yesterday's customers still «En espera» apart from today's
waits, and the supervisor cancels them from there, at 1366×768."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_monitor_cover import open_monitor
from tests.helpers import FrozenClock

pytestmark = pytest.mark.browser


def test_the_supervisor_cancels_the_past_days_left_waiting(live_server, new_page, counter, axe) -> None:
    clock = FrozenClock()
    counter.issue()
    counter.issue()
    clock.advance(days=1)
    counter.issue()
    page = open_monitor(new_page, live_server)
    box = page.locator("#left-waiting")
    expect(box).to_be_visible()
    expect(box).to_contain_text("2 fichas de días anteriores siguen «En espera»")
    row = page.locator(f'tr[data-queue="{counter.queue.code}"]')
    expect(row.locator("td.num").first).to_have_text("1")  # today's customer only
    assert axe(page) == []

    page.once("dialog", lambda dialog: dialog.accept())
    box.get_by_role("button", name="Anular fichas de días anteriores").click()
    expect(page.get_by_text("Se anularon 2 fichas de días anteriores.")).to_be_visible()
    expect(page.locator("#left-waiting")).to_be_hidden()
    expect(page.locator(f'tr[data-queue="{counter.queue.code}"] td.num').first).to_have_text("1")
