"""The desk picker in Chromium: a desk another agent already opened says who is there and cannot be chosen, even
when this PC remembers it as its own (static/desk/choose.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.actors import Actor
from core.tickets import desk_shifts
from tests.browser.login import signed_in
from tests.builders import Counter
from tests.helpers import make_user

pytestmark = pytest.mark.browser


def test_a_desk_taken_by_someone_else_is_shown_occupied_and_not_chosen(live_server, new_page,
                                                                       counter: Counter) -> None:
    holder = make_user("asesor1", "agent", full_name="Ana Rojas")
    taken = desk_shifts.sign_in(counter.desk, actor=Actor.of_user(holder)).name
    make_user("asesor3", "agent")
    page = new_page(1366, 768)
    page.add_init_script(f"window.localStorage.setItem('turnero.desk', '{counter.desk}');")  # this PC's last desk
    signed_in(page, live_server, "asesor3", "/desk")
    option = page.locator(f"#desk-choice option[value='{counter.desk}']")
    expect(option).to_have_text(f"{taken} — ocupado por Ana Rojas")
    expect(option).to_be_disabled()
    expect(page.locator("#desk-choice select")).not_to_have_value(counter.desk)
    page.locator("#desk-choice select").click()
