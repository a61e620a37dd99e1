"""The survey tablet never shows a stale question after its connection drops: on reconnect it asks the server
what is pending now (Playwright cuts the page's WebSocket with `route_web_socket`; Socket.IO reconnects)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from core.tickets import desks
from tests.builders import Counter
from tests.helpers import actor_for, device_token

pytestmark = pytest.mark.browser


class Line:
    """The tablet's WebSocket through Playwright: `cut()` drops it; while `down`, reconnects are refused."""

    def __init__(self, page: Page) -> None:
        self.down = False
        self.open: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r"/socket\.io/"), self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        if self.down:
            ws.close(code=1011, reason="sin red")
            return
        ws.connect_to_server()
        self.open.append(ws)

    def cut(self, *, stay_down: bool) -> None:
        self.down = stay_down
        for ws in self.open:
            ws.close(code=1011, reason="sin red")
        self.open.clear()


@pytest.fixture
def tablet(live_server, new_page, counter: Counter) -> tuple[Page, Line]:
    page = new_page(1280, 800, has_touch=True)
    line = Line(page)
    token = device_token("survey", "encuesta-meson", desk=counter.desk)
    page.goto(f"{live_server.url}/encuesta/{counter.desk}?token={token}")
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")
    expect(page.locator("#step-idle")).to_be_visible()
    return page, line


# «Sin conexión» goes up at the cut and down as soon as the new socket connects, which can be quicker than one of
# Playwright's polls once the new socket exists: the page marks <body> itself when the banner shows.
WATCH_OFFLINE = """() => {
  const banner = document.getElementById("survey-offline");
  delete document.body.dataset.wentOffline;
  new MutationObserver(() => { if (!banner.hidden) document.body.dataset.wentOffline = "1"; })
    .observe(banner, { attributes: true, attributeFilter: ["hidden"] });
}"""


def reconnect(page: Page, line: Line) -> None:
    """Cut the tablet's WebSocket; return once it has said «sin conexión» and is connected again."""
    page.evaluate(WATCH_OFFLINE)
    with page.expect_event("websocket"):  # the reconnect's new socket
        line.cut(stay_down=False)
    expect(page.locator("body")).to_have_attribute("data-went-offline", "1")
    expect(page.locator("#survey-offline")).to_be_hidden()


def test_question_goes_away_when_the_desk_called_someone_else_meanwhile(tablet, counter) -> None:
    """Question for A on screen; the desk calls B and starts serving B; the connection drops and comes back:
    welcome screen."""
    page, line = tablet
    agent = actor_for("asesor1", "agent")
    first = counter.issue()
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    expect(page.locator("#survey-number")).to_have_text(first.label)
    desks.call_next(counter.desk, actor=agent)
    desks.start(counter.desk, actor=agent)
    reconnect(page, line)
    expect(page.locator("#main")).to_have_attribute("data-step", "idle")


def test_question_missed_while_offline_is_asked_on_reconnect(tablet, counter) -> None:
    """Offline while the desk finishes: on reconnect the tablet asks about that ticket (it is still the one the
    desk has just finished)."""
    page, line = tablet
    agent = actor_for("asesor1", "agent")
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    line.cut(stay_down=True)
    expect(page.locator("#survey-offline")).to_be_visible()
    desks.finish(counter.desk, actor=agent)
    line.down = False  # the next reconnect attempt gets through
    expect(page.locator("#survey-offline")).to_be_hidden()
    expect(page.locator("#step-question")).to_be_visible()
    expect(page.locator("#survey-number")).to_have_text(ticket.label)


def test_a_question_that_timed_out_is_not_asked_again_on_reconnect(live_server, new_page, counter) -> None:
    """Nobody answered for 3 minutes: welcome screen; a reconnect within the server's 5-minute window does not
    bring that question back."""
    page = new_page(1280, 800, has_touch=True)
    page.clock.install()  # time still flows; fast_forward jumps the tablet's own timeout
    line = Line(page)
    page.goto(f"{live_server.url}/encuesta/{counter.desk}?token={device_token('survey', desk=counter.desk)}")
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")
    agent = actor_for("asesor1", "agent")
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    expect(page.locator("#survey-number")).to_have_text(ticket.label)
    page.clock.fast_forward("03:01")
    expect(page.locator("#main")).to_have_attribute("data-step", "idle")
    # Three minutes of page time outlast the socket's own ping timeout too (10 s + 20 s, web/app.py): the tablet
    # drops its connection by itself and reconnects, asking what is pending. The cut waits for that answer: cut
    # earlier, that reconnect's check passed for the cut's, and on a slow machine both came (never «1» again).
    expect(page.locator("#main")).to_have_attribute("data-pending-checks", "1")
    expect(page.locator("#main")).to_have_attribute("data-step", "idle")
    reconnect(page, line)
    expect(page.locator("#main")).to_have_attribute("data-pending-checks", "2")  # the server has answered
    expect(page.locator("#main")).to_have_attribute("data-step", "idle")


def test_welcome_screen_has_no_serious_accessibility_violations(tablet, axe) -> None:
    page, _line = tablet
    assert axe(page) == []


def test_a_tablet_picks_up_a_new_release_once_the_customer_has_answered(app, tablet, counter) -> None:
    """After a deploy the tablet reconnects to a server of another release: the customer answering keeps the
    question; once the tablet is back at its welcome screen, it reloads and runs the new release."""
    page, line = tablet
    agent = actor_for("asesor1", "agent")
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    expect(page.locator("#survey-number")).to_have_text(ticket.label)
    page.evaluate("() => { window.__sameDocument = true; }")
    app.config["APP_VERSION"] = app.jinja_env.globals["app_version"] = "nueva-version"  # the deployed release
    reconnect(page, line)  # the restart
    expect(page.locator("#step-question")).to_be_visible()  # the customer is answering: no reload
    assert page.evaluate("() => window.__sameDocument === true")
    page.locator("[data-satisfied='true']").tap()
    page.locator("[data-score='5']").tap()
    expect(page.locator("#step-thanks")).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-release", "nueva-version", timeout=15_000)
    expect(page.locator("#step-idle")).to_be_visible()


def test_an_idle_tablet_picks_up_a_new_release_at_once(app, tablet) -> None:
    page, line = tablet
    app.config["APP_VERSION"] = app.jinja_env.globals["app_version"] = "nueva-version"
    with page.expect_event("websocket"):
        line.cut(stay_down=False)
    expect(page.locator("body")).to_have_attribute("data-release", "nueva-version")
    expect(page.locator("#step-idle")).to_be_visible()
