# ruff: noqa: F811 (open_kiosk and demo are fixtures imported from test_kiosk)
"""The finger that brought a kiosk screen never chooses on it: the tail of a double tap on «Sí, sigo aquí», a slow
double tap (0.5–0.9 s) that outlasts the settle time; and the preference screen fits above the Atrás/Inicio bar.
In real Chromium with touch, on the page's fake clock (the test says how much time passes between two taps)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from core.extensions import db
from core.models import CatalogueNode
from tests.browser.test_kiosk import (  # noqa: F401 (demo and open_kiosk are fixtures)
    LANDSCAPE,
    PORTRAIT,
    SIZES,
    demo,
    open_kiosk,
    screen,
    settled,
    stopped_clock,
    tap,
    tickets,
    turn_pages_to,
)
from tests.browser.test_kiosk_touch import current
from tests.shots import shot

pytestmark = pytest.mark.browser
PAUSE = 2_000  # ms of the page's clock between two steps: past the settle and the arriving finger's time


def centre(page: Page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).locator("visible=true").first.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def step(page: Page, selector: str) -> None:
    """A customer's tap after looking at the screen (the page's clock moves on first)."""
    page.clock.run_for(PAUSE)
    settled(page)
    if selector != "[data-check-account]":
        page.locator(selector).locator("visible=true").first.tap()
        return
    with page.expect_response("**/api/v1/accounts/check"):  # its screen comes with the answer, on a paused clock
        page.locator(selector).tap()
    expect(screen(page, "account-result")).to_be_visible()


def two_taps(page: Page, selector: str, gap_ms: int) -> None:
    """Two touches at the centre of the button, `gap_ms` of the page's time apart."""
    page.clock.run_for(PAUSE)
    settled(page)
    x, y = centre(page, selector)
    page.touchscreen.tap(x, y)
    page.clock.run_for(gap_ms)
    page.touchscreen.tap(x, y)
    page.clock.run_for(PAUSE)


def production_times(app) -> None:
    app.config["KIOSK_SETTLE_MS"] = 450
    app.config["KIOSK_ARRIVING_TAP_MS"] = 1500


def test_a_double_tap_on_sigo_aqui_leaves_the_screen_below_alone(app, open_kiosk) -> None:
    """«¿Sigue ahí?» goes like a screen: the second tap of a double tap on «Sí, sigo aquí» (150 ms later) landed on
    what was under it, and issued an «Embarazada» ticket on the preference screen, or erased a digit of the
    account typed."""
    production_times(app)
    app.config["KIOSK_IDLE_SECONDS"] = 10
    page = open_kiosk(PORTRAIT)
    stopped_clock(page)
    question = page.locator("[data-idle]")
    for selector in ('[data-go="tramite"]', '[data-go="cat:BAJA"]', '[data-tx="B_BAJA"]', "[data-confirm]"):
        step(page, selector)
    for key in "100200":
        step(page, f'.k-keypad [data-key="{key}"]')
    page.clock.run_for(10_000)
    expect(question).to_be_visible()
    two_taps(page, "[data-stay]", 150)
    expect(question).to_be_hidden()
    expect(page.locator("#k-account")).to_have_value("100200")
    step(page, "[data-check-account]")
    step(page, "[data-continue]")
    page.clock.run_for(10_000)
    expect(question).to_be_visible()
    two_taps(page, "[data-stay]", 150)
    expect(question).to_be_hidden()
    assert current(page) == "pref"
    assert tickets() == []


ACCOUNT = ['.k-keypad [data-key="1"]', '.k-keypad [data-key="0"]', '.k-keypad [data-key="0"]',
           '.k-keypad [data-key="2"]', '.k-keypad [data-key="0"]', '.k-keypad [data-key="0"]', "[data-check-account]"]
SLOW_LANDINGS = {  # the screen, the button tapped twice, the screen its first tap opens
    "confirm-to-pref": (['[data-go="tramite"]', '[data-go="cat:VENTA"]', '[data-tx="V_COBERTURA"]'],
                        "[data-confirm]", "pref"),
    "continue-to-pref": (['[data-go="tramite"]', '[data-go="cat:BAJA"]', '[data-tx="B_BAJA"]', "[data-confirm]",
                          *ACCOUNT], "[data-continue]", "pref"),
    "home-to-tramite": ([], '[data-go="tramite"]', "tramite"),
    "category-to-list": (['[data-go="tramite"]'], '[data-go="cat:VENTA"]', "cat:VENTA"),
    "confirm-to-keypad": (['[data-go="tramite"]', '[data-go="cat:BAJA"]', '[data-tx="B_BAJA"]'],
                          "[data-confirm]", "account"),
}


# Where each landed on the old kiosk (the 450 ms settle alone), at gaps across the 0.5–0.9 s the audit found.
SLOW = [("confirm-to-pref", LANDSCAPE, 500), ("confirm-to-pref", LANDSCAPE, 900), ("continue-to-pref", LANDSCAPE, 900),
        ("home-to-tramite", LANDSCAPE, 700), ("category-to-list", PORTRAIT, 500), ("category-to-list", LANDSCAPE, 900),
        ("confirm-to-keypad", LANDSCAPE, 700)]
SLOW_IDS = [f"{case}-{'portrait' if size == PORTRAIT else 'landscape'}-{gap}ms" for case, size, gap in SLOW]


@pytest.mark.parametrize(("case", "size", "gap_ms"), SLOW, ids=SLOW_IDS)
def test_a_slow_double_tap_chooses_nothing_on_the_next_screen(app, open_kiosk, size, case, gap_ms) -> None:
    """A slow double tap (0.5–0.9 s apart) outlasted the 450 ms settle: on «Sí, continuar» or «Continuar» in
    landscape it issued an «Adulto mayor» ticket; «Realizar un trámite» opened «Baja de servicios», «Venta de
    servicios» a trámite, and «Sí, continuar» typed a digit of the account. The second touch, at the spot of the
    first, now does nothing; the customer's next tap, once they have looked, is taken."""
    path, twice, opens = SLOW_LANDINGS[case]
    production_times(app)
    page = open_kiosk(size)
    stopped_clock(page)
    for selector in path:
        step(page, selector)
    typed = page.locator("#k-account").input_value()
    two_taps(page, twice, gap_ms)
    assert current(page) == opens
    assert tickets() == []
    expect(page.locator("#k-account")).to_have_value("" if twice == "[data-confirm]" else typed)
    if opens == "pref":
        with page.expect_response("**/api/v1/tickets"):
            step(page, '[data-pref="none"]')
        expect(screen(page, "ticket")).to_be_visible()
        assert [t.preferential for t in tickets()] == [None]


def longest_transaction() -> CatalogueNode:
    db.session.remove()
    return db.session.scalars(select(CatalogueNode).where(CatalogueNode.kind == "transaction",
                                                          CatalogueNode.active.is_(True))
                              .order_by(func.length(CatalogueNode.label).desc())).first()


PREFS_FIT = """() => {
  const box = document.querySelector(".k-screens").getBoundingClientRect();
  return Array.from(document.querySelectorAll('[data-screen="pref"] button'))
    .filter((b) => { const r = b.getBoundingClientRect(); return r.top < box.top || r.bottom > box.bottom; })
    .map((b) => b.textContent.trim());
}"""


@SIZES
def test_the_preference_screen_fits_above_the_bar(open_kiosk, size) -> None:
    """Landscape gave the preference tiles the home screen's height (13em), two rows of them: «Embarazada» and «No,
    ninguna» ran under the Atrás/Inicio bar. With the catalogue's longest trámite name and the printer warning up,
    every choice is whole on the screen, at both sizes."""
    page = open_kiosk(size)
    node = longest_transaction()
    tap(page, '[data-go="tramite"]')
    tap(page, f'[data-go="cat:{node.parent.code}"]')
    turn_pages_to(page, f'.k-item[data-tx="{node.code}"]')
    tap(page, f'.k-item[data-tx="{node.code}"]')
    tap(page, "[data-confirm]")
    if node.needs_account_check:
        for key in "100200":
            tap(page, f'.k-keypad [data-key="{key}"]')
        tap(page, "[data-check-account]")
        tap(page, "[data-continue]")
    expect(screen(page, "pref").locator('[data-field="chosen"]')).to_have_text(node.label)
    # The fullest case: the printer warning above (as its live `printer_health` event shows it).
    page.evaluate("document.querySelector('[data-printer-warning]').hidden = false")
    page.wait_for_function("() => !document.querySelector('main.kiosk[data-settling]')", polling=25)
    shot(page, f"kiosk-pref-{'portrait' if size == PORTRAIT else 'landscape'}.png")
    assert page.evaluate(PREFS_FIT) == []
