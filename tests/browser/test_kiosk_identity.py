"""Issue 10 at the kiosk, in real Chromium at 1080×1920 (and 1920×1080): a CI with complemento typed on the
keypad (1234567-1A) resolves to its account, whose number the ticket keeps; the directory search finds a person
by a word only the admin's «Palabras clave» carry."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from core.models import Account, Ticket
from core.tx import unit_of_work
from tests.browser.test_kiosk import LANDSCAPE, PORTRAIT, keys, screen, tap
from tests.browser.test_kiosk import open_kiosk as open_kiosk  # noqa: F401  (the fixture)
from tests.builders import make_category, make_directory_entry, make_transaction
from tests.shots import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def checked(app, demo) -> str:
    """A trámite with the account check in a category of our own, and the account of CI 1234567-1A."""
    with unit_of_work():
        db.session.add(Account(number="770055", ci="1234567-1A", holder_name="Socia Complemento",
                               debt_amount=Decimal("0"), notes="Prefiere atención por la tarde.",
                               updated_at=datetime(2026, 11, 1, tzinfo=UTC)))
    category = make_category(label="Trámites con CI", parent="TRAMITE")
    return make_transaction(label="Cambio de titular de prueba", parent=category, needs_account_check=True).code


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_ci_with_complemento_on_the_keypad(open_kiosk, checked, size) -> None:  # noqa: F811
    """Digits, «– Complemento del CI», 1 and A: the keypad shows 1234567-1A, the account is verified and the
    ticket keeps account 770055, not the CI."""
    page = open_kiosk(size)
    tap(page, '[data-go="tramite"]')
    tap(page, '[data-go^="cat:"]:has-text("Trámites con CI")')
    tap(page, f'[data-tx="{checked}"]')
    tap(page, "[data-confirm]")
    expect(page.locator("[data-letters]")).to_be_hidden()  # no letters before the dash
    keys(page, ".k-keypad", "1234567-1")
    letters = page.locator("[data-letters]")
    expect(letters).to_be_visible()
    shot(page, f"kiosk-letters-{size[0]}x{size[1]}.png")
    letters.locator('[data-key="A"]').tap()
    expect(page.locator("#k-account")).to_have_value("1234567-1A")
    expect(letters).to_be_hidden()  # the complemento is complete
    for button in page.locator('[data-screen="account"] button:visible').all():
        box = button.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= size[1], button.inner_text()
    shot(page, f"kiosk-ci-{size[0]}x{size[1]}.png")
    tap(page, "[data-check-account]")
    expect(screen(page, "account-result")).to_be_visible()
    expect(page.locator("[data-result-title]")).to_have_text("Cuenta verificada")
    tap(page, "[data-continue]")
    tap(page, '[data-pref="none"]')
    expect(screen(page, "ticket")).to_be_visible()
    db.session.remove()
    ticket = db.session.scalar(select(Ticket).order_by(Ticket.id.desc()))
    assert (ticket.account_ref, ticket.verification) == ("770055", "ok")


def test_directory_search_finds_a_person_by_a_keyword_only(open_kiosk) -> None:  # noqa: F811
    """«CONVENIOS» is in no name, unit or place, only in the entry's keywords: the search still finds her."""
    make_directory_entry(label="Lic. Marta Quiroga", unit="Unidad de Prueba", floor="Piso 4",
                         location="Oficina 204", keywords="tarifario convenios", parent="UBICAR")
    page = open_kiosk(PORTRAIT)
    tap(page, '[data-go="locate"]')
    keys(page, ".k-keyboard", "CONVENIOS")
    found = page.locator("[data-directory] .k-entry:visible")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Lic. Marta Quiroga")
