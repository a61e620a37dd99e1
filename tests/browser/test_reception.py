"""Reception in real Chromium: keyboard shortcuts, one search over all transactions, the full account
detail, the override with its reason, and reprints of today's tickets."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from core.models import Ticket, TicketEvent
from tests.helpers import PASSWORD, make_user
from tests.kiosk import helpers

pytestmark = pytest.mark.browser


@pytest.fixture
def page(app, live_server, new_page) -> Page:
    helpers.demo()
    make_user("recepcion1", "reception")
    page = new_page(1600, 1000)
    page.goto(f"{live_server.url}/login?next=/recepcion")
    page.fill("#username", "recepcion1")
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#r-q")).to_be_focused()
    return page


def tickets() -> list[Ticket]:
    db.session.remove()
    return list(db.session.scalars(select(Ticket).order_by(Ticket.id)))


def test_keyboard_only_issue(page) -> None:
    """Type to search, Enter to choose, Alt+1 for adulto mayor, Ctrl+Enter to issue: no mouse needed."""
    page.keyboard.type("cobertura")
    expect(page.locator("#r-results [role=option]:visible")).to_have_count(1)
    page.keyboard.press("Enter")
    page.keyboard.press("Alt+1")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued] [data-field=number]")).to_have_text("T-001")
    [ticket] = tickets()
    assert (ticket.channel, ticket.preferential, ticket.transaction_code) == ("reception", "adulto_mayor",
                                                                              "V_COBERTURA")


def test_search_covers_destinations_too(page) -> None:
    """The one search box matches the destination as well as the transaction name."""
    page.keyboard.type("mesón 50")
    options = page.locator("#r-results [role=option]:visible")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("Revisión HSPA+")


def test_full_account_detail_and_override_with_reason(page) -> None:
    """An account with debt shows holder, CI and amount; issuing needs a reason, which is recorded."""
    page.keyboard.type("traslado")
    page.keyboard.press("Enter")
    expect(page.locator("#r-account")).to_be_focused()
    page.keyboard.type("100300")
    page.keyboard.press("Enter")
    detail = page.locator("[data-account-detail]")
    expect(detail.locator("[data-field=holder_name]")).to_have_text("Socio Demo Con Deuda")
    expect(detail.locator("[data-field=ci]")).to_have_text("5566778")
    expect(detail.locator("[data-field=debt_amount]")).to_have_text("350.50")
    expect(page.locator("#r-reason")).to_be_focused()
    page.keyboard.type("Paga en caja antes de pasar")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued]")).to_contain_text("Emitida pese a la verificación")
    [ticket] = tickets()
    assert ticket.verification == "override" and "Paga en caja antes de pasar" in ticket.verification_note
    note = db.session.scalar(select(TicketEvent.note).where(TicketEvent.ticket_id == ticket.id))
    assert "Paga en caja antes de pasar" in note


def test_override_without_reason_is_refused(page) -> None:
    """Ctrl+Enter on a debtor without a reason shows the check's message and issues nothing."""
    page.keyboard.type("traslado")
    page.keyboard.press("Enter")
    page.keyboard.type("100300")
    page.keyboard.press("Enter")
    expect(page.locator("#r-reason")).to_be_focused()
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-error]")).to_contain_text("deuda pendiente")
    assert tickets() == []


def test_reprint_any_ticket_of_the_day(page) -> None:
    """A ticket in today's list is reprinted on the reception printer."""
    page.keyboard.type("cobertura")
    page.keyboard.press("Enter")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    row = page.locator("[data-today] tr", has_text="T-001")
    with page.expect_response("**/reimprimir"):
        row.get_by_role("button", name="Reimprimir T-001").click()
    helpers.print_all()
    expect(page.locator("[data-reprint-status]")).to_have_text("Ficha T-001 reimpresa.")
    assert [job.reprint_of_id is None for job in helpers.jobs("ticket")] == [True, True]
    actions = db.session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == tickets()[0].id))
    assert list(actions) == ["issue", "reprint"]


def test_escape_clears_the_form(page) -> None:
    """Esc forgets the transaction and account and returns to the search."""
    page.keyboard.type("traslado")
    page.keyboard.press("Enter")
    page.keyboard.type("100300")
    page.keyboard.press("Escape")
    expect(page.locator("#r-q")).to_be_focused()
    expect(page.locator("#r-q")).to_have_value("")
    expect(page.locator("[data-issue]")).to_be_disabled()


def test_reception_screen_is_accessible(page, axe) -> None:
    """axe-core finds no serious or critical violation on reception, with the account detail open."""
    page.keyboard.type("traslado")
    page.keyboard.press("Enter")
    page.keyboard.type("100400")
    page.keyboard.press("Enter")
    expect(page.locator("[data-account-detail]")).to_be_visible()
    assert axe(page) == []


def test_typing_before_the_script_loads_is_kept(app, live_server, new_page) -> None:
    """On a slow PC the adviser starts typing before reception.js arrives: the search still applies."""
    make_user("recepcion1", "reception")
    page = new_page(1600, 1000)
    held = []  # reception.js is held back until the adviser has typed, however fast the machine is
    page.route("**/static/kiosk/reception.js*", lambda route: held.append(route))
    page.goto(f"{live_server.url}/login?next=/recepcion")
    page.fill("#username", "recepcion1")
    page.fill("#password", PASSWORD)
    with page.expect_request("**/static/kiosk/reception.js*"):
        page.locator("form button[type=submit]").last.click()
    expect(page.locator("#r-q")).to_be_focused()
    page.keyboard.type("mesón 50")
    assert len(held) == 1, "reception.js arrived before the typing"
    held[0].continue_()
    options = page.locator("#r-results [role=option]:visible")
    expect(options).to_have_count(2)
    expect(page.locator("#r-q")).to_have_value("mesón 50")
