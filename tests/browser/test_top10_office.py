"""Issue 12, Cliente Top 10 at the office, in real browsers: a ticket issued for a followed customer's account
(as reception issues it), called at the desk, shows «Cliente Top 10: caso abierto #N…» on the desk console;
the case owner's page receives the visit live; the panel snapshot holds nothing of it."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from core.actors import SYSTEM
from core.panels import board
from core.tickets import engine
from tests.browser.test_panel_desk import open_desk
from tests.browser.test_top10 import sign_in, team  # noqa: F401  (the fixture)
from tests.helpers import KIOSK_TX, make_user
from tests.top10.helpers import Team, one_case

pytestmark = pytest.mark.browser


def test_desk_shows_the_flag_and_the_owner_hears_the_visit(live_server, new_page, team: Team) -> None:  # noqa: F811
    case_id = one_case(team, "100")
    owner = sign_in(new_page, live_server, team, "gestor", f"/admin/top10/casos/{case_id}")
    expect(owner.locator("#top10-notices")).to_have_attribute("data-joined", "1")
    make_user("asesor1", "agent")
    desk = open_desk(new_page, live_server)
    ticket = engine.issue_ticket(KIOSK_TX, actor=SYSTEM, account="100", channel="reception")
    desk.click("[data-action=call-next]")
    expect(desk.locator("#current .top10-flag")).to_contain_text(f"Cliente Top 10: caso abierto #{case_id}")
    expect(owner.locator("#top10-notices .notice")).to_contain_text("visitó la oficina")
    panel = json.dumps(board.snapshot(ticket.queue.area.code), ensure_ascii=False, default=str)
    assert "Top 10" not in panel and "top10" not in panel and "caso abierto" not in panel
