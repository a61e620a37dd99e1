"""The live monitor flags a queue whose customers no open desk can call, and says since when a desk with nobody at
it is paused or free, live, at 1366×768."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.tickets import desk_shifts
from tests.browser.login import signed_in
from tests.helpers import actor_for, make_user

pytestmark = pytest.mark.browser


def open_monitor(new_page, server) -> Page:
    make_user("supervisora", "supervisor")
    page = new_page(1366, 768)
    with page.expect_response("**/admin/monitor/snapshot"):  # the resync that follows the socket's connect
        signed_in(page, server, "supervisora", "/admin/monitor")
    expect(page.locator("#live-status")).to_have_text("En vivo")
    return page


def test_a_queue_nobody_can_call_is_flagged_live(live_server, new_page, counter) -> None:
    """Two customers wait and the queue's only desk is closed: flagged. The desk opens: the flag goes; it pauses:
    «solo mesones en pausa», and the desk's row says since when; it resumes: free since then."""
    agent = actor_for("asesor1", "agent")
    counter.issue()
    counter.issue()
    page = open_monitor(new_page, live_server)
    row = page.locator(f'tr[data-queue="{counter.queue.code}"]')
    flag = row.locator(".cover")
    expect(flag).to_have_text("Ningún mesón abierto atiende esta cola")

    desk_shifts.sign_in(counter.desk, actor=agent)
    expect(flag).to_be_hidden()
    desk_row = page.locator(f'tr[data-desk="{counter.desk}"]')
    expect(desk_row.locator(".elapsed")).to_have_text(re.compile(r"^0:\d\d · libre desde \d\d:\d\d$"))

    desk_shifts.pause(counter.desk, actor=agent)
    expect(flag).to_have_text("Ningún mesón abierto atiende esta cola: solo mesones en pausa")
    expect(desk_row.locator(".state")).to_have_text("En pausa")
    expect(desk_row.locator(".elapsed")).to_have_text(re.compile(r"^0:\d\d · desde \d\d:\d\d$"))

    desk_shifts.resume(counter.desk, actor=agent)
    expect(flag).to_be_hidden()
    expect(desk_row.locator(".elapsed")).to_have_text(re.compile(r"^0:\d\d · libre desde \d\d:\d\d$"))
