# ruff: noqa: F811 (page and offer are fixtures imported from test_reception)
"""Reception's account check when the account is not found (COM-DSC-P01 act. 6): for a sale's trámite a new
customer has no account yet. The adviser reads what to do, and sees no button that does nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_reception import offer, page, tickets  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_an_unknown_account_for_a_sale_says_a_new_customer_s_ticket_is_fine(page: Page) -> None:
    """«Instalación de internet» with a CI nobody has: the message speaks of a new customer; no «Deuda Bs 0,00» for
    an account that does not exist, and no «Informado, sin ficha» (there is nothing to settle: it did nothing but
    showed, since the page's button style overrode `hidden`). Ctrl+Enter issues, verificación pendiente."""
    page.keyboard.type("instalación de internet")
    expect(page.locator("#r-results [role=option]:visible").first).to_contain_text("Instalación de internet")
    page.keyboard.press("Enter")
    expect(page.locator("#r-account")).to_be_focused()
    page.keyboard.type("9988776")
    page.keyboard.press("Enter")
    detail = page.locator("[data-account-detail]")
    expect(detail.locator('[data-field="message"]')).to_have_text(
        "No hay una cuenta con ese número o CI. Si es cliente nuevo, emita la ficha: en el mesón registrarán sus "
        "datos. Si ya es cliente, revise el número.")
    expect(detail.locator("dt", has_text="Deuda")).to_be_hidden()
    expect(page.locator("[data-pending]")).to_be_hidden()
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued]")).to_be_visible()
    assert [(t.transaction_code, t.verification) for t in tickets()] == [("V_INST_INT", "unverified")]


def test_informado_sin_ficha_shows_only_for_debt_or_requirements(page: Page) -> None:
    page.keyboard.type("mudanza")
    page.keyboard.press("Enter")
    page.keyboard.type("100200")  # al día
    page.keyboard.press("Enter")
    expect(page.locator("[data-account-detail] [data-field=holder_name]")).to_have_text("Socio Demo Al Día")
    expect(page.locator("[data-pending]")).to_be_hidden()
    page.locator("#r-account").fill("100300")  # deuda
    page.keyboard.press("Enter")
    expect(page.locator("[data-pending]")).to_be_visible()
