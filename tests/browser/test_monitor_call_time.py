"""The monitor's «Tiempo» for a called ticket counts from the desk's first call, as the desk's console does
(core/tickets/desks.py first_call_here): a recall does not restart it, neither on loading nor live."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core import clock
from core.tickets import desk_shifts, desks
from tests.browser.test_monitor_cover import open_monitor
from tests.browser.test_panel_desk import open_desk

pytestmark = pytest.mark.browser


def test_a_recall_does_not_restart_the_monitors_time(live_server, new_page, agent, counter) -> None:
    """Called twenty minutes ago, recalled a minute ago: the monitor says 20:xx, as the console's card; recalled again
    while the monitor is open, still over 20 minutes (a restarted count would read 0:xx or 1:xx). Twenty, so a slow
    machine taking seconds to open the pages cannot change the minute the test reads."""
    counter.issue()
    desk_shifts.sign_in(counter.desk, actor=agent)
    desks.call_next(counter.desk, actor=agent, now=clock.now() - timedelta(minutes=20))
    desks.recall(counter.desk, actor=agent, now=clock.now() - timedelta(minutes=1))
    monitor = open_monitor(new_page, live_server)
    elapsed = monitor.locator(f'tr[data-desk="{counter.desk}"] .elapsed')
    expect(elapsed).to_have_text(re.compile(r"^2[01]:\d\d$"))
    console = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    expect(console.locator("#elapsed")).to_contain_text(re.compile(r"hace 2[01]:\d\d"))  # the console's own rule

    recalls = monitor.locator("#event-rows tr", has_text="Rellamado")
    expect(recalls).to_have_count(1)
    desks.recall(counter.desk, actor=agent)
    expect(recalls).to_have_count(2)  # the live event has landed
    expect(monitor.locator(f'tr[data-desk="{counter.desk}"] .ticket')).to_contain_text("(llamada)")
    expect(elapsed).to_have_text(re.compile(r"^2[01]:\d\d$"))
