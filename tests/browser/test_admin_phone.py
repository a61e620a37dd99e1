"""Top 10 in the field: the Técnico Multiservicios and the CO supervisor open their cases on a phone (the procedure
promises the control sheet «desde cualquier lugar»). At 390 px every page fits the screen: the menu above the
content, each fact's value under its name, wide tables scrolling inside their own box."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.login import signed_in
from tests.helpers import FrozenClock
from tests.top10.helpers import NOW, Team, advance, one_case

pytestmark = pytest.mark.browser

PHONE = (390, 844)


@pytest.fixture
def team(app) -> Team:
    FrozenClock(NOW)
    return Team()


def on_phone(new_page, live_server, team: Team, who: str, path: str) -> Page:
    getattr(team, who)  # the user exists from here on
    page = signed_in(new_page(*PHONE, has_touch=True), live_server, Team.USERS[who][0], path)
    page.wait_for_url(f"**{path}")
    return page


def fits(page: Page) -> None:
    """Nothing wider than the screen: the page never scrolls sideways, and every visible element's right edge is
    within it (a table's cells may be wider only inside the table's own scrolling box)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    outside = page.evaluate("""() => [...document.querySelectorAll('main *')].filter((el) => {
        if (el.tagName !== 'TABLE' && el.closest('table')) return false;
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > window.innerWidth + 1;
    }).map((el) => el.tagName + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 40))""")
    assert outside == []


def test_a_technician_reads_and_acts_on_his_case_on_a_phone(live_server, new_page, team) -> None:
    case_id = one_case(team, "107")
    advance(case_id, "trabajo_tecnico", team)
    page = on_phone(new_page, live_server, team, "tecnico", "/admin/top10/")
    fits(page)
    page.goto(f"{live_server.url}/admin/top10/casos/{case_id}")
    fits(page)
    phone = page.locator(".facts dt", has_text="Teléfono")
    expect(phone).to_be_in_viewport()
    value = phone.locator("xpath=following-sibling::dd[1]")
    box = value.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]


def test_the_control_sheet_fits_a_phone(live_server, new_page, team) -> None:
    advance(one_case(team, "106"), "control_co", team)
    page = on_phone(new_page, live_server, team, "supervisor_co", "/admin/top10/planilla")
    fits(page)


def test_the_technicians_inbox_on_a_phone_is_one_card_per_case_with_the_visit_first(live_server, new_page,
                                                                                    team) -> None:
    """The audit: at 390×844 «Mi bandeja» showed Caso/Cliente/Teléfono/Segmento and the visit was the 8th column,
    off-screen in a table scrolling sideways with no hint, with no address. On a phone each case is a card: the visit
    day and time first, the customer, address, zone, the phone to tap, the case; nothing scrolls sideways. On a PC
    the table stays."""

    from core.top10 import detection, report_import
    from tests.top10.helpers import WEEK, csv_bytes

    header = ["Nro Reporte", "Cuenta", "Cliente", "Producto", "Fecha Reporte", "Teléfono", "Dirección",
              "Zona / Centro de Operaciones"]
    rows = [[f"R108-{n}", "108", "Hostal Tunari", "Internet", f"{day}/11/2026 10:00", "4 4250000 / 71712345",
             "Av. Blanco Galindo km 4, casa 12", "CO Quillacollo"] for n, day in ((1, 23), (2, 26))]
    report_import.import_damage_reports(csv_bytes(header, rows), "reportes.csv", actor=team.gestor, now=NOW)
    case_id = detection.generate_week(WEEK, actor=team.gestor, now=NOW).case_ids[0]
    advance(case_id, "trabajo_tecnico", team)  # visit on Saturday 28 November at 09:00, tecnico1

    page = on_phone(new_page, live_server, team, "tecnico", "/admin/top10/")
    card = page.locator(f".queue-card[data-case='{case_id}']")
    expect(card).to_be_visible()
    expect(page.locator("table[aria-labelledby='queue-title']")).to_be_hidden()
    lines = [line.strip() for line in card.inner_text().splitlines() if line.strip()]
    assert lines[:2] == ["Visita", "sábado 28 de noviembre · 09:00"], lines
    assert lines[2:5] == ["Hostal Tunari", "Av. Blanco Galindo km 4, casa 12", "CO Quillacollo"], lines
    expect(card.locator(".phone a[href='tel:44250000']")).to_be_visible()
    expect(card.locator(".phone a[href='tel:71712345']")).to_be_visible()
    expect(card.get_by_role("link", name="Caso 108")).to_be_visible()
    for part in (card.locator(".visit"), card.locator("h3"), card.locator(".phone a").first):
        expect(part).to_be_in_viewport()
    fits(page)
    sideways = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter((el) => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1
            && getComputedStyle(el).overflowX !== 'visible')
        .map((el) => el.tagName + '.' + el.className)""")
    assert sideways == []  # no box scrolls sideways either

    page.set_viewport_size({"width": 1366, "height": 768})
    expect(page.locator("table[aria-labelledby='queue-title']")).to_be_visible()
    expect(card).to_be_hidden()
    expect(page.get_by_role("columnheader", name="Visita")).to_be_visible()
