# ruff: noqa: F811 (open_kiosk and demo are fixtures imported from test_kiosk)
"""The answer to «issue my ticket» lost on the way back (the network): the ticket was issued and is printing, while
the screen said «No pudimos emitir su ficha». The kiosk resends with the same idempotency key before saying so, and
keeps the request: «Inicio», or the next attempt at the same trámite, shows the ticket that was issued, never a
second one."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.test_kiosk import (  # noqa: F401 (demo and open_kiosk are fixtures)
    demo,
    open_kiosk,
    screen,
    tap,
    tickets,
)

pytestmark = pytest.mark.browser


class LostAnswers:
    """The kiosk's ticket requests reach the server, which issues; the first `lost` answers never come back."""

    def __init__(self, page: Page, lost: int) -> None:
        self.lost = lost
        self.keys: list[str] = []
        page.route("**/api/v1/tickets", self.handle)

    def handle(self, route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        self.keys.append(json.loads(route.request.post_data)["idempotency_key"])
        if len(self.keys) > self.lost:
            route.continue_()
            return
        route.fetch()  # the server issues the ticket (and queues its printout)...
        route.abort("connectionreset")  # ...and its answer is lost


def choose(page: Page, preference: str = "none") -> None:
    tap(page, '[data-go="tramite"]')
    tap(page, '[data-go="cat:VENTA"]')
    tap(page, '[data-tx="V_EQUIPOS"]')
    tap(page, "[data-confirm]")
    tap(page, f'[data-pref="{preference}"]')


def lost_then_home(page: Page):
    """Every answer lost: «No pudimos emitir su ficha»; «Inicio», still without an answer, goes home. The network
    then comes back. Returns the ticket the lost request issued."""
    LostAnswers(page, lost=100)
    choose(page)
    expect(page.locator("[data-issuing-title]")).to_have_text("No pudimos emitir su ficha")
    tap(page, '[data-nav="home"]:not([data-nav-done])')
    expect(screen(page, "home")).to_be_visible()
    [ticket] = tickets()
    page.unroute("**/api/v1/tickets")
    return ticket


def test_a_lost_answer_is_asked_again_before_the_customer_is_told(open_kiosk) -> None:
    """One answer lost: the kiosk asks again with the same key and shows the ticket; no «No pudimos emitir»."""
    page = open_kiosk()
    lost = LostAnswers(page, lost=1)
    choose(page)
    expect(screen(page, "ticket")).to_be_visible()
    [ticket] = tickets()
    expect(screen(page, "ticket").locator('[data-field="number"]')).to_have_text(ticket.label)
    assert len(lost.keys) == 2 and len(set(lost.keys)) == 1


def test_inicio_after_a_lost_answer_shows_the_ticket_that_was_issued(open_kiosk) -> None:
    """Every answer lost: «No pudimos emitir su ficha». The network back, the customer touches «Inicio»: the kiosk
    first asks for that request once more, with its key, and shows the ticket that is printing."""
    page = open_kiosk()
    lost = LostAnswers(page, lost=10)
    choose(page)
    expect(page.locator("[data-issuing-title]")).to_have_text("No pudimos emitir su ficha")
    [ticket] = tickets()
    page.unroute("**/api/v1/tickets")  # the network is back
    tap(page, '[data-nav="home"]:not([data-nav-done])')
    expect(screen(page, "ticket")).to_be_visible()
    expect(screen(page, "ticket").locator('[data-field="number"]')).to_have_text(ticket.label)
    assert [t.id for t in tickets()] == [ticket.id]
    assert len(set(lost.keys)) == 1


def test_starting_again_after_a_lost_answer_gives_the_same_ticket(open_kiosk) -> None:
    """Still no answer when the customer touches «Inicio»: home. They choose the same trámite again once the network
    is back, and get the ticket the first request issued, not a second one."""
    page = open_kiosk()
    ticket = lost_then_home(page)
    choose(page)
    expect(screen(page, "ticket")).to_be_visible()
    expect(screen(page, "ticket").locator('[data-field="number"]')).to_have_text(ticket.label)
    assert [t.id for t in tickets()] == [ticket.id]


def test_after_the_kiosk_went_home_by_itself_the_next_customer_gets_a_ticket_of_their_own(app, open_kiosk) -> None:
    """Still no answer, and the customer walks away: the kiosk goes home by itself. The next customer choosing the
    same trámite gets a ticket of their own, not the one the earlier request may have issued (printed for someone
    who left, or taken by them)."""
    app.config["KIOSK_IDLE_SECONDS"] = 10  # after the kiosk's two resends (1 s, then 3 s)
    app.config["KIOSK_WARN_SECONDS"] = 1
    page = open_kiosk()
    LostAnswers(page, lost=100)
    choose(page)
    expect(page.locator("[data-issuing-title]")).to_have_text("No pudimos emitir su ficha", timeout=20_000)
    expect(screen(page, "home")).to_be_visible(timeout=30_000)  # nobody touched it
    [first] = tickets()
    page.unroute("**/api/v1/tickets")
    choose(page)
    expect(screen(page, "ticket")).to_be_visible()
    second = [t for t in tickets() if t.id != first.id]
    assert len(second) == 1
    expect(screen(page, "ticket").locator('[data-field="number"]')).to_have_text(second[0].label)


def test_another_preference_after_a_lost_answer_is_a_ticket_of_its_own(open_kiosk) -> None:
    """Still no answer when «Inicio» is touched. The same trámite is then chosen as «Adulto mayor»: another
    customer's request (or another one of theirs), which gets its own preferential ticket, never the lost one."""
    page = open_kiosk()
    first = lost_then_home(page)
    choose(page, "adulto_mayor")
    expect(screen(page, "ticket")).to_be_visible()
    second = [t for t in tickets() if t.id != first.id]
    assert len(second) == 1 and second[0].preferential == "adulto_mayor"
