"""A panel that lost an event catches up by itself. An event sent by a process the panel is not connected to never
reaches it: the nightly `flask close-past-days` on a deployment without Redis between its processes. The panel kept
yesterday's waiting counts on the wall the next morning, until its room's next event; its health report now finds
the room's sequence ahead of its own, and it asks for the snapshot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core import clock
from core.extensions import socketio
from core.panels import health
from core.tickets import day_close
from tests.browser.test_panel_desk import open_panel
from tests.builders import make_counter
from tests.helpers import device_token

pytestmark = pytest.mark.browser


def test_counts_closed_by_another_process_leave_the_panel(live_server, new_page, monkeypatch) -> None:
    room = make_counter()
    for _ in range(2):
        room.issue()
    monkeypatch.setattr(health, "REPORT_EVERY_S", 1)  # the page's report interval: a second, not 30
    token = device_token("panel", "panel-sala", area=room.area.code)
    panel = open_panel(new_page, live_server, token, room.area.code)
    count = panel.locator(f'#waiting li[data-queue="{room.queue.code}"] .count')
    expect(count).to_have_text("2")

    with monkeypatch.context() as lost:  # the close runs elsewhere: its events reach no socket of this server
        lost.setattr(socketio, "emit", lambda *_args, **_kwargs: None)
        closed = day_close.close_past_days(now=clock.now() + timedelta(days=1))
    assert len(closed) == 2

    expect(count).to_have_text("0")
