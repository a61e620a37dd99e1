"""«Todas las salas» names the room of every call. An audit saw «I-001 → BOI» and «L-001 Asesoría Legal» on the
panel of both rooms with no room: BOI and Asesoría Legal are in the Mezanine, and a customer waiting in Plataforma
could not tell where to go."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.actors import SYSTEM
from core.tickets import desks, engine
from tests.browser.test_panel_desk import open_panel
from tests.helpers import FrozenClock, device_token
from tests.shots import shot

pytestmark = pytest.mark.browser

MIN_ROOM_PX = 28  # 1.5vw at 1920 px: the room under a desk under «Últimos llamados»

ROOMS = """() => Array.from(document.querySelectorAll("#history li")).filter((li) => !li.hidden).map((li) => {
  const room = li.querySelector(".room");
  return { num: li.querySelector(".num").textContent, room: room ? room.textContent.trim() : null,
           roomPx: room ? parseFloat(getComputedStyle(room).fontSize) : 0,
           roomCut: room ? room.scrollWidth > room.clientWidth + 1 : false,
           rowHeight: li.getBoundingClientRect().height };
})"""


def test_the_all_rooms_panel_says_in_which_room_each_call_is(app, live_server, new_page) -> None:
    clock = FrozenClock()
    for tx in ("PV_SEG_RECLAMO", "PV_FISCALIA", "V_CREDITO"):  # BOI and Asesoría Legal (Mezanine), Mesón 19
        engine.issue_ticket(tx, actor=SYSTEM)
    boi = desks.call_next("BOI", actor=SYSTEM).label
    clock.advance(seconds=20)
    legal = desks.call_next("LEGAL", actor=SYSTEM).label
    panel = open_panel(new_page, live_server, device_token("panel", "panel-todas", area="ALL"), area="ALL",
                       motion=True)
    expect(panel.locator("#current .num")).to_have_text(legal)
    expect(panel.locator("#current .room")).to_have_text("Sala: Mezanine")
    expect(panel.locator("#history li .room")).to_have_text(["Mezanine"])

    clock.advance(seconds=20)
    credit = desks.call_next("M19", actor=SYSTEM).label  # live: the call carries its room's code only
    expect(panel.locator("#current .num")).to_have_text(credit)
    expect(panel.locator("#current .desk")).to_have_text("Mesón 19")
    expect(panel.locator("#current .room")).to_have_text("Sala: Plataforma de Servicios")
    expect(panel.locator("#history li .num")).to_have_text([legal, boi])
    rows = panel.evaluate(ROOMS)
    assert [row["room"] for row in rows] == ["Mezanine", "Mezanine"], rows
    for row in rows:
        assert row["roomPx"] >= MIN_ROOM_PX and not row["roomCut"] and row["rowHeight"] <= 100, row
    room_px = panel.locator("#current .room").evaluate("(n) => parseFloat(getComputedStyle(n).fontSize)")
    assert room_px >= 40, room_px  # the call's room, read across the room
    shot(panel, "panel-all-rooms-1920x1080.png")

    # One room's panel says nothing more: every call on it is in that room.
    mezanine = open_panel(new_page, live_server, device_token("panel", "panel-mez", area="MEZ"), area="MEZ")
    expect(mezanine.locator("#current .num")).to_have_text(legal)
    expect(mezanine.locator("#history li .num")).to_have_text([boi])
    expect(mezanine.locator(".room")).to_have_count(0)
