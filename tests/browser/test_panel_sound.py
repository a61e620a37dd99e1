"""A panel whose browser blocks sound says so on screen and on the supervisor's monitor, and a touch fixes it.
Chromium runs here with the autoplay policy of an unattended TV: no sound before a user gesture."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from core.actors import SYSTEM
from core.tickets import desks
from core.tickets.engine import issue_ticket
from tests.browser.conftest import CHROMIUM_ARGS, page_factory
from tests.browser.test_admin_pages import open_monitor
from tests.browser.test_panel_desk import open_panel
from tests.builders import make_device
from tests.shots import shot

pytestmark = pytest.mark.browser

BLOCKED = [arg for arg in CHROMIUM_ARGS if not arg.startswith("--autoplay-policy")] + [
    "--autoplay-policy=document-user-activation-required"]


@pytest.fixture(scope="module")
def muted_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium that refuses to play sound until someone touches the page (Chrome's rule for a fresh page),
    launched by the session's Playwright (one Playwright per process)."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    instance = browser.browser_type.launch(executable_path=executable, headless=True, args=BLOCKED)
    yield instance
    instance.close()


@pytest.fixture
def muted_page(muted_browser: Browser) -> Iterator:
    """Like `new_page`, in the browser that blocks sound."""
    with page_factory(muted_browser, default_size=(1920, 1080)) as make:
        yield make


@pytest.fixture
def panel_device(app, counter):
    device, token = make_device("panel", "panel-sala-1", area=counter.area.code)
    return device, token, counter.area.code


def test_blocked_sound_shows_the_banner_until_a_touch(live_server, muted_page, panel_device) -> None:
    """Autoplay blocked: «Sonido desactivado: toque para activar» shows; one click anywhere turns sound on."""
    _device, token, area = panel_device
    panel = open_panel(muted_page, live_server, token, area=area)
    banner = panel.locator("#sound-off")
    expect(banner).to_be_visible()
    expect(banner).to_have_text("Sonido desactivado: toque para activar")
    expect(panel.locator("#main")).to_have_attribute("data-audio", "muted")
    panel.mouse.click(400, 600)  # anywhere on the screen, not only on the banner
    expect(banner).to_be_hidden()
    expect(panel.locator("#main")).to_have_attribute("data-audio", "ok")


def test_allowed_sound_shows_no_banner(live_server, new_page, panel_device) -> None:
    _device, token, area = panel_device
    panel = open_panel(new_page, live_server, token, area=area)
    expect(panel.locator("#main")).to_have_attribute("data-audio", "ok")
    expect(panel.locator("#sound-off")).to_be_hidden()


def test_monitor_shows_the_muted_panel(live_server, new_page, muted_page, panel_device, axe) -> None:
    """The supervisor's monitor lists the muted panel as an alert, then as fine after the touch, then as
    disconnected when the panel goes away."""
    device, token, area = panel_device
    monitor = open_monitor(new_page, live_server)
    row = monitor.locator(f'#panel-rows tr[data-panel="{device.id}"]')
    panel = open_panel(muted_page, live_server, token, area=area)
    expect(row.locator(".audio")).to_contain_text("Sin sonido")
    expect(row.locator(".status")).to_have_text("En línea")
    expect(row).to_have_attribute("data-alert", "1")
    expect(row.locator(".version")).to_have_text(live_server.app.config["APP_VERSION"])
    expect(monitor.locator("#panel-alerts")).to_have_text("1 panel con alerta")
    assert axe(monitor) == []
    panel.mouse.click(400, 600)
    expect(row.locator(".audio")).to_have_text("Activo")
    expect(row).to_have_attribute("data-alert", "0")
    expect(monitor.locator("#panel-alerts")).to_have_text("")
    panel.close()
    expect(row.locator(".status")).to_have_text("Desconectado")
    expect(row).to_have_attribute("data-alert", "1")


def test_the_sound_banner_covers_nothing(live_server, muted_page, panel_device, counter) -> None:
    """A TV nobody touches keeps «Sonido desactivado» all day: the call, the last calls and every waiting count
    stay whole and uncovered beside it (the banner used to float over the waiting counts)."""
    _device, token, area = panel_device
    for _ in range(3):
        issue_ticket(counter.tx, actor=SYSTEM)
    panel = open_panel(muted_page, live_server, token, area=area)
    expect(panel.locator("#sound-off")).to_be_visible()
    expect(panel.locator("#waiting li .count").first).to_have_text("3")
    targets = panel.locator("#current, #history-title, #waiting li .name, #waiting li .count")
    covered = targets.evaluate_all("""(nodes) => nodes.filter((node) => {
        const r = node.getBoundingClientRect();
        const points = [[r.left + 2, r.top + 2], [r.right - 2, r.bottom - 2],
          [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
        return points.some(([x, y]) => {
          const top = document.elementFromPoint(x, y);
          return !top || !node.contains(top);
        });
      }).map((node) => node.textContent.trim())""")
    assert covered == []
    for i in range(targets.count()):
        expect(targets.nth(i)).to_be_in_viewport(ratio=1)


def test_the_monitor_says_why_a_panel_is_mute_and_what_to_do(live_server, new_page, muted_page, panel_device,
                                                           axe) -> None:
    """«Sin sonido» alone told staff neither why nor what to do: the row says the browser blocks the sound, and a
    note under the table gives both remedies (a touch on the TV now, Chromium's flag for good); gone once the
    sound is on."""
    device, token, area = panel_device
    monitor = open_monitor(new_page, live_server)
    row = monitor.locator(f'#panel-rows tr[data-panel="{device.id}"]')
    help_note = monitor.locator("#panel-sound-help")
    expect(row.locator(".status")).to_have_text("Desconectado")
    expect(help_note).to_be_hidden()
    panel = open_panel(muted_page, live_server, token, area=area)
    expect(row.locator(".audio")).to_have_text("Sin sonido: el navegador bloquea el audio (ver abajo)")
    expect(help_note).to_be_visible()
    expect(help_note).to_contain_text("toque una vez la pantalla del TV")
    expect(help_note).to_contain_text("--autoplay-policy=no-user-gesture-required")
    monitor.locator("#panels-title").scroll_into_view_if_needed()
    shot(monitor, "monitor-panel-muted.png", full_page=True)
    assert axe(monitor) == []
    panel.mouse.click(400, 600)
    expect(row.locator(".audio")).to_have_text("Activo")
    expect(help_note).to_be_hidden()


# Chromium's autoplay rule, kept by the page itself: Playwright runs every evaluate() and expect() with a user
# gesture, which lifts Chromium's own block for the page, so a test reading the page cannot keep it mute. Until a
# real touch (a trusted pointerdown), every play() is refused as Chromium refuses it.
BLOCK_UNTIL_TOUCHED = """(() => {
  let touched = false;
  document.addEventListener("pointerdown", (e) => { if (e.isTrusted) touched = true; }, true);
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    return touched ? play.call(this) : Promise.reject(new DOMException("no gesture", "NotAllowedError"));
  };
})();"""


def test_the_call_missed_while_mute_is_said_once_sound_comes_on(live_server, muted_page, panel_device,
                                                                counter) -> None:
    """A call made while the TV was mute: nobody heard it. The touch that turns sound on says it, once (calls made
    while mute used to be lost for good), and the next call is said as usual."""
    _device, token, area = panel_device
    for _ in range(3):
        issue_ticket(counter.tx, actor=SYSTEM)
    page = muted_page(1920, 1080, reduced_motion="reduce")
    page.add_init_script(BLOCK_UNTIL_TOUCHED)
    panel = open_panel(lambda *_size, **_options: page, live_server, token, area=area)
    expect(panel.locator("#main")).to_have_attribute("data-audio", "muted")
    missed = desks.call_next(counter.desks[0], actor=SYSTEM).label
    expect(panel.locator("#current .num")).to_have_text(missed)
    panel.wait_for_function("() => window.__announcements.length === 1 && window.__announcements[0].done > 0")
    assert panel.evaluate("window.__announcements[0].spoken") is False  # refused: the room heard nothing
    panel.mouse.click(400, 600)
    expect(panel.locator("#main")).to_have_attribute("data-audio", "ok")
    panel.wait_for_function("() => window.__announcements.length === 2 && window.__announcements[1].done > 0")
    again = panel.evaluate("window.__announcements[1]")
    assert (again["number"], again["text"], again["spoken"]) == (missed, panel.evaluate(
        "window.__announcements[0].text"), True)
    panel.mouse.click(400, 600)  # another touch says nothing more
    following = desks.call_next(counter.desks[1], actor=SYSTEM).label
    panel.wait_for_function("() => window.__announcements.length === 3 && window.__announcements[2].done > 0")
    assert [said["number"] for said in panel.evaluate("window.__announcements")] == [missed, missed, following]


@pytest.fixture(scope="module")
def default_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium with no autoplay flag at all: the browser's own default policy, as a TV set up without the README's
    `--autoplay-policy` would run it."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    args = [arg for arg in CHROMIUM_ARGS if not arg.startswith("--autoplay-policy")]
    instance = browser.browser_type.launch(executable_path=executable, headless=True, args=args)
    yield instance
    instance.close()


def test_a_panel_under_the_default_autoplay_policy_still_shows_and_queues_calls(live_server, default_browser,
                                                                                panel_device, counter) -> None:
    """Whatever the browser decides about sound, calls show and list in order, and every call goes through the
    announcement queue in turn (a refused chime must not stop the next one); the audio state is known."""
    _device, token, area = panel_device
    for _ in range(3):
        issue_ticket(counter.tx, actor=SYSTEM)
    with page_factory(default_browser, default_size=(1920, 1080)) as make:
        panel = open_panel(make, live_server, token, area=area)
        expect(panel.locator("#main")).to_have_attribute("data-audio", re.compile("^(ok|muted)$"))
        first = desks.call_next(counter.desks[0], actor=SYSTEM).label
        second = desks.call_next(counter.desks[1], actor=SYSTEM).label
        expect(panel.locator("#current .num")).to_have_text(second)
        expect(panel.locator("#history li .num")).to_have_text([first])
        panel.wait_for_function("() => window.__announcements.length === 2 && window.__announcements[0].done > 0")
        assert [said["number"] for said in panel.evaluate("window.__announcements")] == [first, second]
        banner = expect(panel.locator("#sound-off"))
        if panel.locator("#main").get_attribute("data-audio") == "muted":
            banner.to_be_visible()  # the browser refused: the room's staff are told to touch the screen
        else:
            banner.to_be_hidden()
