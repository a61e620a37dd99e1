"""A live screen that lost an event catches up by itself. An event sent by a process the screen is not connected to
never reaches it: the nightly `flask close-past-days` on a deployment without Redis between its processes. A panel
kept yesterday's waiting counts on the wall the next morning, and a desk console left on overnight its waiting
list, until the next event; each now finds the database's sequence ahead of its own (a panel in the answer to its
health report, a staff screen by asking, `staff_seq`) and resyncs (core/realtime/catch_up.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core import clock
from core.extensions import socketio
from core.panels import health
from core.realtime import catch_up
from core.tickets import day_close
from tests.browser.login import open_reception
from tests.browser.test_admin_pages import open_monitor, queue_row
from tests.browser.test_panel_desk import open_desk, open_panel
from tests.builders import make_counter
from tests.helpers import device_token, make_user

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

    close_elsewhere(monkeypatch, 2)

    expect(count).to_have_text("0")


def close_elsewhere(monkeypatch, expected: int) -> None:
    """Tonight's close of today's leftovers, run by another process: its events reach no socket of this server."""
    with monkeypatch.context() as lost:
        lost.setattr(socketio, "emit", lambda *_args, **_kwargs: None)
        closed = day_close.close_past_days(now=clock.now() + timedelta(days=1))
    assert len(closed) == expected


def test_a_desk_console_left_on_drops_what_the_night_closed(live_server, new_page, agent, counter,
                                                            monkeypatch) -> None:
    monkeypatch.setattr(catch_up, "CHECK_EVERY_S", 1)  # the pages' check interval: a second, not 30
    for _ in range(2):
        counter.issue()
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    waiting = page.locator("#waiting")
    expect(waiting.locator("tr")).to_have_count(2)

    close_elsewhere(monkeypatch, 2)

    expect(waiting).to_have_text("Nadie en espera.")


def test_reception_left_on_shows_what_the_night_closed(live_server, new_page, counter, monkeypatch) -> None:
    """Reception's list of today's tickets: «En espera» on a ticket the night cancelled sent the adviser looking
    for a customer who had left."""
    monkeypatch.setattr(catch_up, "CHECK_EVERY_S", 1)
    make_user("recepcion1", "reception")
    ticket = counter.issue()
    page = new_page(1600, 1000)
    with page.expect_response(lambda response: "/recepcion/fichas" in response.url):  # its reload on connect
        open_reception(page, live_server, "recepcion1")
    row = page.locator("[data-today] tr", has_text=ticket.label)
    expect(row).to_contain_text("En espera")

    close_elsewhere(monkeypatch, 1)

    expect(row).to_contain_text("Anulada")


def test_the_monitor_left_on_drops_what_the_night_closed(live_server, new_page, counter, monkeypatch) -> None:
    """A supervisor's live monitor on the wall: the queue's waiting count went on saying 2."""
    monkeypatch.setattr(catch_up, "CHECK_EVERY_S", 1)
    for _ in range(2):
        counter.issue()
    page = open_monitor(new_page, live_server)
    waiting = queue_row(page, counter).locator(".waiting")
    expect(waiting).to_have_text("2")

    close_elsewhere(monkeypatch, 2)

    expect(waiting).to_have_text("0")
