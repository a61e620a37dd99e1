"""The Content-Security-Policy breaks no screen: kiosk, panel, desk console and admin run their whole flow in
Chromium without one CSP violation (console or `securitypolicyviolation` event); and no other site can frame
the admin pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from core.actors import SYSTEM
from core.tickets import desks
from tests.browser.test_admin_pages import open_monitor, queue_row
from tests.browser.test_kiosk import screen, walk_to_ticket
from tests.browser.test_panel_desk import open_desk, open_panel
from tests.helpers import device_token, make_user
from tests.kiosk import helpers

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "")));
"""


class Watched:
    """Pages whose CSP violations are recorded from the first byte."""

    def __init__(self, new_page: Callable[..., Page]) -> None:
        self.pages: list[Page] = []
        self.console: list[str] = []
        self._new_page = new_page

    def __call__(self, *args: object, **kwargs: object) -> Page:
        page = self._new_page(*args, **kwargs)
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda message: self.console.append(message.text))
        self.pages.append(page)
        return page

    def violations(self) -> list[str]:
        reported = [text for text in self.console if "Content Security Policy" in text]
        for page in self.pages:
            if not page.is_closed():
                reported += page.evaluate("() => window.__csp || []")
        return reported


@pytest.fixture
def watched(new_page) -> Iterator[Watched]:
    yield Watched(new_page)


def test_kiosk_issues_a_ticket_without_csp_violations(app, live_server, watched) -> None:
    """The whole kiosk flow up to the ticket screen with its QR (and the live socket) under the CSP."""
    demo = helpers.demo()
    page = watched(1080, 1920, has_touch=True)
    page.goto(f"{live_server.url}/kiosk?token={demo.kiosk_token}")
    expect(screen(page, "home")).to_be_visible()
    walk_to_ticket(page, "POSTVENTA", "PV_RECLAMO_FACT")
    expect(screen(page, "ticket")).to_be_visible()
    page.wait_for_function("() => document.querySelector('[data-qr]').naturalWidth > 0")
    assert watched.violations() == []


def test_panel_and_desk_call_without_csp_violations(app, live_server, watched, counter) -> None:
    """A desk calls; the panel shows the call (socket, chime, voice, ticker): no violation on either screen."""
    make_user("asesor1", "agent")
    token = device_token("panel", "panel-plataforma", area=counter.area.code)
    ticket = counter.issue()
    panel = open_panel(watched, live_server, token, area=counter.area.code)
    desk = open_desk(watched, live_server, desk=counter.desk, via_form=True)  # the login page too
    desk.click("[data-action=call-next]")
    expect(panel.locator("#current .num")).to_have_text(ticket.label)
    panel.wait_for_function("() => window.__announcements.length === 1")
    expect(desk.locator("#current")).to_contain_text(ticket.label)
    assert watched.violations() == []


def test_admin_monitor_and_stats_without_csp_violations(app, live_server, watched, counter) -> None:
    """The live monitor follows a call, and the statistics page draws its charts, under the CSP."""
    page = open_monitor(watched, live_server, via_form=True)  # the login page and dashboard too
    ticket = counter.issue()
    expect(queue_row(page, counter).locator(".waiting")).to_have_text("1")
    desks.call_next(counter.desk, actor=SYSTEM)
    expect(page.locator(f'tr[data-desk="{counter.desk}"] .ticket')).to_have_text(f"{ticket.label} (llamada)")
    page.goto(f"{live_server.url}/admin/estadisticas")
    page.wait_for_function("() => document.querySelectorAll('canvas').length > 0")
    assert watched.violations() == []


def test_admin_pages_cannot_be_framed(app, live_server, new_page) -> None:
    """Another origin embedding /admin/ in an iframe gets nothing: the browser refuses (frame-ancestors)."""
    make_user("supervisora", "supervisor")
    page = new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.set_content(f'<iframe id="f" src="{live_server.url}/admin/"></iframe>')
    frame = page.frames[1]
    frame.wait_for_load_state()
    assert frame.locator("input[name=password]").count() == 0
    assert any("frame-ancestors" in text for text in refused)
