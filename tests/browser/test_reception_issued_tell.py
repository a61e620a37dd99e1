"""Reception's «ficha emitida» gives the adviser what to tell the customer (COM-DSC-P01 act. 8: the adviser explains
where to wait and the panel). An audit saw only «Mezanine»: no way up, no word on the panel, on the 1366×768 PC."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.org.seed_data import AREAS
from tests.browser.login import open_reception
from tests.browser.test_reception_debt import DEBTOR, check_account_for
from tests.helpers import make_user
from tests.shots import shot

pytestmark = pytest.mark.browser

DIRECTIONS = {code: directions for code, _name, directions in AREAS}
PANEL = "Su número y el mesón aparecerán en el panel."


def _issue(page: Page, search: str) -> None:
    page.keyboard.type(search)
    expect(page.locator("#r-results [role=option]:visible")).to_have_count(1)
    page.keyboard.press("Enter")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")


@pytest.fixture
def page(app, demo, live_server, new_page) -> Page:
    make_user("recepcion1", "reception")
    return open_reception(new_page(1366, 768), live_server, "recepcion1")


def test_the_issued_box_says_where_to_wait_how_to_get_there_and_the_panel(page) -> None:
    _issue(page, "seguimiento de un reclamo")  # BOI, in the Mezanine
    issued = page.locator("[data-issued]")
    expect(issued.locator("[data-field=destination]")).to_have_text("Back Office Incidencias · BOI")
    tell = issued.locator("[data-part=tell]")
    expect(tell).to_have_text(f"Indíquele: espere en Mezanine. {DIRECTIONS['MEZ']} {PANEL}")
    for part in (issued.locator("[data-field=number]"), tell):
        expect(part).to_be_in_viewport(ratio=1)
    shot(page, "reception-issued-tell-1366x768.png")


def test_the_debt_unit_s_ticket_tells_it_too_beside_the_debt_box(page) -> None:
    """After a debtor's check and its debt box (the longest form above the box), the Cartera ticket's box still
    shows its number and what to say without scrolling by hand."""
    check_account_for(page, "traslado de servicio", DEBTOR)
    expect(page.locator("[data-debt-ticket]")).to_be_visible()
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Alt+P")
    issued = page.locator("[data-issued]")
    tell = issued.locator("[data-part=tell]")
    expect(tell).to_have_text(f"Indíquele: espere en Plataforma de Servicios. {DIRECTIONS['PLAT']} {PANEL}")
    for part in (issued.locator("[data-field=number]"), tell):
        expect(part).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    shot(page, "reception-debt-issued-tell-1366x768.png")
