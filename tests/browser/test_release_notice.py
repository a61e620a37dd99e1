"""After a deploy, a page left open runs the old release's scripts. Screens where a person works (the desk
console) or reads (a customer's status page) say so and offer the reload; they never reload by themselves, since
a note or an outcome may be half typed. Kiosks and survey tablets reload at their welcome screen instead
(test_kiosk_live.py, test_survey_fresh.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_panel_desk import open_desk
from tests.builders import Counter
from tests.shots import shot

pytestmark = pytest.mark.browser


def deploy(app, page: Page) -> None:
    """A new release is served, and the page reconnects to it (the restart)."""
    app.config["APP_VERSION"] = app.jinja_env.globals["app_version"] = "nueva-version"
    page.context.set_offline(True)
    expect(page.locator("#main")).to_have_attribute("data-connected", "0")
    page.context.set_offline(False)
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")


def test_the_desk_console_offers_the_new_release_and_keeps_what_was_typed(app, live_server, new_page, agent,
                                                                          counter: Counter) -> None:
    counter.issue()
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    page.click("[data-action=call-next]")
    expect(page.locator("#current .status-label")).to_have_text("Llamada")
    page.keyboard.press("i")
    expect(page.locator("#current .status-label")).to_have_text("En atención")
    page.keyboard.press("f")
    outcome = page.locator("#finish-outcome")
    outcome.fill("Cambio de plan a 50 Mbps")
    deploy(app, page)
    notice = page.locator(".release-notice")
    expect(notice).to_contain_text("Hay una versión nueva de esta página")
    expect(outcome).to_have_value("Cambio de plan a 50 Mbps")  # nothing reloaded under the agent's hands
    shot(page, "release-desk.png")
    page.keyboard.press("Escape")
    notice.get_by_role("button", name="Recargar ahora").click()
    expect(page.locator("body")).to_have_attribute("data-release", "nueva-version")
    expect(page.locator(".release-notice")).to_have_count(0)


def test_a_status_page_on_a_phone_offers_it_within_the_screen(app, live_server, new_page, counter: Counter) -> None:
    ticket = counter.issue()
    page = new_page(390, 844, has_touch=True)
    page.goto(f"{live_server.url}/t/{ticket.token}")
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")
    deploy(app, page)
    notice = page.locator(".release-notice")
    expect(notice).to_be_visible()
    box = notice.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(page, "release-phone.png")
    notice.get_by_role("button", name="Más tarde").tap()
    expect(notice).to_have_count(0)
    expect(page.locator("body")).not_to_have_attribute("data-release", "nueva-version")
