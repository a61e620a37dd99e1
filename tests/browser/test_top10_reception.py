"""Issue 12, Cliente Top 10 at reception, in real browsers: the adviser who checks a followed customer's account
reads «Cliente Top 10: caso abierto #N (paso, responsable)»; the same customer at the kiosk sees nothing of it,
neither on the account's answer nor on the ticket screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core import clock
from core.extensions import db
from core.models import Account
from tests.browser.login import open_reception
from tests.browser.test_kiosk import screen, walk_to_ticket
from tests.browser.test_top10 import team  # noqa: F401  (the fixture)
from tests.helpers import device_token, make_user
from tests.top10.helpers import Team, one_case

pytestmark = pytest.mark.browser
ACCOUNT = "100"


@pytest.fixture
def followed(app, team: Team) -> str:  # noqa: F811
    """A customer with an open case (step 2, Analista Gestor) whose account is up to date."""
    case_id = one_case(team, ACCOUNT)
    db.session.add(Account(number=ACCOUNT, holder_name="Socio Seguido", ci="4455667", updated_at=clock.now()))
    db.session.commit()
    return f"Cliente Top 10: caso abierto #{case_id} (paso 2, Analista Gestor Top 10)"


def test_reception_sees_the_flag_beside_the_account(live_server, new_page, followed: str) -> None:
    make_user("recepcion1", "reception")
    page = open_reception(new_page(1600, 1000), live_server, "recepcion1")
    page.click("#r-opt-V_INST_INT")
    expect(page.locator("#r-account")).to_be_focused()
    page.keyboard.type(ACCOUNT)
    page.keyboard.press("Enter")
    detail = page.locator("[data-account-detail]")
    expect(detail.locator("[data-field=holder_name]")).to_have_text("Socio Seguido")
    expect(detail.locator("[data-top10]")).to_have_text(followed)
    expect(detail.locator("[data-top10]")).to_be_visible()

    page.keyboard.press("Escape")  # a customer without a case: no flag left from the previous one
    page.click("#r-opt-V_INST_INT")
    page.fill("#r-account", "999")
    page.keyboard.press("Enter")
    expect(detail.locator("[data-field=message]")).to_contain_text("No hay una cuenta con ese número o CI")
    expect(detail.locator("[data-top10]")).to_be_hidden()


def test_the_kiosk_shows_nothing_of_it(live_server, new_page, followed: str) -> None:
    page = new_page(1080, 1920, has_touch=True)
    page.goto(f"{live_server.url}/kiosk?token={device_token('kiosk')}")
    expect(screen(page, "home")).to_be_visible()
    walk_to_ticket(page, "VENTA", "V_INST_INT", ACCOUNT)
    text = page.locator("body").inner_text() + page.content()
    assert "Top 10" not in text and "caso abierto" not in text
