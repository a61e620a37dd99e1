"""Reception in real Chromium (issue 10, act 2): the chosen trámite's requirements show before issuing, and the
issued ticket shows the honest wait and what to have ready."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.actors import SYSTEM
from core.extensions import db
from core.models import Ticket
from core.tickets import desk_shifts
from tests.browser.login import open_reception
from tests.builders import make_category, make_counter, make_transaction
from tests.helpers import make_user
from tests.shots import shot

pytestmark = pytest.mark.browser
REQUIREMENTS = ["Cédula de identidad vigente del titular", "Croquis de ubicación del nuevo domicilio"]


@pytest.fixture
def counter(app):
    counter = make_counter()
    category = make_category(label="Trámites de prueba", parent="TRAMITE")
    make_transaction(counter.queue, label="Mudanza de línea fija", parent=category,
                     requirements="\n".join(REQUIREMENTS))
    make_transaction(counter.queue, label="Consulta sin papeles", parent=category)
    return counter


@pytest.fixture
def page(app, counter, live_server, new_page) -> Page:
    make_user("recepcion1", "reception")
    page = open_reception(new_page(1366, 768), live_server, "recepcion1")
    expect(page.locator("#r-q")).to_be_focused()
    return page


def choose(page: Page, words: str) -> None:
    page.locator("#r-q").fill(words)
    expect(page.locator("#r-results [role=option]:visible")).to_have_count(1)
    page.locator("#r-q").press("Enter")


def ticket_count() -> int:
    db.session.remove()
    return len(db.session.scalars(select(Ticket.id)).all())


def test_requirements_show_when_chosen_and_on_the_issued_ticket(page, counter, axe) -> None:
    """Choosing «Mudanza» lists its requirements before any ticket exists; the issued ticket shows people ahead,
    «en breve» at an open desk and the requirements again; a trámite without any says so."""
    desk_shifts.sign_in(counter.desk, actor=SYSTEM)
    choose(page, "mudanza")
    block = page.locator("[data-requirements-block]")
    expect(block.locator("li")).to_have_text(REQUIREMENTS)
    assert ticket_count() == 0
    assert axe(page) == []
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    issued = page.locator("[data-issued]")
    expect(issued.locator('[data-field="people_ahead"]')).to_have_text("0")
    expect(issued.locator('[data-field="wait_text"]')).to_have_text("en breve")
    expect(issued.locator('[data-field="issued_requirements"] li')).to_have_text(REQUIREMENTS)
    expect(issued.locator('[data-field="wait_notice"]')).to_be_hidden()
    shot(page, "reception-requirements.png")
    assert axe(page) == []
    choose(page, "consulta sin papeles")
    expect(block.locator("li")).to_have_count(0)
    expect(block.locator("[data-no-requirements]")).to_be_visible()


def test_issued_ticket_says_when_no_desk_is_open(page) -> None:
    """With the queue's desk closed, reception reads the no-open-desk notice to the customer."""
    choose(page, "mudanza")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator('[data-issued] [data-field="wait_notice"]')).to_have_text(
        "Ningún mesón abierto atiende su ficha ahora; le llamaremos cuando abra uno.")
