"""Waiting counts on a 1920×1080 TV read from 6 m: every queue's full name, at ≥ 48 px (capitals ≥ 20 mm on a
55" screen), all on screen beside a call and the history."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from core.actors import SYSTEM
from core.extensions import db
from core.models import Queue
from core.panels import media_slot
from core.tickets import desks, engine
from tests.browser.test_panel_desk import open_panel
from tests.builders import make_area, make_desk, make_queue, make_transaction
from tests.helpers import device_token
from tests.panels.test_panel_media import png_bytes
from tests.shots import shot

pytestmark = pytest.mark.browser

# The longest names an office uses (COMTECO's main room has these six queues).
NAMES = ["Asesores Comerciales de Plataforma", "Crédito al Socio", "HSPA+ y decodificadores",
         "Coordinador Técnico Comercial", "Dealer: equipos y accesorios", "Unidad de Cartera"]
MIN_FONT_PX = 48


@pytest.fixture
def big_room(app):
    area = make_area(name="Plataforma de Servicios")
    queues = [make_queue(area=area, name=name) for name in NAMES]
    desk = make_desk(queues=[queues[0]], name="Mesón 19")
    tx = make_transaction(queues[0]).code
    for _ in range(8):
        engine.issue_ticket(tx, actor=SYSTEM)
    for _ in range(8):
        desks.call_next(desk.code, actor=SYSTEM)
        desks.finish(desk.code, actor=SYSTEM)
    engine.issue_ticket(tx, actor=SYSTEM)
    desks.call_next(desk.code, actor=SYSTEM)
    return area, device_token("panel", "panel-grande", area=area.code)


def test_waiting_counts_show_full_names_readable_from_six_metres(live_server, new_page, big_room) -> None:
    area, token = big_room
    panel = open_panel(new_page, live_server, token, area=area.code, motion=True)
    expect(panel.locator("#current .num")).to_have_count(1)
    names = panel.locator("#waiting li .name")
    expect(names).to_have_text(NAMES, use_inner_text=True)
    shot(panel, "panel-waiting-1920x1080.png")
    for i in range(len(NAMES)):
        name = names.nth(i)
        expect(name, f"{NAMES[i]} is not fully on screen").to_be_in_viewport(ratio=1)
        size = name.evaluate("(n) => parseFloat(getComputedStyle(n).fontSize)")
        assert size >= MIN_FONT_PX, f"{NAMES[i]}: {size}px"
        clipped = name.evaluate("(n) => n.scrollWidth > n.clientWidth + 1 || n.scrollHeight > n.clientHeight + 1")
        assert not clipped, f"{NAMES[i]} is cut"
    expect(panel.locator("#history li")).not_to_have_count(0)
    expect(panel.locator("#history li").first).to_be_in_viewport(ratio=1)


def test_with_an_image_the_call_and_the_names_keep_their_room(app, live_server, new_page, big_room) -> None:
    """An image or video shares the right column with the history: the call is not squeezed out of its box and
    the six names stay whole on screen."""
    area, token = big_room
    media_slot.save(area.code, "promo.png", png_bytes(), instance_path=app.instance_path, actor=SYSTEM)
    panel = open_panel(new_page, live_server, token, area=area.code, motion=True)
    expect(panel.locator(".media img")).to_be_visible()
    shot(panel, "panel-waiting-media-1920x1080.png")
    box, number = panel.locator("section.current").bounding_box(), panel.locator("#current .num").bounding_box()
    assert box["y"] <= number["y"] and number["y"] + number["height"] <= box["y"] + box["height"]
    names = panel.locator("#waiting li .name")
    for i in range(len(NAMES)):
        expect(names.nth(i)).to_be_in_viewport(ratio=1)


def test_a_long_desk_name_stays_inside_the_call_box(app, live_server, new_page) -> None:
    """«T-001 → Coordinador Técnico Comercial» beside six long queue names: the whole call (label, number, desk on
    two lines) fits inside «Llamando», overlapping neither the header nor «Personas en espera»."""
    area = make_area(name="Plataforma de Servicios")
    queues = [make_queue(area=area, name=name) for name in NAMES]
    desk = make_desk(queues=[queues[3]], name="Coordinador Técnico Comercial")
    engine.issue_ticket(make_transaction(queues[3]).code, actor=SYSTEM)
    desks.call_next(desk.code, actor=SYSTEM)
    token = device_token("panel", "panel-ctc", area=area.code)
    panel = open_panel(new_page, live_server, token, area=area.code, motion=True)
    expect(panel.locator("#current .desk")).to_have_text("Coordinador Técnico Comercial")
    box = panel.locator(".current").bounding_box()
    for part in (".current .label", "#current .num", "#current .desk"):
        inner = panel.locator(part).first.bounding_box()
        assert box["y"] <= inner["y"] and inner["y"] + inner["height"] <= box["y"] + box["height"] + 1, part
    assert not panel.locator(".current").evaluate("(n) => n.scrollHeight > n.clientHeight + 1")
    shot(panel, "panel-long-desk-1920x1080.png")


@pytest.mark.parametrize("with_image", [False, True])
def test_the_history_shows_only_whole_calls(app, live_server, new_page, big_room, with_image) -> None:
    """Eight calls in «Últimos llamados»: the rows that do not fit are left out, never one cut in half at the
    bottom (it would read as another number)."""
    area, token = big_room
    if with_image:
        media_slot.save(area.code, "promo.png", png_bytes(), instance_path=app.instance_path, actor=SYSTEM)
    panel = open_panel(new_page, live_server, token, area=area.code, motion=True)
    expect(panel.locator("#history li:visible").first).to_be_visible()
    box = panel.locator("section.history").bounding_box()
    rows = panel.locator("#history li:visible")
    for i in range(rows.count()):
        row = rows.nth(i).bounding_box()
        assert row["y"] + row["height"] <= box["y"] + box["height"] + 1, f"row {i + 1} is cut"


@pytest.mark.parametrize(("tx", "desk", "desk_name"), [("PV_RECLAMO_FACT", "BOC1", "Mezanine BOC 1"),
                                                     ("V_COBERTURA", "CTC", "Coordinador Técnico Comercial")])
def test_the_all_rooms_panel_keeps_the_call_whole_beside_every_queue(app, live_server, new_page, tx, desk,
                                                                     desk_name) -> None:
    """«Todas las salas» lists every queue of the office (the COM-DSC-P01 seeds, five rows of counts): the call
    («Llamando», the number, the desk) still fits inside its box. With the box sized for six queues the desk's
    name was cut in half at the bottom, and the room could not read where to go. Nine queues in two columns took
    five rows and left the number 92 px high; in three columns it is ≥ 140 px, the names still ≥ 40 px."""
    engine.issue_ticket(tx, actor=SYSTEM)
    desks.call_next(desk, actor=SYSTEM)
    token = device_token("panel", "panel-todas", area="ALL")
    panel = open_panel(new_page, live_server, token, area="ALL", motion=True)
    expect(panel.locator("#current .desk")).to_have_text(desk_name)
    queues = db.session.scalar(select(func.count(Queue.id)).where(Queue.active.is_(True)))
    assert queues >= 9
    expect(panel.locator("#waiting li")).to_have_count(queues)
    shot(panel, f"panel-all-rooms-{desk}-1920x1080.png")
    box = panel.locator(".current").bounding_box()
    for part in (".current .label", "#current .num", "#current .desk"):
        inner = panel.locator(part).first.bounding_box()
        assert box["y"] <= inner["y"] and inner["y"] + inner["height"] <= box["y"] + box["height"] + 1, part
    assert not panel.locator(".current").evaluate("(n) => n.scrollHeight > n.clientHeight + 1")
    number = panel.locator("#current .num").evaluate("(n) => parseFloat(getComputedStyle(n).fontSize)")
    assert number >= 140, f"the called number is {number}px"
    for i in range(queues):
        name = panel.locator("#waiting li .name").nth(i)
        expect(name).to_be_in_viewport(ratio=1)
        assert name.evaluate("(n) => parseFloat(getComputedStyle(n).fontSize)") >= 40
        assert not name.evaluate("(n) => n.scrollWidth > n.clientWidth + 1 || n.scrollHeight > n.clientHeight + 1")
