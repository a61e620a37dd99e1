"""A queue past its daily quota in real Chromium: the kiosk says the trámite is closed for today and when it
opens (no retry button); reception sees the same sentence and may still issue with a reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from core.models import Queue, Ticket, TicketEvent
from tests.browser.login import open_reception
from tests.builders import make_category, make_device, make_queue, make_ticket, make_transaction, make_user
from tests.shots import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def full(app):
    """«Consulta de alcance de fibra» in a queue whose quota of 1 is taken; its category and transaction codes."""
    category = make_category(label="Trámites de prueba", parent="TRAMITE")
    queue = make_queue()
    tx = make_transaction(queue, label="Consulta de alcance de fibra", parent=category)
    queue.daily_quota = 1
    db.session.commit()
    make_ticket(tx.code)
    return category.code, tx.code


def open_kiosk(live_server, new_page, size: tuple[int, int] = (1080, 1920)):
    _device, token = make_device("kiosk")
    page = new_page(*size, has_touch=True)
    page.goto(f"{live_server.url}/kiosk?token={token}")
    return page


def closed_notice(page) -> None:
    issuing = page.locator('[data-screen="issuing"]')
    expect(issuing.locator("h1")).to_have_text("Trámite cerrado por hoy")
    expect(issuing.locator("[data-issue-error]")).to_contain_text(
        "El trámite «Consulta de alcance de fibra» ya no recibe fichas hoy")
    expect(issuing.locator("[data-issue-error]")).to_contain_text("Vuelva el")
    expect(issuing.locator("[data-retry-issue]")).to_be_hidden()


def tap(page, selector: str) -> None:
    page.locator(selector).locator("visible=true").first.tap()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_kiosk_says_closed_for_today_as_soon_as_it_is_picked(live_server, new_page, full, axe, size) -> None:
    """The customer picks the trámite: closed for today and when it opens, before any requirement or question."""
    category, tx = full
    page = open_kiosk(live_server, new_page, size)
    tap(page, '[data-go="tramite"]')
    tap(page, f'[data-go="cat:{category}"]')
    tap(page, f'[data-tx="{tx}"]')
    closed_notice(page)
    assert axe(page) == []
    shot(page, f"kiosk_closed_today_{size[0]}x{size[1]}.png")


def test_kiosk_closed_meanwhile_says_so_when_issuing(live_server, new_page, full) -> None:
    """Open when picked, the quota's last ticket goes to someone else meanwhile: the issue answer says closed."""
    category, tx = full
    db.session.scalars(select(Queue).join(Ticket, Ticket.queue_id == Queue.id)).first().daily_quota = 2
    db.session.commit()
    page = open_kiosk(live_server, new_page)
    tap(page, '[data-go="tramite"]')
    tap(page, f'[data-go="cat:{category}"]')
    with page.expect_response("**/cupo"):
        tap(page, f'[data-tx="{tx}"]')
    expect(page.locator('[data-screen="confirm"]')).to_be_visible()
    make_ticket(tx)  # the second and last of the day, at reception
    tap(page, "[data-confirm]")
    with page.expect_response("**/api/v1/tickets"):
        tap(page, '[data-pref="none"]')
    closed_notice(page)


def test_reception_overrides_with_a_reason(live_server, new_page, full) -> None:
    make_user("recepcion1", "reception")
    page = open_reception(new_page(1600, 1000), live_server, "recepcion1")
    expect(page.locator("#r-q")).to_be_focused()
    page.keyboard.type("alcance")
    expect(page.locator("#r-results [role=option]:visible").first).to_contain_text("alcance")
    with page.expect_response("**/cupo"):
        page.keyboard.press("Enter")
    expect(page.locator("[data-error]")).to_contain_text("ya no recibe fichas hoy")  # said on choosing it
    expect(page.locator("#r-reason")).to_be_visible()
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")  # without a reason: refused, the reason field takes the focus
    expect(page.locator("[data-error]")).to_contain_text("ya no recibe fichas hoy")
    expect(page.locator("#r-reason")).to_be_focused()
    page.keyboard.type("Cliente citado por la jefatura")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued]")).to_be_visible()
    db.session.remove()
    ticket = db.session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
    assert ticket.number == 2
    note = db.session.scalar(select(TicketEvent.note).where(TicketEvent.ticket_id == ticket.id))
    assert "cerrado por hoy" in note and "Cliente citado por la jefatura" in note
