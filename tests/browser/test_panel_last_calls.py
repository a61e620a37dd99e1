"""«Llamando» and «Últimos llamados» on a real panel beside two desks, as an audit used them: asesor1's call stays
«Llamada» while asesor2 calls and finishes customer after customer. The list stays in call order (the latest call
or recall first) on live calls, finishes and reloads; an old call never comes back to «Llamando» as if made now,
nor is it announced again; and «Llamadas anteriores en el panel» (0 too) reaches a panel that is on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.actors import SYSTEM
from core.org import settings_edit
from core.tickets import desks, engine
from tests.browser.test_panel_desk import open_panel
from tests.builders import Counter, make_counter
from tests.helpers import FrozenClock, actor_for, device_token

pytestmark = pytest.mark.browser


@pytest.fixture
def room(app) -> tuple[Counter, FrozenClock, str]:
    """Two desks of one queue, ten customers waiting, the room's panel token; the server's clock moved by hand."""
    clock = FrozenClock()
    counter = make_counter(desks=2)
    for _ in range(10):
        counter.issue()
    return counter, clock, device_token("panel", "panel-sala", area=counter.area.code)


def numbers(panel: Page) -> list[str]:
    return panel.locator("#history li .num").all_inner_texts()


# The rows of «Últimos llamados» painted apart from the list (whatever the class that paints them), as a person sees.
HIGHLIGHTED = """(want) => JSON.stringify(Array.from(document.querySelectorAll("#history li"))
  .filter((li) => getComputedStyle(li).backgroundColor !== getComputedStyle(li.parentNode).backgroundColor)
  .map((li) => li.querySelector(".num").textContent)) === JSON.stringify(want)"""


def expect_highlighted(panel: Page, want: list[str]) -> None:
    panel.wait_for_function(HIGHLIGHTED, arg=want)


def test_a_call_still_on_call_is_listed_in_call_order(live_server, new_page, room) -> None:
    """asesor1 calls A; asesor2 calls and finishes B (A, 40 s old, comes back to «Llamando»), then calls C: the list
    reads B then A, as the calls were made, live and after a reload (A used to jump to the top)."""
    counter, clock, token = room
    panel = open_panel(new_page, live_server, token, counter.area.code)
    first_agent, other = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    a = desks.call_next(counter.desks[0], actor=first_agent).label
    expect(panel.locator("#current .num")).to_have_text(a)
    clock.advance(seconds=20)
    b = desks.call_next(counter.desks[1], actor=other).label
    expect(panel.locator("#current .num")).to_have_text(b)
    clock.advance(seconds=20)
    desks.finish(counter.desks[1], actor=other)
    expect(panel.locator("#current .num")).to_have_text(a)  # recent, still awaited: the room may still be walking
    expect(panel.locator("#history li .num")).to_have_text([b])
    clock.advance(seconds=20)
    c = desks.call_next(counter.desks[1], actor=other).label
    expect(panel.locator("#current .num")).to_have_text(c)
    expect(panel.locator("#history li .num")).to_have_text([b, a])
    clock.advance(seconds=20)
    desks.recall(counter.desks[0], actor=first_agent)  # a recall is the latest call
    expect(panel.locator("#current .num")).to_have_text(a)
    expect(panel.locator("#history li .num")).to_have_text([c, b])
    live = numbers(panel)
    panel.reload()
    expect(panel.locator("#main")).to_have_attribute("data-connected", "1")
    expect(panel.locator("#current .num")).to_have_text(a)
    assert numbers(panel) == live


def test_an_old_call_never_comes_back_as_new(live_server, new_page, room) -> None:
    """The audit: A called at 02:58 and never finished; ten minutes later the other desk calls and finishes four
    customers. After each finish «Llamando» reads «Espere su turno» (not «A → Mesón» 11 minutes late); A keeps its
    place at the bottom of the list; the room hears each call once, A never again."""
    counter, clock, token = room
    page = new_page(1920, 1080, reduced_motion="reduce")
    # Silent announcements (no chime, no voice to play): five of them in turn, not 35 s of audio.
    page.route("**/display/audio/**", lambda route: route.abort())
    page.route("**/chime.wav", lambda route: route.abort())
    panel = open_panel(lambda *_size, **_options: page, live_server, token, counter.area.code)
    other = actor_for("asesor2", "agent")
    a = desks.call_next(counter.desks[0], actor=actor_for("asesor1", "agent")).label
    expect(panel.locator("#current .num")).to_have_text(a)
    clock.advance(minutes=10)
    called: list[str] = []
    for _ in range(4):
        called.append(desks.call_next(counter.desks[1], actor=other).label)
        expect(panel.locator("#current .num")).to_have_text(called[-1])
        expect(panel.locator("#history li .num")).to_have_text([*called[-2::-1], a])
        clock.advance(seconds=40)
        desks.finish(counter.desks[1], actor=other)
        expect(panel.locator("#current .idle")).to_have_text("Espere su turno")
        expect(panel.locator("#history li .num")).to_have_text([*called[::-1], a])
        clock.advance(seconds=20)
    panel.wait_for_function("() => window.__announcements.length === 5 && window.__announcements.every((a) => a.done)")
    assert [said["number"] for said in panel.evaluate("window.__announcements")] == [a, *called]
    panel.reload()
    expect(panel.locator("#main")).to_have_attribute("data-connected", "1")
    expect(panel.locator("#current .idle")).to_have_text("Espere su turno")
    assert numbers(panel) == [*called[::-1], a]


def test_previous_calls_setting_reaches_an_open_panel_and_zero_lists_none(live_server, new_page, room) -> None:
    """«Llamadas anteriores en el panel» = 0 while the panel is on, the two desks calling in turn: the list empties
    and stays empty on the next calls (a live call used to put the previous one back); a panel loaded with 0 lists
    none either (0 was read as 8); 2 lists two."""
    counter, _clock, token = room
    panel = open_panel(new_page, live_server, token, counter.area.code)
    agents = (actor_for("asesor1", "agent"), actor_for("asesor2", "agent"))
    called: list[str] = []

    def call() -> None:
        """The desk that did not make the latest call finishes its customer and calls the next one."""
        desk = len(called) % 2
        if len(called) >= 2:
            desks.finish(counter.desks[desk], actor=agents[desk])
        called.append(desks.call_next(counter.desks[desk], actor=agents[desk]).label)
        expect(panel.locator("#current .num")).to_have_text(called[-1])

    call()
    call()
    expect(panel.locator("#history li .num")).to_have_text([called[0]])
    settings_edit.save({"panel_history": 0}, actor=SYSTEM)
    expect(panel.locator("#history li")).to_have_count(0)
    call()
    expect(panel.locator("#history li")).to_have_count(0)
    panel.reload()
    expect(panel.locator("#main")).to_have_attribute("data-connected", "1")
    call()
    expect(panel.locator("#history li")).to_have_count(0)
    settings_edit.save({"panel_history": 2}, actor=SYSTEM)
    expect(panel.locator("#history li .num")).to_have_text(called[-2:-4:-1])
    call()
    expect(panel.locator("#history li .num")).to_have_text(called[-2:-4:-1])


def test_only_calls_still_on_call_are_highlighted(live_server, new_page, room) -> None:
    """The highlight under «Últimos llamados» means «still being called»: a served customer's row is plain at once
    (the newest row used to stay highlighted after its finish, read across the room as a call), one still on call
    at another desk keeps it wherever it is listed, and a transfer or a cancel takes theirs away; live, after a
    reload, and in the same call order as before."""
    counter, clock, token = room
    panel = open_panel(new_page, live_server, token, counter.area.code)
    first_agent, other = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    a = desks.call_next(counter.desks[0], actor=first_agent)
    clock.advance(seconds=20)
    b = desks.call_next(counter.desks[1], actor=other).label
    expect(panel.locator("#current .num")).to_have_text(b)
    expect_highlighted(panel, [a.label])  # asesor1 still waits for A
    clock.advance(seconds=20)
    desks.finish(counter.desks[1], actor=other)
    expect(panel.locator("#current .num")).to_have_text(a.label)
    expect(panel.locator("#history li .num")).to_have_text([b])
    expect_highlighted(panel, [])  # B was served
    clock.advance(seconds=20)
    c = desks.call_next(counter.desks[1], actor=other).label
    expect(panel.locator("#history li .num")).to_have_text([b, a.label])
    expect_highlighted(panel, [a.label])
    panel.reload()
    expect(panel.locator("#main")).to_have_attribute("data-connected", "1")
    expect(panel.locator("#current .num")).to_have_text(c)
    expect(panel.locator("#history li .num")).to_have_text([b, a.label])
    expect_highlighted(panel, [a.label])
    clock.advance(seconds=20)
    engine.transfer(a.id, actor=SYSTEM, desk=counter.desks[1])  # A goes back to waiting, for the other desk
    expect(panel.locator("#history li .num")).to_have_text([b])
    expect_highlighted(panel, [])
    clock.advance(seconds=20)
    e = desks.call_next(counter.desks[0], actor=first_agent)
    clock.advance(seconds=20)
    desks.finish(counter.desks[1], actor=other)  # C served: «Llamando» keeps E, still on call
    expect(panel.locator("#current .num")).to_have_text(e.label)
    expect(panel.locator("#history li .num")).to_have_text([c, b])
    expect_highlighted(panel, [])
    f = desks.call_next(counter.desks[1], actor=other).label
    expect(panel.locator("#current .num")).to_have_text(f)
    expect_highlighted(panel, [e.label])
    engine.cancel(e.id, actor=SYSTEM)
    expect(panel.locator("#history li .num")).to_have_text([c, b])
    expect_highlighted(panel, [])
    panel.reload()
    expect(panel.locator("#main")).to_have_attribute("data-connected", "1")
    expect(panel.locator("#current .num")).to_have_text(f)
    expect(panel.locator("#history li .num")).to_have_text([c, b])
    expect_highlighted(panel, [])
