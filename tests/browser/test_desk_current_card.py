"""«Ficha actual» at 1366×768 with a long queue: in view after a call from low in the list, with what the desk
checks (the trámite's requirements, the verified holder), a call time a recall does not restart, the
waiting list's badges and transfers, the transfer dialog's warning about a closed desk, and a layout that fits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from core import clock
from core.actors import SYSTEM, Actor
from core.extensions import db
from core.formatting import local_time
from core.models import Desk
from core.tickets import desk_shifts, desks, engine
from tests.browser.test_panel_desk import open_desk
from tests.builders import Counter, make_account, make_ticket, make_transaction
from tests.helpers import actor_for, make_user

pytestmark = pytest.mark.browser

REQUIREMENTS = ("Carnet de identidad del titular", "Última factura pagada", "Carta de cesión firmada")


def long_queue(counter: Counter, n: int = 25) -> None:
    for _ in range(n):
        counter.issue()


def in_view(page: Page, selector: str) -> None:
    """Wholly on screen (a smooth scroll may still be under way: expect polls)."""
    expect(page.locator(selector)).to_be_in_viewport(ratio=1)


def test_a_call_from_low_in_the_list_brings_the_current_ticket_into_view(live_server, new_page, agent,
                                                                       counter) -> None:
    """25 waiting, scrolled down to the 25th, «Llamar» on its row: the message and «Ficha actual» with that
    ticket scroll back on screen."""
    long_queue(counter)
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    last = page.get_by_role("button", name=f"Llamar la ficha {counter.number(25)}")
    last.scroll_into_view_if_needed()
    expect(page.locator("#current-title")).not_to_be_in_viewport()
    last.click()
    expect(page.locator("#console")).to_have_attribute("data-current", counter.number(25))
    expect(page.locator("#message")).to_have_text(f"Llamando a la ficha {counter.number(25)}.")
    in_view(page, "#message")
    in_view(page, "#current .ticket-number")


def test_the_card_shows_the_requirements_and_the_verified_holder(live_server, new_page, agent, counter) -> None:
    """A verified account's ticket shows its holder and the trámite's requirements; the debt note names the
    account once (the «Cuenta» field), not again in its title. An unverified reference shows no holder."""
    make_account(debt="350.50")
    tx = make_transaction(counter.queue, label="Cambio de titularidad", requirements="\n".join(REQUIREMENTS))
    make_ticket(tx.code, account="100300", verification="ok")
    make_ticket(tx.code, account="100300", verification="unverified",
                verification_note="Verificación pendiente: Smartflex no respondió")
    long_queue(counter, 23)
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    page.keyboard.press("n")
    card = page.locator("#current")
    expect(card.locator(".ticket-facts")).to_contain_text("TitularMaría Quispe Mamani")
    expect(page.locator("#requirements li")).to_have_text(list(REQUIREMENTS))
    expect(page.locator("#account-note strong")).to_have_text("Observación de la cuenta")
    expect(card).to_contain_text("100300")
    assert card.inner_text().count("100300") == 1
    in_view(page, "#requirements")
    page.keyboard.press("f")
    page.keyboard.press("Enter")
    expect(page.locator("#console")).to_have_attribute("data-current", "")
    page.keyboard.press("n")
    expect(page.locator("#account-note strong")).to_have_text("Verificación pendiente")
    expect(card).not_to_contain_text("María Quispe")
    expect(card).not_to_contain_text("Titular")


def test_a_recall_does_not_restart_the_call_time(live_server, new_page, agent, counter) -> None:
    """Called two minutes ago at this desk, then «Volver a llamar»: the card still counts from the first call."""
    long_queue(counter, 3)
    desk_shifts.sign_in(counter.desk, actor=agent)
    desks.call_next(counter.desk, actor=agent, now=clock.now() - timedelta(minutes=2))
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    expect(page.locator("#elapsed")).to_contain_text("hace 2:0")
    page.keyboard.press("r")
    expect(page.locator("#message")).to_contain_text("Se volvió a llamar")
    expect(page.locator(".ticket-facts")).to_contain_text("Llamadas repetidas1")
    expect(page.locator("#elapsed")).to_contain_text("hace 2:0")


def test_override_tickets_carry_a_badge_and_disabled_buttons_read_as_disabled(live_server, new_page, agent,
                                                                             counter) -> None:
    """Reception issued one past the account check: its row says so. Paused, «Llamar siguiente» loses its blue."""
    make_ticket(counter.tx, account="100300", verification="override",
                verification_note="Emitida pese a deuda de Bs 350,50. Motivo: viene a pagar")
    long_queue(counter, 24)
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    first = page.locator("#waiting tr[data-ticket]").first
    expect(first.locator(".tag.override")).to_have_text("Emitida con observación")
    page.keyboard.press("p")
    call_next = page.locator("[data-action=call-next]")
    expect(call_next).to_be_disabled()
    colours = call_next.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).opacity]")
    assert colours == ["rgb(236, 236, 236)", "1"]


def transfer_to_the_other_desk(live_server, new_page, counter: Counter, state: str) -> tuple[Page, Locator]:
    """The first desk's console at 1366×768 calls its next ticket and asks to transfer it to the second desk,
    listed with its `state` («(cerrado)», «(en pausa)»); return the page and the dialog."""
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    page.keyboard.press("n")
    expect(page.locator("[data-action=transfer]")).to_be_enabled()
    with page.expect_response("**/desk/destinos"):
        page.keyboard.press("t")
    dialog = page.locator("#dlg-transfer")
    dialog.get_by_label("A un mesón").check()
    expect(dialog.locator(f"#transfer-desk option[value='{counter.desks[1]}']")).to_contain_text(state)
    dialog.locator("#transfer-desk").select_option(counter.desks[1])
    dialog.get_by_role("button", name="Transferir").click()
    return page, dialog


def test_a_transfer_to_a_closed_desk_asks_first(live_server, new_page, agent, counter) -> None:
    """The second desk is closed: «Transferir» to it warns in the dialog and sends only on «Sí, transferir igual»;
    choosing another desk clears the warning."""
    long_queue(counter, 3)
    closed = db.session.get(Desk, db.session.scalar(db.select(Desk.id).where(Desk.code == counter.desks[1])))
    assert closed is not None and closed.state == "closed"
    name = closed.name
    db.session.commit()
    page, dialog = transfer_to_the_other_desk(live_server, new_page, counter, "(cerrado)")
    warning = dialog.get_by_role("alert")
    expect(warning).to_contain_text(f"{name} está cerrado: nadie llamará a este cliente")
    expect(dialog).to_be_visible()
    dialog.get_by_label("A una cola").check()  # another destination: no warning, nothing confirmed
    expect(warning).to_be_hidden()
    expect(dialog.get_by_role("button", name="Transferir", exact=True)).to_be_visible()
    dialog.get_by_label("A un mesón").check()
    dialog.get_by_role("button", name="Transferir", exact=True).click()
    expect(warning).to_be_visible()
    expect(page.locator("#console")).to_have_attribute("data-current", counter.number(1))
    dialog.get_by_role("button", name="Sí, transferir igual").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#message")).to_have_text(
        f"Ficha {counter.number(1)} transferida a {counter.queue.name} · {name}.")
    expect(page.locator("#console")).to_have_attribute("data-current", "")


def test_the_console_says_how_many_this_desk_attended_today(live_server, new_page, agent, counter) -> None:
    """«Hoy en este mesón»: the agent's own day, after each finish, without a reload."""
    long_queue(counter, 3)
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    expect(page.locator("#desk-today")).to_have_text("Hoy en este mesón: 0 atendidos")
    for done in (1, 2):
        page.get_by_role("button", name="Llamar siguiente").click()
        expect(page.locator("#console")).to_have_attribute("data-current", counter.number(done))
        page.get_by_role("button", name="Iniciar atención").click()
        page.get_by_role("button", name="Finalizar").click()
        page.click("#dlg-finish button[type=submit]")
        expect(page.locator("#console")).to_have_attribute("data-current", "")
    expect(page.locator("#desk-today")).to_have_text(
        re.compile(r"^Hoy en este mesón: 2 atendidos · atención media (\d+|menos de 1) min$"))


def test_a_transfer_to_a_paused_desk_asks_first(live_server, new_page, agent, counter) -> None:
    """A paused desk calls nobody until it resumes: «Transferir» to it warns the same way, and sends on
    «Sí, transferir igual»."""
    long_queue(counter, 3)
    other = actor_for("asesor2", "agent")
    desk_shifts.sign_in(counter.desks[1], actor=other)
    desk_shifts.pause(counter.desks[1], actor=other)
    name = db.session.scalar(db.select(Desk.name).where(Desk.code == counter.desks[1]))
    db.session.commit()
    page, dialog = transfer_to_the_other_desk(live_server, new_page, counter, "(en pausa)")
    expect(dialog.get_by_role("alert")).to_contain_text(f"{name} está en pausa: nadie llamará a este cliente")
    dialog.get_by_role("button", name="Sí, transferir igual").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#message")).to_have_text(
        f"Ficha {counter.number(1)} transferida a {counter.queue.name} · {name}.")


def agent_named(username: str, full_name: str) -> Actor:
    """An agent whose screens and records show `full_name` (the demo's «Asesor de Plataforma 1»)."""
    return Actor.of_user(make_user(username, "agent", full_name=full_name))


def test_at_1366x768_the_desks_queues_and_one_header_row_fit_with_a_ticket_on_the_card(live_server, new_page,
                                                                                    counter) -> None:
    """A long desk and agent name, today's mean, a ticket with requirements on the card and 25 waiting: the header
    stays one row and «Colas de este mesón» stays on screen (it fell below the fold whenever a ticket was on the
    card), with the waiting list's first rows."""
    agent = agent_named("asesor1", "Asesor de Plataforma 1")
    desk = db.session.scalar(db.select(Desk).where(Desk.code == counter.desk))
    desk.name = "Mezanine BOC 1"
    db.session.commit()
    tx = make_transaction(counter.queue, requirements="\n".join(REQUIREMENTS)).code
    desk_shifts.sign_in(counter.desk, actor=agent)
    make_ticket(tx)
    desks.call_next(counter.desk, actor=agent, now=clock.now() - timedelta(minutes=3))
    desks.finish(counter.desk, actor=agent)  # «atención media …» in the header
    make_ticket(tx)
    long_queue(counter, 25)
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    page.keyboard.press("n")
    expect(page.locator("#requirements li")).to_have_count(3)
    expect(page.locator("#desk-today")).to_contain_text("atención media")
    head = page.locator(".desk-head")
    # Every item of the header is level with the desk's name: one row.
    off_row = head.evaluate("""h => {
        const name = h.querySelector("h1").getBoundingClientRect();
        return [...h.children].filter((c) => c.offsetParent).map((c) => c.getBoundingClientRect())
          .filter((r) => r.top + r.height / 2 < name.top || r.top + r.height / 2 > name.bottom).length;
      }""")
    assert off_row == 0, "the header wraps"
    in_view(page, "#queues-title")
    in_view(page, "#queues tr")
    in_view(page, "#current .ticket-number")
    for i in range(5):
        expect(page.locator("#waiting tr[data-ticket]").nth(i)).to_be_in_viewport(ratio=1)


def test_a_transferred_ticket_says_from_where_by_whom_and_why_its_wait_is_short(live_server, new_page, agent,
                                                                              counter) -> None:
    """asesor2 sends their customer to this desk with a note, keeping the arrival: the row says from which desk,
    by whom and when, that its «Espera» counts from then while its place is its arrival's, and the note."""
    other = agent_named("asesor2", "Asesora Paz")
    arrived = clock.now() - timedelta(minutes=20)
    moved = counter.issue(now=arrived)
    long_queue(counter, 2)
    desk_shifts.sign_in(counter.desks[1], actor=other)
    sent = clock.now() - timedelta(minutes=2)
    desks.call_ticket(counter.desks[1], moved.id, actor=other, now=sent - timedelta(minutes=5))
    engine.transfer(moved.id, actor=other, desk=counter.desk, note="Revisar la factura de octubre", now=sent)
    sender = db.session.scalar(db.select(Desk.name).where(Desk.code == counter.desks[1]))
    at, since = local_time(sent), local_time(arrived)
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    first = page.locator("#waiting tr[data-ticket]").first
    expect(first).to_have_attribute("data-ticket", counter.number(1))  # first by its arrival
    detail = page.locator("#waiting tr.transfer-detail")
    expect(detail).to_have_count(1)
    expect(detail).to_have_text(
        f"Transferida a este mesón desde {sender} por Asesora Paz a las {at} (su espera cuenta desde entonces; su "
        f"lugar, desde su llegada a las {since}). «Revisar la factura de octubre»")
    # A waiting customer moved here from another queue keeps waiting as before: the row says where from, no more.
    elsewhere = make_ticket(make_transaction().code, now=sent - timedelta(minutes=1))
    origin, label = elsewhere.queue.name, elsewhere.label
    engine.transfer(elsewhere.id, actor=SYSTEM, queue=counter.queue.code, now=sent)
    expect(page.locator(f'#waiting tr.transfer-detail[data-detail-of="{label}"]')).to_have_text(
        f"Transferida desde {origin} por {SYSTEM.name} a las {at}.")
