"""The desk console lists waiting tickets in the order *Llamar siguiente* will take them, at 1366×768."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core import clock
from core.actors import SYSTEM, Actor
from core.extensions import db
from core.people import users
from core.tickets import desks, engine
from tests.helpers import KIOSK_TX, PASSWORD, make_user

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("TURNERO_SCREENSHOTS")  # a folder: save screenshots there to look at them


def open_console(new_page, server, width: int = 1366, height: int = 768, desk: str = "P01"):
    page = new_page(width, height)
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", "asesor1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url("**/desk")
    page.select_option("select[name=desk]", desk)
    page.click("#desk-choice button[type=submit]")
    expect(page.locator("#live")).to_have_attribute("data-state", "online")
    return page


def busy_office() -> None:
    """25 waiting: a normal ticket past the maximum wait, preferential ones among normal ones, one
    transferred in from another queue, one with its account check pending."""
    now = clock.now()
    engine.issue_ticket(KIOSK_TX, actor=SYSTEM, now=now - timedelta(minutes=40))  # past the max-wait guard
    kinds = [None, None, "adulto_mayor", None, "embarazada", None, None, "discapacidad", None, "adulto_mayor"]
    for i in range(22):
        engine.issue_ticket(KIOSK_TX, actor=SYSTEM, preferential=kinds[i % len(kinds)],
                            verification="unverified" if i == 5 else "none",
                            verification_note="Smartflex no respondió" if i == 5 else "",
                            now=now - timedelta(minutes=10) + timedelta(seconds=20 * i))
    moved = engine.issue_ticket("V_CREDITO", actor=SYSTEM, now=now - timedelta(minutes=9))
    engine.transfer(moved.id, actor=SYSTEM, queue="PLAT")
    engine.issue_ticket(KIOSK_TX, actor=SYSTEM, preferential="discapacidad", now=now - timedelta(minutes=1))


def test_waiting_list_is_the_call_order(live_server, new_page, app) -> None:
    """With 25 waiting, the first 10 rows at 1366×768 are visible and are the next 10 *Llamar siguiente*."""
    make_user("asesor1", "agent")
    busy_office()
    page = open_console(new_page, live_server)
    rows = page.locator("#waiting tr")
    expect(rows).to_have_count(25)
    for i in range(10):  # ten rows fit on the screen without scrolling (the list may re-render meanwhile)
        expect(rows.nth(i), f"row {i + 1} is below the fold").to_be_in_viewport(ratio=1)
    listed = [rows.nth(i).get_attribute("data-ticket") for i in range(10)]
    expect(page.locator("#waiting .tag.pref").first).to_be_visible()
    expect(page.locator("#waiting .tag.transferred")).to_have_count(1)
    expect(page.locator("#waiting .tag.unverified")).to_have_count(1)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/desk-1366x768.png")
    agent = Actor.of_user(users.find_user("asesor1"))
    called = []
    for _ in range(10):
        called.append(desks.call_next("P01", actor=agent).label)
        desks.finish("P01", actor=agent)
    db.session.remove()
    assert listed == called
    assert called[0] == "A-001"  # the max-wait case goes first
