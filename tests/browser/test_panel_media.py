"""A panel that is on shows the image admin uploads for its area, and drops it when admin removes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.actors import SYSTEM
from core.panels import media_slot
from core.tickets import desks
from tests.browser.login import log_in, signed_in
from tests.browser.test_panel_desk import open_panel
from tests.builders import make_counter
from tests.helpers import device_token, make_user
from tests.panels.test_panel_media import png_bytes

pytestmark = pytest.mark.browser


def test_uploaded_image_appears_and_disappears_without_reload(app, live_server, new_page, rooms) -> None:
    area = rooms[0]
    token = device_token("panel", "panel-plataforma", area=area)
    page = open_panel(new_page, live_server, token, area)
    expect(page.locator(".media")).to_have_count(0)
    page.evaluate("() => { window.__sameDocument = true; }")
    media_slot.save(area, "promo.png", png_bytes(), instance_path=app.instance_path, actor=SYSTEM)
    image = page.locator(".media img")
    expect(image).to_be_visible()
    assert f"/display/media/{area}.png" in image.get_attribute("src")
    page.wait_for_function("() => document.querySelector('.media img').complete")
    assert page.evaluate("() => document.querySelector('.media img').naturalWidth") == 16
    media_slot.remove(area, instance_path=app.instance_path, actor=SYSTEM)
    expect(page.locator(".media")).to_have_count(0)
    assert page.evaluate("() => window.__sameDocument === true")


def test_panel_media_admin_page_is_accessible(app, live_server, new_page, axe) -> None:
    make_user("jefa", "supervisor")
    page = log_in(new_page(), live_server, "jefa", "/admin/paneles/imagen")
    expect(page.locator("h1")).to_contain_text("Imagen o video de los paneles")
    assert axe(page) == []


def test_removing_a_panel_image_asks_first(app, live_server, new_page, rooms) -> None:
    """«Quitar» asks first, as every other destructive button of the admin does: «Cancelar» keeps the image on the
    panels, «Aceptar» removes it."""
    area = rooms[0]
    media_slot.save(area, "promo.png", png_bytes(), instance_path=app.instance_path, actor=SYSTEM)
    make_user("jefa", "supervisor")
    page = signed_in(new_page(), live_server, "jefa", "/admin/paneles/imagen")
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    page.on("dialog", answer)
    remove = page.get_by_role("button", name="Quitar la imagen de")
    remove.click()
    assert len(asked) == 1 and asked[0].startswith("¿Quitar la imagen «")
    expect(remove).to_have_count(1)
    assert media_slot.media_for(app.instance_path, area) is not None
    remove.click()
    expect(remove).to_have_count(0)
    assert len(asked) == 2 and media_slot.media_for(app.instance_path, area) is None


# Whether «Últimos llamados» shows whole rows that fill its box: every row shown ends inside the box (above its
# padding), and the first row left out would not. Measured in one task, so nothing is drawn meanwhile.
FITTED = """() => {
  const list = document.getElementById("history");
  const box = list.parentNode;
  const bottom = box.getBoundingClientRect().bottom - parseFloat(getComputedStyle(box).paddingBottom) + 0.5;
  const rows = Array.from(list.children);
  const shown = rows.filter((li) => !li.hidden);
  const next = rows.find((li) => li.hidden);
  let roomForMore = false;
  if (next) {
    next.hidden = false;
    roomForMore = next.getBoundingClientRect().bottom <= bottom;
    next.hidden = true;
  }
  const inside = shown.every((li) => li.getBoundingClientRect().bottom <= bottom);
  return { shown: shown.length, fits: inside && !roomForMore };
}"""


def test_last_calls_refit_when_the_image_comes_and_goes(app, live_server, new_page) -> None:
    """Eight calls listed; admin removes the room's image, then uploads one: «Últimos llamados» shows as many whole
    rows as its box now holds at once, not the rows fitted to the old space until the next call (one row of six
    calls with most of the column empty, or rows cut at the bottom). The image sits where the admin page says:
    under «Últimos llamados», beside the current call."""
    counter = make_counter(desks=1)
    for _ in range(9):
        counter.issue()
    for _ in range(9):
        desks.call_next(counter.desk, actor=SYSTEM)
        desks.finish(counter.desk, actor=SYSTEM)
    area = counter.area.code
    media_slot.save(area, "promo.png", png_bytes(), instance_path=app.instance_path, actor=SYSTEM)
    page = open_panel(new_page, live_server, device_token("panel", "panel-sala", area=area), area)
    expect(page.locator("#history li")).to_have_count(8)
    with_image = page.evaluate(FITTED)
    assert with_image["fits"] and 0 < with_image["shown"] < 8
    history, media, current = (page.locator(s).bounding_box() for s in (".history", ".media", ".current"))
    assert media["y"] >= history["y"] + history["height"] and media["x"] >= current["x"] + current["width"]

    media_slot.remove(area, instance_path=app.instance_path, actor=SYSTEM)
    expect(page.locator(".media")).to_have_count(0)
    page.wait_for_function(f"() => ({FITTED})().fits")
    without = page.evaluate(FITTED)
    assert without["shown"] > with_image["shown"]

    media_slot.save(area, "promo.png", png_bytes("blue"), instance_path=app.instance_path, actor=SYSTEM)
    expect(page.locator(".media img")).to_be_visible()
    page.wait_for_function(f"() => ({FITTED})().fits")
    assert page.evaluate(FITTED)["shown"] == with_image["shown"]

    make_user("jefa", "supervisor")
    admin = signed_in(new_page(), live_server, "jefa", "/admin/paneles/imagen")
    expect(admin.locator("main p").first).to_contain_text("debajo de «Últimos llamados»")
