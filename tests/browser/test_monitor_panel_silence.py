"""A panel that stopped reporting (silent for more than 90 s while it still counts as connected) raises the
monitor's alert, like a queue past its goal (muted and disconnected panels: tests/browser/test_panel_sound.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core import clock
from core.panels import health
from tests.browser.snapshots import deliver, held_snapshot
from tests.browser.test_admin_pages import open_monitor
from tests.builders import make_area, make_device

pytestmark = pytest.mark.browser


def test_a_silent_panel_is_an_alert_on_the_monitor(live_server, new_page, axe) -> None:
    area = make_area()
    silent, _ = make_device("panel", "panel-callado", area=area.code)
    fresh, _ = make_device("panel", "panel-al-dia", area=area.code)
    health.report(silent.id, connected=True, seq=4, audio="ok", version="1",
                  now=clock.now() - timedelta(seconds=health.SILENT_AFTER_S + 30))
    health.report(fresh.id, connected=True, seq=4, audio="ok", version="1")
    monitor = open_monitor(new_page, live_server)
    silent_row = monitor.locator(f'#panel-rows tr[data-panel="{silent.id}"]')
    fresh_row = monitor.locator(f'#panel-rows tr[data-panel="{fresh.id}"]')
    expect(silent_row.locator(".status")).to_have_text("Sin reportar")
    expect(silent_row).to_have_attribute("data-alert", "1")
    expect(fresh_row.locator(".status")).to_have_text("En línea")
    expect(fresh_row).to_have_attribute("data-alert", "0")
    expect(monitor.locator("#panel-alerts")).to_contain_text("con alerta")
    assert axe(monitor) == []
    health.report(silent.id, connected=True, seq=5, audio="ok", version="1")  # it speaks again: live, no reload
    expect(silent_row.locator(".status")).to_have_text("En línea")
    expect(silent_row).to_have_attribute("data-alert", "0")


def test_a_report_newer_than_the_snapshot_on_its_way_stays(live_server, new_page, counter) -> None:
    """A panel goes off while the monitor's reconnect snapshot is on its way: that snapshot, read before, says
    «En línea»; arriving after the report, it must not hide the disconnection."""
    panel, _ = make_device("panel", "panel-sala", area=counter.area.code)
    health.report(panel.id, connected=True, seq=1, audio="ok", version="1", now=clock.now() - timedelta(seconds=5))
    monitor = open_monitor(new_page, live_server)
    status = monitor.locator(f'#panel-rows tr[data-panel="{panel.id}"] .status')
    expect(status).to_have_text("En línea")
    route, stale = held_snapshot(monitor)
    health.report(panel.id, connected=False)
    expect(status).to_have_text("Desconectado")
    deliver(monitor, route, stale, counter)
    expect(status).to_have_text("Desconectado")
