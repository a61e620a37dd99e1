"""A panel that is on shows the image admin uploads for its area, and drops it when admin removes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.actors import SYSTEM
from core.panels import media_slot
from tests.browser.login import log_in, signed_in
from tests.browser.test_panel_desk import open_panel
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
