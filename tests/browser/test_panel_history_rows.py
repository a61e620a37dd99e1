"""«Últimos llamados» on a 1920×1080 TV read from across the room: one line per call, whatever the desk's name,
and a call still on call never left out. An audit saw «B-» over «002» and «Mezanine BOC» over «1»: rows grew from
90 to 159 px, four calls of eight fitted on «Mezanine» and two on «Todas las salas», and B-009, still on call at
the other desk and highlighted, was on neither."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core import lookups
from core.actors import SYSTEM
from core.tickets import desks, engine
from tests.browser.test_panel_desk import open_panel
from tests.builders import make_desk
from tests.helpers import FrozenClock, device_token
from tests.shots import shot

pytestmark = pytest.mark.browser

LONG_DESK = "Coordinador Técnico Comercial"
MIN_NUMBER_PX = 55  # 3.1vw: the number under «Últimos llamados» keeps its size
MIN_DESK_PX = 30  # a long desk name shrinks, down to 1.6vw


@pytest.fixture
def mezanine(app) -> dict[str, object]:
    """«Mezanine BOC 1» calls and serves customer after customer while «Coordinador Técnico Comercial» waits for
    the one it called before them (on call, 7th of the 8 calls listed); the 8th was served there earlier."""
    clock = FrozenClock()
    boc, tx = "BOC1", "PV_RECLAMO_FACT"  # the seeded «Mezanine BOC 1» and a trámite of its queue, B
    ctc = make_desk(queues=[lookups.queue("BOC")], name=LONG_DESK).code
    for _ in range(10):
        engine.issue_ticket(tx, actor=SYSTEM)
    served_there = desks.call_next(ctc, actor=SYSTEM).label
    desks.finish(ctc, actor=SYSTEM)
    clock.advance(seconds=20)
    on_call = desks.call_next(ctc, actor=SYSTEM).label
    for _ in range(6):
        clock.advance(seconds=20)
        desks.call_next(boc, actor=SYSTEM)
        desks.finish(boc, actor=SYSTEM)
    clock.advance(seconds=20)
    current = desks.call_next(boc, actor=SYSTEM).label
    return {"area": "MEZ", "on_call": on_call, "served_there": served_there, "current": current}


ROWS = """() => Array.from(document.querySelectorAll("#history li")).filter((li) => !li.hidden).map((li) => {
  const num = li.querySelector(".num"), desk = li.querySelector(".desk");
  const lines = (n) => { const r = document.createRange(); r.selectNodeContents(n);
                         return new Set(Array.from(r.getClientRects()).map((box) => Math.round(box.top))).size; };
  return { num: num.textContent, numLines: lines(num), numPx: parseFloat(getComputedStyle(num).fontSize),
           numCut: num.scrollWidth > num.clientWidth + 1 || num.getClientRects().length !== 1,
           desk: desk.textContent, deskLines: lines(desk), deskPx: parseFloat(getComputedStyle(desk).fontSize),
           deskCut: (() => { const r = document.createRange(); r.selectNodeContents(desk);
                             return r.getBoundingClientRect().width > desk.getBoundingClientRect().width + 0.5; })(),
           rowHeight: li.getBoundingClientRect().height, onCall: li.classList.contains("is-on-call"),
           bottom: li.getBoundingClientRect().bottom };
})"""


def check_rows(panel: Page, room: dict[str, object], least: int) -> list[dict]:
    expect(panel.locator("#current .num")).to_have_text(str(room["current"]))
    expect(panel.locator("#history li")).to_have_count(8)  # «Llamadas anteriores en el panel»: 8
    rows = panel.evaluate(ROWS)
    box = panel.locator("section.history").bounding_box()
    assert len(rows) >= least, f"only {len(rows)} of 8 calls fit: {[row['num'] for row in rows]}"
    for row in rows:
        assert row["numLines"] == 1 and not row["numCut"], f"{row['num']} wraps or is cut"
        assert row["numPx"] >= MIN_NUMBER_PX, row
        assert row["deskLines"] == 1 and row["deskPx"] >= MIN_DESK_PX and not row["deskCut"], row
        if row["num"] != room["on_call"]:
            assert row["desk"] == "Mezanine BOC 1", row  # shrunk a little if need be, never cut: its «1» tells it
        assert row["rowHeight"] <= 100, f"{row['num']}: {row['rowHeight']} px high"
        assert row["bottom"] <= box["y"] + box["height"] + 1, f"{row['num']} is cut at the bottom"
    on_call = [row for row in rows if row["num"] == room["on_call"]]
    assert on_call and on_call[0]["onCall"], f"{room['on_call']}, still on call, is not in sight"
    assert room["served_there"] not in [row["num"] for row in rows]  # the oldest finished call left first
    return rows


def test_an_area_panel_lists_one_line_per_call_and_keeps_the_call_still_on_call(live_server, new_page,
                                                                                mezanine) -> None:
    token = device_token("panel", "panel-mezanine", area=mezanine["area"])
    panel = open_panel(new_page, live_server, token, area=mezanine["area"], motion=True)
    rows = check_rows(panel, mezanine, least=6)
    long_rows = [row for row in rows if row["num"] == mezanine["on_call"]]
    assert long_rows[0]["desk"].startswith("Coordinador Técnico")  # as much as one line holds, then «…»
    shot(panel, "panel-history-mezanine-1920x1080.png")


def test_the_all_rooms_panel_keeps_the_call_still_on_call_too(live_server, new_page, mezanine) -> None:
    """«Todas las salas» lists every queue of the office below: fewer rows fit, and still the call on call is one."""
    token = device_token("panel", "panel-todas", area="ALL")
    panel = open_panel(new_page, live_server, token, area="ALL", motion=True)
    check_rows(panel, mezanine, least=4)
    shot(panel, "panel-history-all-1920x1080.png")
