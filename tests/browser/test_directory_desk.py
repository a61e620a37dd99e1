"""«Ubicar a un funcionario o unidad» in real Chromium (COM-DSC-P01 acts 3–4): a public desk found in the directory
sends the customer to its trámites and a ticket, not to Seguridad Física for a visitor's credential; an office's
visit says where Seguridad Física is. The kiosk at 1080×1920 (touch) and reception at 1366×768."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.login import open_reception
from tests.browser.test_kiosk import PORTRAIT, keys, screen, tap
from tests.browser.test_kiosk import open_kiosk as open_kiosk  # noqa: F401  (the fixture)
from tests.helpers import make_user
from tests.shots import shot

pytestmark = pytest.mark.browser


def test_the_kiosk_takes_a_customer_from_a_public_desk_to_its_trámites(open_kiosk) -> None:  # noqa: F811
    """Ubicar → «BOI» → Back Office Incidencias: «saque su ficha» and its trámites; choosing one goes on to
    «¿Tiene todo?», whose «Cambiar» comes back to the BOI's trámites."""
    page = open_kiosk(PORTRAIT)
    tap(page, '[data-go="locate"]')
    keys(page, ".k-keyboard", "BOI")
    tap(page, '[data-go="dir:DIR_BOI"]')
    desk = screen(page, "dir:DIR_BOI")
    expect(desk.locator('[data-part="ticket-notice"]')).to_have_text(
        "Para realizar un trámite en esta unidad, saque su ficha.")
    expect(desk).not_to_contain_text("Seguridad Física")
    shot(page, "directory-kiosk_locate_BOI.png")
    tap(page, '[data-go="dirtx:DIR_BOI"]')
    expect(screen(page, "dirtx:DIR_BOI").locator("[data-desk-tx]")).to_have_text(
        ["Seguimiento de un reclamo de facturación"])
    shot(page, "directory-kiosk_locate_BOI_tramites.png")
    tap(page, '[data-desk-tx="PV_SEG_RECLAMO"]')
    expect(screen(page, "confirm")).to_be_visible()
    expect(screen(page, "confirm")).to_contain_text("Número de reclamo")
    tap(page, '[data-screen="confirm"] [data-change]')
    expect(screen(page, "dirtx:DIR_BOI")).to_be_visible()


def test_the_kiosk_sends_a_visit_to_seguridad_fisica_and_says_where(open_kiosk) -> None:  # noqa: F811
    page = open_kiosk(PORTRAIT)
    tap(page, '[data-go="locate"]')
    keys(page, ".k-keyboard", "RECURSOS")
    tap(page, '[data-go="dir:DIR_RRHH"]')
    expect(screen(page, "dir:DIR_RRHH").locator('[data-part="visit-notice"]')).to_contain_text(
        "pase por Seguridad Física (Planta baja, Ingreso principal, junto a la puerta)")
    shot(page, "directory-kiosk_locate_RRHH.png")


def test_reception_shows_a_public_desk_s_trámites(app, demo, live_server, new_page) -> None:
    """Ubicar «BOI» at reception: «saque su ficha», no Seguridad Física; «Ver sus trámites» lists the BOI's in the
    trámite search. An office keeps Seguridad Física, with where it is."""
    make_user("recepcion1", "reception")
    page = open_reception(new_page(1366, 768), live_server, "recepcion1")
    page.keyboard.press("F8")
    page.keyboard.type("boi")
    page.locator("#r-opt-DIR_BOI").click()
    visit = page.locator("[data-visit]")
    expect(visit.locator('[data-part="ticket-notice"]')).to_be_visible()
    expect(visit.locator('[data-part="visit-notice"]')).to_be_hidden()
    shot(page, "directory-recep_locate_BOI.png")
    visit.locator("[data-show-desk-tx]").click()
    expect(page.locator("#r-q")).to_have_value("Back Office Incidencias")
    options = page.locator("#r-results [role=option]:visible")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Seguimiento de un reclamo de facturación")
    shot(page, "directory-recep_locate_BOI_tramites.png")
    page.keyboard.press("F8")
    page.keyboard.type("recursos")
    page.locator("#r-opt-DIR_RRHH").click()
    expect(visit.locator('[data-part="ticket-notice"]')).to_be_hidden()
    expect(visit.locator('[data-part="visit-notice"]')).to_contain_text(
        "Seguridad Física (Planta baja, Ingreso principal, junto a la puerta)")
    shot(page, "directory-recep_locate_RRHH.png")
