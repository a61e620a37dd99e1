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
    page.screenshot(path="/tmp/top10-phone-inbox.png", full_page=True)
    page.goto(f"{live_server.url}/admin/top10/casos/{case_id}")
    fits(page)
    phone = page.locator(".facts dt", has_text="Teléfono")
    expect(phone).to_be_in_viewport()
    value = phone.locator("xpath=following-sibling::dd[1]")
    box = value.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]
    page.screenshot(path="/tmp/top10-phone-case.png", full_page=True)


def test_the_control_sheet_fits_a_phone(live_server, new_page, team) -> None:
    advance(one_case(team, "106"), "control_co", team)
    page = on_phone(new_page, live_server, team, "supervisor_co", "/admin/top10/planilla")
    fits(page)
    page.screenshot(path="/tmp/top10-phone-sheet.png", full_page=True)
