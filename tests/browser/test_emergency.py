"""«Emergencia» from the desk console reaches a supervisor's monitor in real Chromium: visible and sounding with
desk, agent and time until «Atendida»; the console's button exists only when the setting is on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.extensions import db
from core.models import EmergencyAlert, Setting
from tests.browser.snapshots import deliver, held_snapshot
from tests.browser.test_admin_pages import open_monitor, queue_row
from tests.browser.test_panel_desk import open_desk
from tests.shots import shot

pytestmark = pytest.mark.browser


def switch_on() -> None:
    db.session.merge(Setting(key="desk_emergency", value="on"))
    db.session.commit()


def press_emergency(desk: Page) -> None:
    """The agent presses «Emergencia» and reads the quiet confirmation."""
    desk.get_by_role("button", name="Emergencia").click()
    expect(desk.locator("#message")).to_contain_text("Aviso enviado a supervisión")


def test_no_button_unless_switched_on(live_server, new_page, counter, agent) -> None:
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    expect(page.locator("[data-action=emergency]")).to_have_count(0)


def test_emergency_reaches_the_supervisors_monitor(live_server, new_page, counter, agent, axe) -> None:
    """The agent presses «Emergencia»: the monitor shows desk, agent and time, sounds, and keeps it until a
    supervisor presses «Atendida»; the desk sees only a quiet confirmation."""
    switch_on()
    monitor = open_monitor(new_page, live_server)
    box = monitor.locator("#emergencies")
    expect(box).to_be_hidden()
    desk = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    press_emergency(desk)
    assert axe(desk) == []  # the console with its «Emergencia» button

    expect(box).to_be_visible()
    alert = box.get_by_role("alert")
    expect(alert).to_contain_text(f"Mesón {counter.desk} · asesor1 · ")
    expect(alert).to_contain_text(":")  # the La Paz time it was raised
    expect(box).to_have_attribute("data-sound", "playing")
    assert axe(monitor) == []
    shot(monitor, "monitor_emergency.png")

    monitor.reload()  # still there for a monitor opened (or reloaded) later
    expect(box.get_by_role("alert")).to_contain_text(f"Mesón {counter.desk}")
    box.get_by_role("button", name=f"Emergencia en Mesón {counter.desk} atendida").click()
    expect(box).to_be_hidden()
    expect(box).to_have_attribute("data-sound", "off")
    db.session.remove()
    [row] = db.session.scalars(db.select(EmergencyAlert)).all()
    assert row.acknowledged_by == "supervisora" and row.acknowledged_at is not None


def test_a_snapshot_older_than_the_acknowledgment_does_not_bring_the_alert_back(live_server, new_page, counter,
                                                                               agent) -> None:
    """The monitor fetches a snapshot on every (re)connect. One that left the server before «Atendida» still
    lists the alert; arriving after it, it must not make the alert reappear and sound again."""
    switch_on()
    desk = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    press_emergency(desk)
    monitor = open_monitor(new_page, live_server)
    box = monitor.locator("#emergencies")
    route, stale = held_snapshot(monitor)
    assert [a["desk_name"] for a in stale.json()["emergencies"]] == [f"Mesón {counter.desk}"]  # it lists it
    box.get_by_role("button", name=f"Emergencia en Mesón {counter.desk} atendida").click()
    expect(box).to_be_hidden()
    deliver(monitor, route, stale, counter)
    expect(box).to_be_hidden()
    expect(box).to_have_attribute("data-sound", "off")


def test_an_alert_raised_while_the_snapshot_is_on_its_way_stays(live_server, new_page, counter, agent) -> None:
    """A snapshot read before the agent pressed «Emergencia» lacks the alert; arriving after the alert did, it
    must not wipe it off the supervisor's screen."""
    switch_on()
    monitor = open_monitor(new_page, live_server)
    box = monitor.locator("#emergencies")
    desk = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    route, stale = held_snapshot(monitor)
    assert stale.json()["emergencies"] == []
    desk.get_by_role("button", name="Emergencia").click()
    expect(box.get_by_role("alert")).to_contain_text(f"Mesón {counter.desk}")
    deliver(monitor, route, stale, counter)
    expect(box.get_by_role("alert")).to_contain_text(f"Mesón {counter.desk}")
    expect(box).to_have_attribute("data-sound", "playing")


def test_a_press_on_atendida_outlasts_a_redraw_of_the_monitor(live_server, new_page, counter, agent) -> None:
    """The monitor redraws on every ticket and desk event. A supervisor's press on «Atendida» that spans one (a click
    lasts about 100 ms, a busy office sends events every few seconds) still acknowledges the alert: the list was
    rebuilt with new buttons each time, so the press ended on another button than it began on, and no click came."""
    switch_on()
    desk = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    press_emergency(desk)
    monitor = open_monitor(new_page, live_server)
    box = monitor.locator("#emergencies")
    attended = box.get_by_role("button", name=f"Emergencia en Mesón {counter.desk} atendida")
    expect(attended).to_be_visible()
    waiting = queue_row(monitor, counter).locator(".waiting")
    expect(waiting).to_have_text("0")
    spot = attended.bounding_box()
    monitor.mouse.move(spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
    monitor.mouse.down()
    counter.issue()  # its ticket_changed: the monitor redraws while the button is held
    expect(waiting).to_have_text("1")
    monitor.mouse.up()
    expect(box).to_be_hidden()
    expect(box).to_have_attribute("data-sound", "off")
