"""Admin pages in real Chromium: the live monitor follows tickets without reloading, the statistics page draws
its charts, and axe-core finds no serious or critical violation on any admin page of this area."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.extensions import db
from core.realtime import outbox
from core.tickets import desks, engine
from tests.browser.login import log_in, signed_in
from tests.browser.snapshots import held_snapshot
from tests.builders import Counter, make_counter
from tests.helpers import FrozenClock, actor_for, make_user
from tests.services import wait_until
from tests.shots import shot

pytestmark = pytest.mark.browser

PAGES = ["/admin/", "/admin/monitor", "/admin/estadisticas", "/admin/auditoria", "/admin/auditoria/cambios",
         "/admin/catalogo",
         "/admin/catalogo/nuevo", "/admin/folletos", "/admin/directorio", "/admin/salas", "/admin/salas/nueva",
         "/admin/colas", "/admin/colas/nueva", "/admin/mesones", "/admin/mesones/nuevo", "/admin/avisos",
         "/admin/avisos/nuevo", "/admin/parametros", "/admin/usuarios", "/admin/usuarios/nuevo",
         "/admin/dispositivos", "/admin/dispositivos/nuevo"]


def sign_in(new_page, server, username: str, width: int = 1440, height: int = 1000, path: str = "/admin/") -> Page:
    """A page signed in as `username` (session cookie, not the form: tests/browser/login.py) showing `path`."""
    page = signed_in(new_page(width, height), server, username, path)
    page.wait_for_url(f"**{path}")
    return page


def open_monitor(new_page, server, via_form: bool = False) -> Page:
    """The live monitor, signed in by cookie or (`via_form`) through the login page and the dashboard."""
    make_user("supervisora", "supervisor")
    page = new_page(1440, 1000)
    if via_form:
        log_in(page, server, "supervisora")
        page.wait_for_url("**/admin/")
    with page.expect_response("**/admin/monitor/snapshot"):  # the resync that follows the socket's connect
        if via_form:
            page.goto(f"{server.url}/admin/monitor")
        else:
            signed_in(page, server, "supervisora", "/admin/monitor")
    expect(page.locator("#live-status")).to_have_text("En vivo")
    return page


def queue_row(page: Page, counter: Counter):
    return page.locator(f'tr[data-queue="{counter.queue.code}"]')


def test_monitor_shows_an_issued_ticket_live(live_server, new_page, counter) -> None:
    """A ticket issued at the kiosk appears in its queue's waiting count and the event list, without reload."""
    page = open_monitor(new_page, live_server)
    expect(queue_row(page, counter).locator(".waiting")).to_have_text("0")
    ticket = counter.issue()
    expect(queue_row(page, counter).locator(".waiting")).to_have_text("1")
    expect(queue_row(page, counter).locator(".longest")).to_have_class("num longest sla-ok")
    expect(page.locator("#event-rows tr").first).to_contain_text(ticket.label)


def test_monitor_shows_a_call_live(live_server, new_page, counter) -> None:
    """When a desk calls, the queue empties and the desk row shows agent, ticket and a running time."""
    ticket = counter.issue()
    page = open_monitor(new_page, live_server)
    expect(queue_row(page, counter).locator(".waiting")).to_have_text("1")
    desks.call_next(counter.desk, actor=actor_for("asesor1", "agent"))
    row = page.locator(f'tr[data-desk="{counter.desk}"]')
    expect(row.locator(".ticket")).to_have_text(f"{ticket.label} (llamada)")
    expect(row.locator(".agent")).to_have_text("asesor1")
    expect(row.locator(".state")).to_have_text("Abierto")
    expect(row.locator(".elapsed")).to_have_text(re.compile(r"^0:\d\d$"))
    expect(queue_row(page, counter).locator(".waiting")).to_have_text("0")
    expect(page.locator("#event-rows tr").first).to_contain_text("Llamado")  # the audit's name for the move


def test_monitor_resyncs_when_it_sees_a_gap(live_server, new_page, counter) -> None:
    """An event whose sequence skips one makes the page fetch the snapshot instead of applying it."""
    page = open_monitor(new_page, live_server)
    with page.expect_request("**/admin/monitor/snapshot"):
        outbox.next_seq("staff")  # an event of the staff room this page never received
        db.session.commit()
        counter.issue()
    expect(queue_row(page, counter).locator(".waiting")).to_have_text("1")


def test_monitor_resyncs_again_after_a_gap_seen_while_its_snapshot_was_on_the_way(live_server, new_page,
                                                                                  counter) -> None:
    """A gap that arrives while a snapshot is on its way: that snapshot may be older than the gap, so the page
    asks for another one. (It once waited for the next live event, showing stale counts until then.)"""
    page = open_monitor(new_page, live_server)
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(str(frame))))
    route, stale = held_snapshot(page)  # read by the server now, before the gap
    page.route("**/admin/monitor/snapshot", lambda later: later.continue_())  # the newest handler wins
    outbox.next_seq("staff")  # an event of the staff room this page never received
    db.session.commit()
    ticket = counter.issue()
    wait_until(lambda: page.evaluate("1") and any(ticket.label in frame for frame in frames), 30,
               "the issue's event at the monitor")
    with page.expect_request("**/admin/monitor/snapshot"):
        route.fulfill(response=stale)
    expect(queue_row(page, counter).locator(".waiting")).to_have_text("1")


def test_monitor_marks_a_wait_over_the_sla(live_server, new_page) -> None:
    """A ticket waiting longer than the queue's SLA turns the longest-wait cell red."""
    clock = FrozenClock()
    counter = make_counter(sla_minutes=15)
    counter.issue()
    clock.advance(minutes=16)
    page = open_monitor(new_page, live_server)
    expect(queue_row(page, counter).locator(".longest")).to_have_class("num longest sla-bad")
    shot(page, "admin-monitor-sla.png", full_page=True)


def test_monitor_screenshot_of_a_busy_morning(live_server, new_page, office) -> None:
    """The monitor with waiting tickets, a called and a served ticket renders its three panels."""
    for counter in (office.plat, office.plat, office.plat):
        counter.issue()
    served, _credit = office.boc.issue(), office.credit.issue()
    page = open_monitor(new_page, live_server)
    boc = actor_for("asesor2", "agent")
    desks.call_next(office.plat.desk, actor=actor_for("asesor1", "agent"))
    desks.call_next(office.boc.desk, actor=boc)
    desks.start(office.boc.desk, actor=boc)
    expect(page.locator(f'tr[data-desk="{office.boc.desk}"] .ticket')).to_have_text(f"{served.label} (en atención)")
    shot(page, "admin-monitor.png", full_page=True)


def test_stats_page_draws_its_charts(live_server, new_page, counter) -> None:
    """With a day of data, the three Chart.js charts are drawn on their canvases."""
    agent = actor_for("asesor1", "agent")
    for _ in range(3):
        counter.issue()
    for _ in range(2):
        desks.call_next(counter.desk, actor=agent)
        desks.start(counter.desk, actor=agent)
        desks.finish(counter.desk, actor=agent)
    make_user("supervisora", "supervisor")
    page = sign_in(new_page, live_server, "supervisora", path="/admin/estadisticas")
    for chart in ("chart-hours", "chart-queues", "chart-desks"):
        page.wait_for_function(f"Chart.getChart(document.getElementById('{chart}')) !== undefined")
    drawn = page.evaluate("Chart.getChart(document.getElementById('chart-hours')).data.datasets[0].data")
    assert sum(drawn) == 3
    shot(page, "admin-stats.png", full_page=True)


def test_every_statistics_table_fits_a_1366_screen(live_server, new_page, counter) -> None:
    """A supervisor at 1366×768 reads every figure of a row without scrolling sideways, the queues' transfers
    («entran», «salen») included: the service times were pushed out of sight when those two columns came."""
    agent = actor_for("asesor1", "agent")
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    make_user("supervisora", "supervisor")
    page = sign_in(new_page, live_server, "supervisora", width=1366, height=768, path="/admin/estadisticas")
    expect(page.locator("#t-queue ~ .table-scroll thead")).to_contain_text("entran")
    widths = page.evaluate("() => [...document.querySelectorAll('.table-scroll')]"
                           ".map(box => [box.getAttribute('aria-labelledby'), box.scrollWidth - box.clientWidth])")
    assert [name for name, hidden in widths if hidden > 0] == [] and len(widths) == 5


@pytest.mark.parametrize("path", PAGES)
def test_admin_page_has_no_serious_axe_violations(live_server, new_page, axe, counter, path: str) -> None:
    """axe-core finds no serious or critical violation on the page."""
    make_user("jefe", "admin")
    counter.issue()
    page = signed_in(new_page(1440, 1000), live_server, "jefe", path)
    page.wait_for_load_state("load")
    assert axe(page) == []


def test_monitor_at_1366_keeps_room_and_desk_names_on_one_line(live_server, new_page, demo) -> None:
    """A supervisor's 1366×768 screen with the seeded office: the queues' and the desks' tables fit the window and
    no room or desk name breaks over lines (side by side, «Plataforma de Servicios» took three)."""
    make_user("vigia", "supervisor")
    page = new_page(1366, 768)
    with page.expect_response("**/admin/monitor/snapshot"):
        signed_in(page, live_server, "vigia", "/admin/monitor")
    expect(page.locator("#live-status")).to_have_text("En vivo")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    lines = page.evaluate("""() => [...document.querySelectorAll('#queue-rows td:nth-child(2), #desk-rows th')]
        .map((cell) => { const r = document.createRange(); r.selectNodeContents(cell);
                         return [cell.textContent, new Set([...r.getClientRects()].map((b) => b.top)).size]; })""")
    assert len(lines) > 10 and all(count == 1 for _name, count in lines), lines
    shot(page, "admin-monitor-1366.png", full_page=True)


def test_audit_keeps_each_ticket_number_on_one_line_at_1366(live_server, new_page, counter) -> None:
    """At 1366 px, with long notes beside it, a ticket's number stays whole («H-002», never «H-» over «002»)."""
    agent = actor_for("asesor1", "agent")
    note = "El cliente pidió hablar con su ejecutivo de cuenta antes de firmar la ampliación del plan " * 3
    for _ in range(3):
        ticket = counter.issue()
        desks.call_next(counter.desk, actor=agent)
        engine.cancel(ticket.id, actor=agent, reason=note)
    make_user("supervisora", "supervisor")
    page = sign_in(new_page, live_server, "supervisora", width=1366, height=768, path="/admin/auditoria")
    labels = page.locator("table.data tbody td a", has_text=re.compile(r"^[A-Z]{1,3}-\d{3}$"))
    expect(labels.first).to_be_visible()
    assert labels.count() >= 6
    lines = labels.evaluate_all("links => links.map(a => a.getClientRects().length)")
    assert set(lines) == {1}, lines
