"""A waiting-room panel whose network drops while desks call: once back, the room hears every call whose desk
still waits for the customer, oldest first. Only the newest was announced, so a customer called by another desk
meanwhile was shown under «Últimos llamados» and never heard their number."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.tickets import desks
from tests.browser.test_panel_desk import open_panel
from tests.builders import make_counter
from tests.helpers import actor_for, device_token

pytestmark = pytest.mark.browser


def test_a_panel_back_from_a_cut_announces_every_call_still_awaited(live_server, new_page) -> None:
    counter = make_counter(desks=3)
    for _ in range(3):
        counter.issue()
    agents = [actor_for(f"asesor-corte{n}", "agent") for n in range(3)]
    panel = open_panel(new_page, live_server, device_token("panel", "panel-corte", area=counter.area.code),
                       counter.area.code)
    panel.context.set_offline(True)
    expect(panel.locator("#main")).to_have_attribute("data-connected", "0")

    desks.call_next(counter.desks[0], actor=agents[0])
    desks.start(counter.desks[0], actor=agents[0])  # the customer is already at that desk: nothing to announce
    desks.call_next(counter.desks[1], actor=agents[1])
    desks.call_next(counter.desks[2], actor=agents[2])

    panel.context.set_offline(False)
    expect(panel.locator("#current .num")).to_have_text(counter.number(3))
    panel.wait_for_function("() => window.__announcements.length >= 2")
    said = panel.evaluate("window.__announcements.map((a) => a.number)")
    assert said == [counter.number(2), counter.number(3)]
