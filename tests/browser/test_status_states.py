"""The status page on a 390 px phone (issue 10): the message of every state arrives live, nothing scrolls
sideways, axe-core finds nothing serious; a wrong link is a customer page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.actors import SYSTEM
from core.tickets import desk_shifts, desks, engine
from tests.builders import make_counter, make_transaction
from tests.helpers import no_show_at_once
from tests.shots import shot

pytestmark = pytest.mark.browser
PHONE = (390, 844)
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def open_phone(new_page, url: str) -> Page:
    page = new_page(*PHONE, has_touch=True, is_mobile=True)
    page.goto(url)
    return page


def message(page: Page):
    return page.locator("[data-messages] [data-for]:visible")


def check(page: Page, axe, name: str, expected: str) -> None:
    """The one visible message, no sideways scroll, no serious axe violation; a screenshot to look at."""
    expect(message(page)).to_have_count(1)
    expect(message(page)).to_contain_text(expected)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), name
    shot(page, f"status-{name}.png", full_page=True)
    assert axe(page) == [], name


@pytest.fixture
def long_counter(app):
    """A trámite with long requirements and a long desk name: the worst case for a narrow phone."""
    counter = make_counter(desk_name="Coordinador Técnico Comercial")
    make_transaction(counter.queue, code="TRAMITE_LARGO", label="Cambio, reposición o devolución de equipos (módem, "
                     "ONU, DTH)", requirements="Cédula de identidad vigente del titular\nEquipo (módem, ONU o DTH) "
                     "con su fuente de poder y cables\nCarta notariada de autorización del titular")
    return counter


def test_waiting_called_serving_done_arrive_live(long_counter, agent, live_server, new_page, axe) -> None:
    """One ticket through its day: each state's message replaces the last without a reload."""
    ticket = engine.issue_ticket("TRAMITE_LARGO", actor=SYSTEM)
    page = open_phone(new_page, f"{live_server.url}/t/{ticket.token}")
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    check(page, axe, "waiting-closed", "Espere en la sala")
    expect(page.locator('.s-facts [data-part="before-desk"]').nth(2)).to_have_text("Espere en", use_inner_text=True)
    expect(page.locator('[data-part="notice"]')).to_have_text(
        "Ningún mesón abierto atiende su ficha ahora; le llamaremos cuando abra uno.")
    expect(page.locator('[data-field="requirements"] li')).to_have_count(3)
    desks.call_next(long_counter.desk, actor=agent)
    check(page, axe, "called", "¡Es su turno! Diríjase a Coordinador Técnico Comercial")
    expect(page.locator('[data-part="waiting"]:visible')).to_have_count(0)
    before_desk = page.locator('.s-facts [data-part="before-desk"]')  # «Le atenderá» and «Espere en»
    expect(before_desk).to_have_count(4)
    expect(before_desk.last).to_contain_text(long_counter.area.name)  # where to find the desk
    expect(before_desk.nth(2)).to_have_text("El mesón está en", use_inner_text=True)  # not «Espere en»
    expect(page.locator(".s-help:visible")).to_have_text(  # not «… le avisará cuando lo llamen»
        "Si el mesón vuelve a llamarlo, esta página le avisará otra vez.")
    desks.start(long_counter.desk, actor=agent)
    check(page, axe, "serving", "Lo están atendiendo en Coordinador Técnico Comercial")
    expect(page.locator('.s-facts [data-part="before-desk"]:visible')).to_have_count(0)  # at the desk now
    page.reload()
    expect(page.locator('.s-facts [data-part="before-desk"]:visible')).to_have_count(0)
    expect(page.locator(".s-facts")).to_contain_text("Hora de llegada")
    desks.finish(long_counter.desk, actor=agent)
    check(page, axe, "done", "Su atención terminó")
    expect(page.locator('[data-part="survey"]')).to_be_visible()
    expect(page.locator('[data-part="open"]')).to_be_hidden()


def test_no_show_transfer_and_cancel_arrive_live(long_counter, agent, live_server, new_page, axe) -> None:
    """No-show, a transfer (naming where to) and a cancellation each show their own message."""
    no_show_at_once()
    other = make_counter(label="Crédito")
    absent, moved, cancelled = (engine.issue_ticket(long_counter.tx, actor=SYSTEM) for _ in range(3))
    pages = {t.id: open_phone(new_page, f"{live_server.url}/t/{t.token}") for t in (absent, moved, cancelled)}
    for page in pages.values():
        expect(page.locator("main")).to_have_attribute("data-connected", "1")
    desks.call_next(long_counter.desk, actor=agent)
    desks.no_show(long_counter.desk, actor=agent)
    check(pages[absent.id], axe, "no-show", "Lo llamamos y no se presentó")
    engine.transfer(moved.id, actor=SYSTEM, queue=other.queue.code)
    check(pages[moved.id], axe, "transferred", f"Su ficha fue transferida a {other.queue.name}")
    engine.cancel(cancelled.id, actor=SYSTEM)
    check(pages[cancelled.id], axe, "cancelled", "Su ficha fue anulada")


def test_wrong_link_is_a_customer_page(app, live_server, new_page, axe) -> None:
    """A made-up link shows «No encontramos esta ficha» on the public layout, readable at 390 px."""
    page = open_phone(new_page, f"{live_server.url}/t/no-existe")
    expect(page.get_by_role("heading", level=1)).to_have_text("No encontramos esta ficha")
    expect(page.locator("input[type=password]")).to_have_count(0)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, "status-missing.png", full_page=True)
    assert axe(page) == []


def test_the_no_open_desk_notice_goes_when_a_desk_opens(long_counter, agent, live_server, new_page) -> None:
    """The notice is there while the queue's desk is closed and leaves, live, when an agent signs in there."""
    ticket = engine.issue_ticket("TRAMITE_LARGO", actor=SYSTEM)
    page = open_phone(new_page, f"{live_server.url}/t/{ticket.token}")
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    notice = page.locator('[data-part="notice"]')
    expect(notice).to_be_visible()
    desk_shifts.sign_in(long_counter.desk, actor=agent)
    expect(notice).to_be_hidden()
    expect(page.locator('[data-field="wait_text"]')).to_have_text("en breve")
    desk_shifts.sign_out(long_counter.desk, actor=agent)
    expect(notice).to_be_visible()


def test_the_customer_gives_up_the_place_from_the_phone(long_counter, agent, live_server, new_page, axe) -> None:
    """«¿Ya no necesita su turno?» opens, then «Anular mi ficha»: two taps, so a stray one anuls nothing. The page
    then says the ticket is cancelled, the one behind moves up, and the choice goes once the ticket is called."""
    leaving, behind = (engine.issue_ticket("TRAMITE_LARGO", actor=SYSTEM) for _ in range(2))
    page = open_phone(new_page, f"{live_server.url}/t/{leaving.token}")
    other = open_phone(new_page, f"{live_server.url}/t/{behind.token}")
    expect(other.locator('[data-field="people_ahead"]')).to_have_text("1")
    leave = page.locator('[data-part="leave"]')
    expect(leave.get_by_role("button", name="Anular mi ficha")).to_be_hidden()
    leave.locator("summary").tap()
    assert axe(page) == []
    leave.get_by_role("button", name="Anular mi ficha").tap()
    expect(page.get_by_text("Su ficha fue anulada. ¡Gracias por avisarnos!")).to_be_visible()
    check(page, axe, "given-up", "Su ficha fue anulada")
    expect(leave).to_be_hidden()
    expect(other.locator('[data-field="people_ahead"]')).to_have_text("0")
    expect(other.locator('[data-part="leave"]')).to_be_visible()
    desks.call_next(long_counter.desk, actor=agent)
    expect(other.locator('[data-part="leave"]')).to_be_hidden()
