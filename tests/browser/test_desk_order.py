"""The desk console lists waiting tickets in the order *Llamar siguiente* will take them, at 1366×768."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core import clock
from core.actors import SYSTEM, Actor
from core.extensions import db
from core.people import users
from core.tickets import desks, engine
from tests.browser.login import signed_in
from tests.browser.test_panel_desk import open_desk
from tests.builders import Counter, make_ticket, make_transaction
from tests.helpers import make_user
from tests.shots import shot

pytestmark = pytest.mark.browser


def busy_office(counter: Counter) -> None:
    """25 waiting at the counter: a normal ticket past the maximum wait, preferential ones among normal ones,
    one transferred in from another queue, one with its account check pending."""
    now = clock.now()
    counter.issue(now=now - timedelta(minutes=40))  # past the max-wait guard
    kinds = [None, None, "adulto_mayor", None, "embarazada", None, None, "discapacidad", None, "adulto_mayor"]
    for i in range(22):
        counter.issue(preferential=kinds[i % len(kinds)], verification="unverified" if i == 5 else "none",
                      verification_note="Smartflex no respondió" if i == 5 else "",
                      now=now - timedelta(minutes=10) + timedelta(seconds=20 * i))
    moved = make_ticket(make_transaction(), now=now - timedelta(minutes=9))
    engine.transfer(moved.id, actor=SYSTEM, queue=counter.queue.code)
    counter.issue(preferential="discapacidad", now=now - timedelta(minutes=1))


def test_waiting_list_is_the_call_order(live_server, new_page, counter) -> None:
    """With 25 waiting, the first 10 rows at 1366×768 are visible and are the next 10 *Llamar siguiente*."""
    make_user("asesor1", "agent")
    busy_office(counter)
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    rows = page.locator("#waiting tr[data-ticket]")
    expect(rows).to_have_count(25)
    for i in range(10):  # ten rows fit on the screen without scrolling (the list may re-render meanwhile)
        expect(rows.nth(i), f"row {i + 1} is below the fold").to_be_in_viewport(ratio=1)
    listed = [rows.nth(i).get_attribute("data-ticket") for i in range(10)]
    expect(page.locator("#waiting .tag.pref").first).to_be_visible()
    expect(page.locator("#waiting .tag.transferred")).to_have_count(1)
    expect(page.locator("#waiting .tag.unverified")).to_have_count(1)
    shot(page, "desk-1366x768.png")
    agent = Actor.of_user(users.find_user("asesor1"))
    first = counter.number(1)  # read before the session is dropped below
    called = []
    for _ in range(10):
        called.append(desks.call_next(counter.desk, actor=agent).label)
        desks.finish(counter.desk, actor=agent)
    db.session.remove()
    assert listed == called
    assert called[1] == first  # the max-wait case goes once the desk has called one preferential ticket


def test_the_list_follows_the_clock_when_a_normal_ticket_passes_the_max_wait(live_server, new_page, counter) -> None:
    """Nobody acts, yet the order turns: a normal ticket passing the max wait goes before the next preferential
    one. The console reads its state again at that moment, so its first row stays the one «Llamar siguiente»
    calls, and the «Espera» cells keep counting meanwhile (they stood still until the next event)."""
    from tests.helpers import FrozenClock
    from tests.tickets.test_policy import store_settings

    frozen = FrozenClock()
    store_settings(preferential_ratio=2, normal_max_wait_min=1)
    agent = Actor.of_user(make_user("asesor1", "agent"))
    counter.issue(preferential="adulto_mayor")
    desks.call_next(counter.desk, actor=agent)  # the desk's streak: one preferential call
    desks.finish(counter.desk, actor=agent)
    normal_label = counter.issue().label
    frozen.advance(seconds=50)
    elder_label = counter.issue(preferential="adulto_mayor").label

    # The page's clock stopped before the console opens, so its «Espera» cells count only in run_for: on the
    # flowing clock «0:50», and «0:55» after run_for, each held for one real second, less than a busy machine can
    # take between the console's read and the test's.
    page = new_page(1366, 768)
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # in seconds: 1 s on
    signed_in(page, live_server, "asesor1", "/desk")
    page.select_option("select[name=desk]", counter.desk)
    page.click("#desk-choice button[type=submit]")
    expect(page.locator("#live")).to_have_attribute("data-state", "online")
    with page.expect_response("**/desk/state"):  # the read the console asks for once connected, 150 ms later
        page.clock.run_for(200)
    expect(page.locator("#console")).to_have_attribute("data-desk", counter.desk)
    first = page.locator("#waiting tr[data-ticket]").first
    expect(first).to_have_attribute("data-ticket", elder_label)  # the streak allows a second preferential call
    waited = first.locator("xpath=following-sibling::tr[1]/td[4]")  # the normal ticket's «Espera»
    expect(waited).to_have_text("0:50")
    page.clock.run_for(5_000)
    expect(waited).to_have_text("0:55")  # it counts on between reads
    frozen.advance(seconds=11)  # the normal ticket has now waited past the max wait
    with page.expect_response("**/desk/state"):
        page.clock.run_for(6_500)  # past the turn (11 s after the read), well before any periodic catch-up (30 s)
    expect(first).to_have_attribute("data-ticket", normal_label)
    db.session.remove()
    assert desks.call_next(counter.desk, actor=agent).label == normal_label
