"""The desk console never settles on a state read that started before the agent's action."""

from __future__ import annotations

import pytest
from playwright.sync_api import Route, expect

from tests import services
from tests.browser.test_panel_desk import open_desk

pytestmark = pytest.mark.browser


def test_an_action_during_a_state_read_is_shown_once_the_reads_settle(live_server, new_page, agent,
                                                                       counter) -> None:
    """A live event starts a read of the desk's state; before it answers, the agent presses «Llamar siguiente».
    That read answers with the state from before the call; the console must not settle on it: it shows the
    called ticket, «Finalizar» enabled. (The console reads again after a read that an action or event met on
    its way; the call's own live event usually reads again too, so this does not pin the race down alone.)"""
    counter.issue()
    page = open_desk(new_page, live_server, desk=counter.desk)
    held: list[tuple[Route, object]] = []

    def hold_the_first_read(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))  # the state as it is now, answered after the call

    page.route("**/desk/state", hold_the_first_read)
    with page.expect_request("**/desk/state"):
        counter.issue()  # a live ticket_changed for this desk's queue makes the console read its state
    # The handler runs between Playwright calls: it has the state from before the call once it has appended.
    services.wait_until(lambda: page.evaluate("() => true") and held, 20, "the console's held state read")
    with page.expect_response(lambda response: response.url.endswith("/call-next")):
        page.click("[data-action=call-next]")
    route, before_the_call = held[0]
    route.fulfill(response=before_the_call)
    expect(page.locator("#console")).to_have_attribute("data-current", counter.number(1))
    expect(page.locator("[data-action=finish]")).to_be_enabled()
