"""A desk renamed in Administración → Mesones: the panel sends customers to the new name at once, and the open
console's heading now says it too (it kept the old name all day, while the room read the new one)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core import lookups
from core.actors import SYSTEM
from core.org import office
from tests.browser.test_panel_desk import open_desk
from tests.builders import Counter
from tests.helpers import make_user

pytestmark = pytest.mark.browser


def test_the_open_console_reads_its_desk_s_new_name(live_server, new_page, counter: Counter) -> None:
    make_user("asesor-nombre", "agent")
    page = open_desk(new_page, live_server, "asesor-nombre", desk=counter.desk, size=(1366, 768))
    desk = lookups.desk(counter.desk)
    office.save_desk(desk.id, code=desk.code, name="Ventanilla Uno", spoken_name=desk.spoken_name,
                     area=desk.area.code, queues=[counter.queue.code], active=True, actor=SYSTEM)
    expect(page.locator("#desk-name")).to_have_text("Ventanilla Uno")
    expect(page).to_have_title("Ventanilla Uno · COMTECO")
