"""The live monitor flags a queue whose customers no open desk can call (all of them, or those sent to one closed or
paused desk), and says since when a desk with nobody at it is paused or free, live, at 1366×768."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from core.models import Desk
from core.org.desk_names import desk_named
from core.tickets import desk_shifts
from tests.browser.login import signed_in
from tests.builders import make_counter, make_ticket, make_transaction
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


def test_tickets_waiting_for_a_closed_or_paused_desk_are_flagged(live_server, new_page, agent) -> None:
    """Trámites the catalogue sends to one desk wait for that desk alone: with it closed, the queue's other desk open
    does not call them, and the queue says so («2 fichas esperan a …, que está cerrado»), live: gone when that
    desk opens, back («… en pausa») when it pauses."""
    counter = make_counter(desks=2)
    desk_shifts.sign_in(counter.desks[0], actor=agent)
    only = db.session.scalar(select(Desk).where(Desk.code == counter.desks[1]))
    routed = make_transaction(counter.queue, desk=only).code
    to = f"al {desk_named(only.name)[3:]}" if desk_named(only.name).startswith("el ") else f"a {only.name}"
    make_ticket(routed)
    make_ticket(routed)
    counter.issue()  # one the open desk calls: no flag for it
    page = open_monitor(new_page, live_server)
    flag = page.locator(f'tr[data-queue="{counter.queue.code}"] .cover')
    expect(flag).to_have_text(f"2 fichas esperan {to}, que está cerrado")

    other = actor_for("asesor2", "agent")
    desk_shifts.sign_in(counter.desks[1], actor=other)
    expect(flag).to_be_hidden()
    desk_shifts.pause(counter.desks[1], actor=other)
    expect(flag).to_have_text(f"2 fichas esperan {to}, que está en pausa")
