"""The issue's acceptance: a desk calls, the panel beside it shows, says and lists the call."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.actors import SYSTEM
from core.tickets import engine
from tests.helpers import KIOSK_TX, PASSWORD, device_token, make_user

pytestmark = pytest.mark.browser

SHOTS = "/tmp/turnero-shots"


def open_desk(new_page, server, username: str = "asesor1", desk: str = "P01") -> Page:
    """Sign in through the real form and pick the desk."""
    page = new_page(1280, 900)
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url("**/desk")
    page.select_option("select[name=desk]", desk)
    page.click("#desk-choice button[type=submit]")
    expect(page.locator("#console")).to_have_attribute("data-desk", desk)
    expect(page.locator("#live")).to_have_attribute("data-state", "online")
    return page


def open_panel(new_page, server, token: str, area: str = "PLAT") -> Page:
    page = new_page(1920, 1080)
    page.goto(f"{server.url}/display/{area}?token={token}")
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")
    expect(page.locator("#main")).to_have_attribute("data-seq", re.compile(r"\d+"))
    return page


@pytest.fixture
def office(app):
    """An agent, a panel for Plataforma and three waiting tickets for the Plataforma advisers."""
    make_user("asesor1", "agent")
    token = device_token("panel", "panel-plataforma", area="PLAT")
    for _ in range(3):
        engine.issue_ticket(KIOSK_TX, actor=SYSTEM)
    return token


def test_call_next_reaches_the_panel(live_server, new_page, office) -> None:
    """Clicking *Llamar siguiente* shows A-001 → Mesón 1 on the open panel, pushed without a reload.
    (How fast is measured by `python -m bench.socket_fanout`.)"""
    desk, panel = open_desk(new_page, live_server), open_panel(new_page, live_server, office)
    panel.evaluate("window.__sameDocument = true")
    desk.click("[data-action=call-next]")
    expect(panel.locator("#current .num")).to_have_text("A-001")
    assert panel.evaluate("window.__sameDocument === true")
    expect(panel.locator("#current .desk")).to_have_text("Mesón 1")
    expect(panel.locator(".current")).to_have_class("current is-new")


def test_panel_announces_the_spanish_sentence(live_server, new_page, office) -> None:
    """The panel plays the server's audio for «Ficha A cero cero uno, pase a mesón uno»."""
    desk, panel = open_desk(new_page, live_server), open_panel(new_page, live_server, office)
    desk.click("[data-action=call-next]")
    panel.wait_for_function("() => window.__announcements.length === 1")
    said = panel.evaluate("window.__announcements[0]")
    assert said["text"] == "Ficha A cero cero uno, pase a mesón uno"
    assert said["mode"] == "audio" and said["audio"].startswith("/display/audio/")
    assert said["number"] == "A-001" and said["recall"] is False


def test_announced_audio_is_a_valid_wav(live_server, new_page, office) -> None:
    """The audio the panel asked for exists on the server and is a non-empty RIFF/WAVE file."""
    desk, panel = open_desk(new_page, live_server), open_panel(new_page, live_server, office)
    desk.click("[data-action=call-next]")
    panel.wait_for_function("() => window.__announcements.length === 1")
    audio = panel.request.get(live_server.url + panel.evaluate("window.__announcements[0].audio"))
    body = audio.body()
    assert audio.status == 200 and audio.headers["content-type"] == "audio/wav"
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE" and len(body) > 20_000
    assert int.from_bytes(body[4:8], "little") == len(body) - 8


def test_history_lists_the_previous_calls(live_server, new_page, office) -> None:
    """After a second call the first one moves to «Últimos llamados»."""
    desk, panel = open_desk(new_page, live_server), open_panel(new_page, live_server, office)
    desk.click("[data-action=call-next]")
    expect(desk.locator("#console")).to_have_attribute("data-current", "A-001")
    desk.keyboard.press("f")
    desk.click("#dlg-finish button[type=submit]")
    expect(desk.locator("#console")).to_have_attribute("data-current", "")
    desk.keyboard.press("n")
    expect(panel.locator("#current .num")).to_have_text("A-002")
    expect(panel.locator("#history li").first.locator(".num")).to_have_text("A-001")
    expect(panel.locator("#waiting li[data-queue=PLAT] .count")).to_have_text("1")
    panel.wait_for_function("() => window.__announcements.length === 2")


def test_recall_repeats_the_announcement_after_the_first(live_server, new_page, office) -> None:
    """*Volver a llamar* queues the same sentence again; announcements never overlap."""
    desk, panel = open_desk(new_page, live_server), open_panel(new_page, live_server, office)
    desk.click("[data-action=call-next]")
    expect(desk.locator("[data-action=recall]")).to_be_enabled()
    desk.click("[data-action=recall]")
    panel.wait_for_function("() => window.__announcements.length === 2 && window.__announcements[0].done > 0")
    first, second = panel.evaluate("window.__announcements")
    assert first["text"] == second["text"] and second["recall"] is True
    assert second["at"] >= first["done"]  # the second starts only after the first has finished


def test_panel_screenshot_and_accessibility(live_server, new_page, office, axe) -> None:
    """The panel at 1920×1080 has no serious or critical axe violations (screenshot kept for review)."""
    desk, panel = open_desk(new_page, live_server), open_panel(new_page, live_server, office)
    desk.click("[data-action=call-next]")
    expect(panel.locator("#current .num")).to_have_text("A-001")
    panel.screenshot(path=f"{SHOTS}/panel.png")
    desk.screenshot(path=f"{SHOTS}/desk.png")
    assert axe(panel) == []


def test_without_espeak_the_panel_hands_the_sentence_to_speech_synthesis(app, live_server, new_page, office) -> None:
    """A server without espeak-ng: the panel announces through the browser's voice with the same sentence."""
    app.config["TTS_COMMAND"] = "espeak-ng-not-installed"
    desk, panel = open_desk(new_page, live_server), open_panel(new_page, live_server, office)
    expect(panel.locator("#main")).to_have_attribute("data-voice", "browser")
    desk.click("[data-action=call-next]")
    panel.wait_for_function("() => window.__announcements.length === 1")
    said = panel.evaluate("window.__announcements[0]")
    assert (said["mode"], said["audio"], said["text"]) == ("speech", None, "Ficha A cero cero uno, pase a mesón uno")
