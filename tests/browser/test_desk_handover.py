"""What a desk agent reads must be true and current: the receiving desk sees where a transferred customer comes from
and the sender's note; a connection error goes once the connection is back; «Espera más larga» counts with the
list beside it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from core.models import Desk
from tests.browser.test_panel_desk import open_desk
from tests.builders import Counter
from tests.helpers import make_user
from tests.shots import shot

pytestmark = pytest.mark.browser


def test_the_receiving_desk_reads_the_transfer_note(live_server, new_page, agent, counter: Counter) -> None:
    counter.issue()
    make_user("asesor2", "agent")
    sender = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    sender.click("[data-action=call-next]")
    expect(sender.locator("#current .status-label")).to_have_text("Llamada")
    sender_desk = db.session.scalar(select(Desk.name).where(Desk.code == counter.desk))
    sender.keyboard.press("t")
    sender.check("#dlg-transfer input[value=desk]")
    sender.select_option("#transfer-desk", counter.desks[1])
    sender.fill("#transfer-note", "Pide cambiar el titular; ya trae la fotocopia del carnet")
    sender.click("#dlg-transfer button[type=submit]")
    sender.get_by_role("button", name="Sí, transferir igual").click()  # nobody works that desk yet: it asks
    expect(sender.locator("#message")).to_contain_text("transferida")

    receiver = open_desk(new_page, live_server, "asesor2", desk=counter.desks[1], size=(1366, 768))
    receiver.click("[data-action=call-next]")
    note = receiver.locator("#transferred-from")
    expect(note).to_contain_text("Transferida desde ")
    expect(note).to_contain_text(sender_desk)
    expect(note).to_contain_text("asesor1 · ")
    expect(note).to_contain_text("«Pide cambiar el titular; ya trae la fotocopia del carnet»")
    expect(note).to_be_in_viewport()
    shot(receiver, "desk_transfer_note.png")


def test_a_connection_error_goes_when_the_connection_is_back(live_server, new_page, agent, counter: Counter) -> None:
    counter.issue()
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    page.context.set_offline(True)
    page.click("[data-action=call-next]")
    message = page.locator("#message")
    expect(message).to_have_text("Sin conexión con el servidor.")
    page.context.set_offline(False)
    expect(page.locator("#live")).to_have_attribute("data-state", "online")
    expect(message).to_contain_text("Conexión restablecida")
    expect(message).not_to_have_class("message error")
    expect(page.locator("#current")).to_contain_text("Sin ficha activa")  # the call never happened


def test_the_longest_wait_counts_with_the_list(live_server, new_page, agent, counter: Counter) -> None:
    counter.issue()

    def clocked(*args, **kwargs):
        page = new_page(*args, **kwargs)
        page.clock.install()
        return page

    page = open_desk(clocked, live_server, desk=counter.desk, size=(1366, 768))
    # Stopped, so nothing ticks between reading the list and checking the queue: on the flowing clock a second
    # could pass between the two reads (expected «0:27», the queue already at «0:28» and counting on), and a busy
    # machine's own seconds added to run_for's passed the ping timeout (a reconnect and a fresh read).
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # in seconds: 1 s on
    longest = page.locator("#queues tr").first.locator("td").nth(2)
    oldest = page.locator("#waiting tr[data-ticket]").first.locator("td").nth(3)
    page.clock.run_for(20_000)  # under the sockets' ping timeout (30 s): no reconnect, no fresh read
    expect(longest).to_have_text(oldest.text_content() or "")
    page.clock.run_for(3_000)
    expect(longest).to_have_text(oldest.text_content() or "")
