"""Issue 13 on a real panel: a call is one message, and the waiting counts the room reads change with it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.actors import SYSTEM
from core.tickets import desks
from tests.browser.test_panel_desk import open_panel
from tests.builders import make_counter
from tests.helpers import device_token
from tests.shots import shot

pytestmark = pytest.mark.browser

# Before any page script: record the name of every Socket.IO event the page's socket receives.
RECORD_EVENTS = """
(() => {
  let real;
  window.__events = [];
  Object.defineProperty(window, "io", {
    configurable: true,
    get: () => real,
    set: (io) => {
      const wrapped = (...args) => {
        const socket = io(...args);
        socket.onAny((name) => window.__events.push(name));
        return socket;
      };
      real = Object.assign(wrapped, io);
    },
  });
})();
"""


def test_the_waiting_count_drops_with_the_call_alone(live_server, new_page) -> None:
    """Three waiting: the panel lists 3; a desk calls one: the panel shows the number and lists 2, and the only
    message it got for that call is `ticket_called` (no `queue_changed` after it)."""
    room = make_counter()
    for _ in range(3):
        room.issue()
    token = device_token("panel", "panel-sala", area=room.area.code)
    page = new_page(1920, 1080, reduced_motion="reduce")
    page.add_init_script(RECORD_EVENTS)
    panel = open_panel(lambda *_size, **_options: page, live_server, token, room.area.code)
    count = panel.locator(f'#waiting li[data-queue="{room.queue.code}"] .count')
    expect(count).to_have_text("3")
    panel.evaluate("window.__events.length = 0")

    called = desks.call_next(room.desk, actor=SYSTEM)

    expect(panel.locator("#current .num")).to_have_text(called.label)
    expect(count).to_have_text("2")
    assert panel.evaluate("window.__events") == ["ticket_called"]
    shot(panel, "panel-waiting-after-call.png")
