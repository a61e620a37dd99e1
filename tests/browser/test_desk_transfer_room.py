"""A customer transferred to a queue that waits in another room is told where to go: the agent's console says so
(their printed ticket names the old room, and the call will show only on the new room's panel), and the transfer
dialog names each destination's room, at 1366×768."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_panel_desk import open_desk

pytestmark = pytest.mark.browser


def transfer(page, queue_code: str, room: str) -> None:
    """«Transferir» the current ticket to `queue_code`, listed with its `room`."""
    expect(page.locator("[data-action=transfer]")).to_be_enabled()
    with page.expect_response("**/desk/destinos"):
        page.keyboard.press("t")
    dialog = page.locator("#dlg-transfer")
    expect(dialog.locator(f"#transfer-queue option[value='{queue_code}']")).to_contain_text(f" — {room}")
    dialog.get_by_label("A una cola").check()
    dialog.locator("#transfer-queue").select_option(queue_code)
    dialog.get_by_role("button", name="Transferir").click()


def test_a_transfer_to_another_room_tells_the_agent_what_to_say(live_server, new_page, agent, office) -> None:
    plat, boc = office.plat, office.boc
    plat.issue()
    plat.issue()
    page = open_desk(new_page, live_server, desk=plat.desk, size=(1366, 768))
    page.keyboard.press("n")
    expect(page.locator("#console")).to_have_attribute("data-current", plat.number(1))
    transfer(page, boc.queue.code, boc.area.name)
    expect(page.locator("#message")).to_have_text(
        f"Ficha {plat.number(1)} transferida a {boc.queue.name}. Indíquele: espere en {boc.area.name}. "
        "Su número aparecerá en el panel de esa sala.")

    page.keyboard.press("n")
    expect(page.locator("#console")).to_have_attribute("data-current", plat.number(2))
    transfer(page, plat.queue.code, plat.area.name)  # back to its own queue, in this room: nothing more to say
    expect(page.locator("#message")).to_have_text(f"Ficha {plat.number(2)} transferida a {plat.queue.name}.")
