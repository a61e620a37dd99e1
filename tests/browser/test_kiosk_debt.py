# ruff: noqa: F811 (open_kiosk and demo are fixtures imported from test_kiosk)
"""Account check outcomes at the kiosk (COM-DSC-P01 act. 6–7), in real Chromium: a sale's new customer whose
account is not found is told to go on; a customer with a debt can take a ticket for the unit that settles it, and
answer the P01 question from a QR on that screen, which the next customer never sees."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.actors import SYSTEM
from core.extensions import db
from core.models import Attention, CatalogueNode
from core.org import catalogue_edit
from core.tickets import follow_up
from tests.browser.test_kiosk import (  # noqa: F401 (demo and open_kiosk are fixtures)
    LANDSCAPE,
    PORTRAIT,
    SIZES,
    demo,
    keys,
    open_kiosk,
    pending_attentions,
    screen,
    tap,
    tickets,
    turn_pages_to,
)
from tests.browser.test_kiosk_touch import SETTLE_PLUS, double_tap, settled

pytestmark = pytest.mark.browser


def check_account(page: Page, category: str, transaction: str, account: str) -> None:
    tap(page, '[data-go="tramite"]')
    tap(page, f'[data-go="cat:{category}"]')
    turn_pages_to(page, f'[data-tx="{transaction}"]')
    tap(page, f'[data-tx="{transaction}"]')
    tap(page, "[data-confirm]")
    keys(page, ".k-keypad", account)
    with page.expect_response("**/api/v1/accounts/check"):
        tap(page, "[data-check-account]")
    expect(screen(page, "account-result")).to_be_visible()


def on_its_clock(page: Page) -> Page:
    """The kiosk on the page's own stopped clock (its settle and idle timers run only when the test says)."""
    page.clock.install()
    page.reload()
    expect(screen(page, "home")).to_be_visible()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # in seconds: 1 s on
    return page


def tap_settled(page: Page, selector: str) -> None:
    """Once the last screen change has settled, tap the visible `selector`."""
    page.clock.run_for(SETTLE_PLUS)
    settled(page)
    page.locator(selector).locator("visible=true").first.tap()


def pending_tokens() -> list[str]:
    db.session.remove()
    return list(db.session.scalars(select(Attention.token).where(Attention.kind == "pending").order_by(Attention.id)))


def test_a_sale_s_new_customer_is_told_to_continue(open_kiosk) -> None:
    """Venta → «Instalación de internet» with a CI the accounts do not know: no «revise el número o acérquese a
    Recepción» for someone who has no account yet. «Continuar» gives the ticket, and the ticket says the desk
    registers a new customer."""
    page = open_kiosk()
    check_account(page, "VENTA", "V_INST_INT", "9988776")
    result = screen(page, "account-result")
    expect(result.locator("[data-result-title]")).to_have_text("Cuenta no encontrada")
    expect(result.locator('[data-field="message"]')).to_contain_text(
        "Si es cliente nuevo, pulse «Continuar»: en el mesón registrarán sus datos. "
        "Si ya es cliente, revise el número.")
    expect(result.locator("[data-continue]")).to_be_visible()
    expect(result.locator("[data-debt-ticket]")).to_be_hidden()
    expect(result.locator('[data-part="survey-qr"]')).to_be_hidden()  # no «pending» attention: a ticket follows
    tap(page, "[data-continue]")
    with page.expect_response("**/api/v1/tickets"):
        tap(page, '[data-pref="none"]')
    notice = screen(page, "ticket").locator('[data-part="unverified"]')
    expect(notice).to_have_text(
        "Verificación pendiente: en el mesón revisarán su cuenta o, si es cliente nuevo, registrarán sus datos.")
    assert [(t.transaction_code, t.verification) for t in tickets()] == [("V_INST_INT", "unverified")]


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_a_debtor_takes_a_ticket_for_the_debt_unit(open_kiosk, size) -> None:
    """«Traslado de servicio» with CI 5566778 (a debt): «Sacar ficha para pagar o negociar la deuda» takes the
    customer through the same steps as any trámite (requirements, preferential question) to a Unidad de Cartera
    ticket; the «pending» attention stays recorded once; the QR of its P01 question is on the debt screen."""
    page = open_kiosk(size)
    check_account(page, "POSTVENTA", "PV_TRASLADO", "5566778")
    result = screen(page, "account-result")
    expect(result.locator("[data-result-title]")).to_have_text("No podemos emitir su ficha todavía")
    button = result.locator("[data-debt-ticket]")
    expect(button).to_be_visible()
    expect(button).to_contain_text("Le atenderá: Unidad de Cartera")
    # The P01 question of this attention, for the customer's phone.
    qr = result.locator('[data-part="survey-qr"]')
    expect(qr).to_be_visible()
    expect(qr).to_contain_text("Responda desde su teléfono: ¿le sirvió la información?")
    [token] = pending_tokens()
    expect(qr.locator("img")).to_have_attribute("src", f"/i/{token}/qr.svg")
    # The CI checked went with it (as a digest): this customer's ticket later today, anywhere, follows it up.
    key = db.session.scalar(select(Attention.customer_key).where(Attention.token == token))
    assert key == follow_up.customer_key("5566778")
    # The SVG loads (an image still loading reads 0 wide, so wait for it rather than read it once).
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.locator("img").element_handle())
    tap(page, "[data-debt-ticket]")
    confirm = screen(page, "confirm")
    expect(confirm.locator('[data-field="chosen"]')).to_have_text(
        "Excedentes de la gestión vigente en central de riesgo o en mora")
    expect(confirm).to_contain_text("Comprobante de pago, si ya pagó")
    tap(page, '[data-nav="back"]')  # back on the debt screen, as it was: the QR too, nothing recorded again
    expect(result.locator("[data-debt-ticket]")).to_be_visible()
    expect(qr).to_be_visible()
    tap(page, "[data-debt-ticket]")
    tap(page, "[data-confirm]")  # no account step: the debt is the subject
    expect(screen(page, "pref")).to_be_visible()
    with page.expect_response("**/api/v1/tickets"):
        tap(page, '[data-pref="none"]')
    ticket_screen = screen(page, "ticket")
    expect(ticket_screen.locator('[data-field="destination"]')).to_contain_text("Unidad de Cartera")
    [ticket] = tickets()
    assert (ticket.transaction_code, ticket.queue.code, ticket.label[0]) == ("PV_EXC_VIGENTE", "CARTERA", "K")
    assert ticket.account_ref == "5566778"  # the Cartera desk reads which account owes (it had to ask again)
    assert pending_attentions() == ["PV_TRASLADO"]
    # One customer, one attention in P01: the ticket follows up the debt screen's attention (its QR and the
    # ticket's page ask the one question); a second attention counted the debtor twice.
    db.session.remove()
    assert [(a.kind, a.ticket_id) for a in db.session.scalars(select(Attention))] == [("pending", ticket.id)]
    tap(page, "[data-nav-done]")
    expect(screen(page, "home")).to_be_visible()
    expect(qr).to_be_hidden()
    assert page.evaluate("() => document.querySelector('[data-survey-qr]').hasAttribute('src')") is False


def test_a_debt_trámite_deleted_while_on_screen_says_so_at_once(open_kiosk) -> None:
    """The admin deletes the debt screen's trámite while a debtor reads that screen (the page reloads only back at
    the start; a page drawn after has no button, tests/kiosk/test_debt_ticket.py). Its button says at once, in
    words, that the trámite is no longer attended, with no retry and no ticket: it took the customer through
    «¿Tiene todo?» and the preferential question to «No existe el trámite «PV_EXC_VIGENTE»»."""
    page = open_kiosk()
    check_account(page, "POSTVENTA", "PV_TRASLADO", "5566778")
    expect(screen(page, "account-result").locator("[data-debt-ticket]")).to_be_visible()
    db.session.remove()
    gone = db.session.scalar(select(CatalogueNode.id).where(CatalogueNode.code == "PV_EXC_VIGENTE"))
    assert catalogue_edit.delete_node(gone, actor=SYSTEM).endswith("» del catálogo.")
    tap(page, "[data-debt-ticket]")
    issuing = screen(page, "issuing")
    expect(issuing).to_be_visible()
    expect(issuing.locator("[data-issuing-title]")).to_have_text("No pudimos emitir su ficha")
    expect(issuing.locator("[data-issue-error]")).to_have_text(
        "Este trámite ya no se atiende: elija otro o consulte en Recepción.")
    expect(issuing.locator("[data-retry-issue]")).to_be_hidden()
    expect(page.locator('.k-nav [data-nav="home"]:not([data-nav-done])')).to_be_visible()
    assert tickets() == []


def test_requirements_pending_offer_no_debt_ticket(open_kiosk) -> None:
    """Pending requirements (CI 6677889), no debt: nothing to settle at Cartera, so no such button; the QR of the
    P01 question is there all the same."""
    page = open_kiosk()
    check_account(page, "POSTVENTA", "PV_TRASLADO", "6677889")
    result = screen(page, "account-result")
    expect(result).to_contain_text("Requisitos pendientes")
    expect(result.locator("[data-debt-ticket]")).to_be_hidden()
    expect(result.locator('[data-part="survey-qr"]')).to_be_visible()


def test_double_tap_on_the_debt_ticket_button_gives_one_ticket(app, open_kiosk) -> None:
    """Double taps on «Sacar ficha…», «Sí, continuar» and «No, ninguna» under the page's own clock: one ticket,
    the requirements screen first (never picked for the customer)."""
    page = on_its_clock(open_kiosk())

    def step(selector: str) -> None:
        tap_settled(page, selector)

    for selector in ('[data-go="tramite"]', '[data-go="cat:POSTVENTA"]', '[data-tx="PV_TRASLADO"]', "[data-confirm]"):
        step(selector)
    page.clock.run_for(SETTLE_PLUS)
    settled(page)
    for key in "5566778":
        page.locator(f'.k-keypad [data-key="{key}"]').tap()
    with page.expect_response("**/kiosk/pendiente/PV_TRASLADO"):
        step("[data-check-account]")
    expect(screen(page, "account-result").locator("[data-debt-ticket]")).to_be_visible()
    for selector, expected in (("[data-debt-ticket]", "confirm"), ("[data-confirm]", "pref")):
        page.clock.run_for(SETTLE_PLUS)
        settled(page)
        double_tap(page, selector)
        page.clock.run_for(SETTLE_PLUS)
        settled(page)
        assert page.evaluate("document.querySelector('main.kiosk').dataset.current") == expected
    with page.expect_response("**/api/v1/tickets"):
        double_tap(page, '[data-pref="none"]')
    expect(screen(page, "ticket")).to_be_visible()
    page.clock.run_for(SETTLE_PLUS)
    assert [t.transaction_code for t in tickets()] == ["PV_EXC_VIGENTE"]
    assert pending_attentions() == ["PV_TRASLADO"]


def test_the_p01_qr_leaves_when_the_kiosk_goes_home_by_itself(app, open_kiosk) -> None:
    """Left on the debt screen, the kiosk asks «¿Sigue ahí?» and goes home: the QR goes with the customer, and
    the next customer's screen (another CI, with pending requirements) shows their own attention's QR."""
    app.config["KIOSK_IDLE_SECONDS"], app.config["KIOSK_WARN_SECONDS"] = 10, 3
    page = on_its_clock(open_kiosk())

    def step(selector: str) -> None:
        tap_settled(page, selector)

    def to_debt_screen(ci: str) -> None:
        for selector in ('[data-go="tramite"]', '[data-go="cat:POSTVENTA"]', '[data-tx="PV_TRASLADO"]',
                         "[data-confirm]"):
            step(selector)
        page.clock.run_for(SETTLE_PLUS)
        settled(page)
        for key in ci:
            page.locator(f'.k-keypad [data-key="{key}"]').tap()
        with page.expect_response("**/kiosk/pendiente/PV_TRASLADO"):
            step("[data-check-account]")

    to_debt_screen("5566778")
    qr = screen(page, "account-result").locator('[data-part="survey-qr"]')
    expect(qr).to_be_visible()
    page.clock.run_for(14_000)  # 10 s idle, then 3 s of «¿Sigue ahí?»
    expect(screen(page, "home")).to_be_visible()
    expect(qr).to_be_hidden()
    assert page.evaluate("() => document.querySelector('[data-survey-qr]').getAttribute('src')") is None
    to_debt_screen("6677889")  # the same CI the same day would be the same customer: the same attention
    expect(qr).to_be_visible()
    first, second = pending_tokens()
    src = qr.locator("img").get_attribute("src")
    assert src == f"/i/{second}/qr.svg" and first not in src
    assert re.fullmatch(r"/i/[\w-]+/qr\.svg", src)


def test_a_mistyped_account_corrected_is_one_customer(open_kiosk) -> None:
    """An audit typed 100300 (a debt: the screen records the «pending» attention), then «corregir» and 100200, its
    own account, and took the ticket: P01 counted two customers, the attention and the ticket's. The kiosk's
    ticket carries the attention of its own flow, whatever account it ends with: one customer, one attention."""
    page = open_kiosk()
    with page.expect_response("**/kiosk/pendiente/PV_TRASLADO"):
        check_account(page, "POSTVENTA", "PV_TRASLADO", "100300")
    expect(screen(page, "account-result").locator('[data-part="survey-qr"]')).to_be_visible()
    tap(page, "[data-retype]")
    tap(page, '[data-screen="account"] [data-key="CLEAR"]')
    keys(page, ".k-keypad", "100200")
    with page.expect_response("**/api/v1/accounts/check"):
        tap(page, "[data-check-account]")
    tap(page, "[data-continue]")
    with page.expect_response("**/api/v1/tickets"):
        tap(page, '[data-pref="none"]')
    expect(screen(page, "ticket")).to_be_visible()
    [ticket] = tickets()
    assert (ticket.transaction_code, ticket.account_ref) == ("PV_TRASLADO", "100200")
    db.session.remove()
    assert [(a.kind, a.ticket_id) for a in db.session.scalars(select(Attention))] == [("pending", ticket.id)]
