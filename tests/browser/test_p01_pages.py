"""Issue 10: the P01 question on the customer's phone (390 px), in real Chromium, and axe-core on every screen
this change touched: the ticket's status page, the slip's short link /i/<token> and the kiosk's keypad with
the complemento letters open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from core.models import InfoAnswer
from core.tickets import attentions
from tests.browser.test_kiosk import PORTRAIT, keys, screen, tap
from tests.browser.test_kiosk import open_kiosk as open_kiosk  # noqa: F401  (the fixture)
from tests.builders import make_actor, make_category, make_directory_entry, make_transaction
from tests.shots import shot

pytestmark = pytest.mark.browser


def test_slip_link_answers_on_a_phone(app, live_server, new_page, axe) -> None:
    """The QR of a directions slip opens the question with the place asked for; «Sí» thanks the customer and
    is recorded once; the page fits 390 px and axe finds nothing serious."""
    entry = make_directory_entry(label="Unidad de Prueba P01").code
    attention = attentions.record_visit("locate", entry, actor=make_actor("recep_qr", "reception"),
                                        channel="reception", print_slip=False)[0]
    page = new_page(390, 844, has_touch=True, is_mobile=True)
    page.goto(f"{live_server.url}/i/{attention.token}")
    expect(page.locator("h1")).to_have_text("Gracias por visitarnos")
    expect(page.locator("main")).to_contain_text("Unidad de Prueba P01")
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator('button[value="si"]').tap()
    expect(page.locator("#p01-title")).to_contain_text("quedó registrada")
    shot(page, "slip-link-390.png", full_page=True)
    db.session.remove()
    assert db.session.scalar(select(InfoAnswer.source)) == "slip"


def test_status_page_asks_p01_while_waiting(app, live_server, new_page, axe, counter) -> None:
    """A waiting ticket's status page asks about the information at the entrance; axe finds nothing serious."""
    ticket = counter.issue(actor=make_actor("recep_st", "reception"))
    page = new_page(390, 844, has_touch=True, is_mobile=True)
    page.goto(f"{live_server.url}/t/{ticket.token}")
    question = page.locator("#informacion")
    expect(question).to_contain_text(attentions.QUESTION)
    assert axe(page) == []
    question.locator('button[value="no"]').tap()
    expect(page.locator("#p01-title")).to_contain_text("quedó registrada")
    shot(page, "status-p01-390.png", full_page=True)


def test_kiosk_keypad_with_letters_is_accessible(open_kiosk) -> None:  # noqa: F811
    """axe-core on the account screen with the complemento letters showing."""
    from tests.browser.conftest import axe_violations

    category = make_category(label="Trámites axe", parent="TRAMITE")
    tx = make_transaction(label="Trámite con cuenta axe", parent=category, needs_account_check=True).code
    page = open_kiosk(PORTRAIT)
    tap(page, '[data-go="tramite"]')
    tap(page, '[data-go^="cat:"]:has-text("Trámites axe")')
    tap(page, f'[data-tx="{tx}"]')
    tap(page, "[data-confirm]")
    expect(screen(page, "account")).to_be_visible()
    keys(page, ".k-keypad", "7654321-")
    expect(page.locator("[data-letters]")).to_be_visible()
    assert axe_violations(page) == []
