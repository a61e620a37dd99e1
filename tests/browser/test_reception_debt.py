"""Reception with a debtor on the adviser's 1366×768 screen (audit of session 23): what to do when «Emitir ficha»
is refused, the check's verdict kept in sight, «Informado, sin ficha» clearing the refusal, and the debt unit's
ticket the kiosk's debt screen offers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from core.models import Attention, Ticket
from tests.browser.login import open_reception
from tests.builders import make_category, make_transaction
from tests.helpers import make_user

pytestmark = pytest.mark.browser

DEBTOR = "100300"  # the demo's «Socio Demo Con Deuda», Bs 350,50


def check_account_for(page: Page, search: str, account: str) -> None:
    """Reception's keyboard path: the one trámite `search` finds, then `account` checked (Smartflex answered)."""
    page.keyboard.type(search)
    expect(page.locator("#r-results [role=option]:visible")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator("#r-account")).to_be_focused()
    page.keyboard.type(account)
    with page.expect_response("**/api/v1/accounts/check"):
        page.keyboard.press("Enter")


@pytest.fixture
def page(app, demo, live_server, new_page) -> Page:
    category = make_category(label="Trámites de prueba", parent="TRAMITE")
    make_transaction(label="Mudanza de servicio", parent=category, needs_account_check=True,
                     requirements="Fotocopia de CI\nCroquis del nuevo domicilio\nÚltima factura pagada")
    make_user("recepcion1", "reception")
    page = open_reception(new_page(1366, 768), live_server, "recepcion1")
    check_account_for(page, "mudanza", DEBTOR)
    expect(page.locator("[data-account-detail] [data-field=debt_text]")).to_have_text("Bs 350,50")
    return page


def test_the_verdict_and_the_trámite_stay_in_sight(page) -> None:
    """The reason box takes the focus, and the trámite and the check's verdict stay on screen; so they do after
    «Emitir ficha» is refused for want of a reason."""
    expect(page.locator("#r-reason")).to_be_focused()
    verdict = page.locator("[data-account-detail] [data-field=message]")
    expect(verdict).to_contain_text("deuda")
    for shown in (page.locator("[data-selected-label]"), verdict, page.locator("#r-reason")):
        expect(shown).to_be_in_viewport(ratio=1)
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-error]")).to_contain_text("deuda pendiente")
    expect(page.locator("#r-reason")).to_be_focused()
    for shown in (page.locator("[data-selected-label]"), verdict, page.locator("[data-reason-hint]"),
                  page.locator("#r-reason")):
        expect(shown).to_be_in_viewport(ratio=1)


def test_a_refused_ticket_says_the_adviser_may_write_a_reason(page) -> None:
    """«Emitir ficha» without a reason: the customer's sentence, then what the adviser can do, in the reason box."""
    page.locator("[data-issue]").click()
    error = page.locator("[data-error]")
    expect(error).to_contain_text("La cuenta tiene una deuda pendiente")
    hint = page.locator("[data-reason-hint]")
    expect(hint).to_have_text("Escriba el motivo para emitir la ficha igualmente.")
    expect(hint).to_be_in_viewport(ratio=1)
    expect(page.locator("#r-reason")).to_be_focused()
    page.keyboard.type("Paga en caja antes de pasar")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued]")).to_contain_text("Emitida pese a la verificación")
    expect(error).to_be_empty()
    expect(hint).to_be_hidden()


def test_informed_without_a_ticket_clears_the_refusal(page) -> None:
    """Refused, then Alt+I: the success line stands alone, no red debt error above it."""
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-error]")).to_contain_text("deuda pendiente")
    with page.expect_response("**/recepcion/atenciones"):
        page.keyboard.press("Alt+I")
    expect(page.locator("[data-pending-done]")).to_contain_text("Atención registrada sin ficha")
    expect(page.locator("[data-error]")).to_be_empty()


def test_reception_issues_the_debt_unit_s_ticket_for_the_account_that_owes(page) -> None:
    """The debt box offers the kiosk's «pagar o negociar la deuda» ticket and who attends it; Alt+P issues it to
    Cartera with the account that owes (for the unit's desk), following up the customer's «pending» attention:
    one customer, one P01 question."""
    button = page.locator("[data-debt-ticket]")
    expect(button).to_be_visible()
    expect(button).to_contain_text("Ficha para pagar o negociar la deuda")
    expect(button).to_contain_text("Le atenderá: Unidad de Cartera")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Alt+P")
    issued = page.locator("[data-issued]")
    expect(issued).to_contain_text("Unidad de Cartera")
    expect(page.locator("[data-p01]")).to_be_visible()
    expect(issued).not_to_contain_text(DEBTOR)  # the customer's ticket shows no account
    db.session.remove()
    [ticket] = db.session.scalars(select(Ticket)).all()
    assert (ticket.transaction_code, ticket.account_ref, ticket.channel) == ("PV_EXC_VIGENTE", DEBTOR, "reception")
    [attention] = db.session.scalars(select(Attention)).all()  # the «pending» one, taken over by the ticket
    assert (attention.kind, attention.ticket_id) == ("pending", ticket.id)
    expect(button).to_be_hidden()  # the next customer starts clean


def test_a_refused_debt_ticket_then_the_corrected_account_is_one_customer(page) -> None:
    """The debt ticket records the «pending» attention before its ticket; refused (here its trámite was removed
    meanwhile), the adviser corrects the account to the customer's own (100200) and issues the trámite: that
    ticket follows the attention up, one customer in P01 (two before)."""
    from core.actors import SYSTEM
    from core.models import CatalogueNode
    from core.org import catalogue_edit

    gone = db.session.scalar(select(CatalogueNode.id).where(CatalogueNode.code == "PV_EXC_VIGENTE"))
    catalogue_edit.delete_node(gone, actor=SYSTEM)
    with page.expect_response("**/recepcion/fichas"):
        page.locator("[data-debt-ticket]").click()
    expect(page.locator("[data-error]")).not_to_be_empty()
    page.locator("#r-account").fill("100200")
    with page.expect_response("**/api/v1/accounts/check"):
        page.locator("#r-account").press("Enter")
    expect(page.locator("[data-account-detail] [data-field=message]")).not_to_contain_text("deuda")
    with page.expect_response("**/recepcion/fichas"):
        page.locator("[data-issue]").click()
    expect(page.locator("[data-issued]")).to_contain_text("Mudanza de servicio")
    db.session.remove()
    [ticket] = db.session.scalars(select(Ticket)).all()
    assert ticket.account_ref == "100200"
    assert [(a.kind, a.ticket_id) for a in db.session.scalars(select(Attention))] == [("pending", ticket.id)]
