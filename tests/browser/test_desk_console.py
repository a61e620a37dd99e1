"""The desk console in a real browser: state, shortcuts, transfer, pause, double clicks, accessibility."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from core.actors import SYSTEM
from core.extensions import db
from core.models import Desk, Ticket
from core.tickets import desk_shifts, desks
from tests.browser.login import signed_in
from tests.browser.test_panel_desk import open_desk
from tests.builders import Counter, make_counter, make_queue
from tests.helpers import actor_for, no_show_at_once

pytestmark = pytest.mark.browser


def waiting(counter: Counter, n: int = 2, **kwargs) -> list[int]:
    """Issue `n` tickets of the counter; return their ids."""
    return [counter.issue(**kwargs).id for _ in range(n)]


def test_console_has_no_serious_accessibility_violations(live_server, new_page, agent, axe, counter) -> None:
    """axe-core on the picker, the console with a ticket, and the transfer dialog."""
    waiting(counter, 2, verification="unverified", verification_note="Smartflex no respondió")
    page = signed_in(new_page(1280, 900), live_server, "asesor1", "/desk")
    assert axe(page) == []
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.click("[data-action=call-next]")
    expect(page.locator("#current .alert")).to_contain_text("Verificación pendiente")
    assert axe(page) == []
    page.keyboard.press("t")
    expect(page.locator("#dlg-transfer")).to_be_visible()
    assert axe(page) == []


def test_double_click_on_call_next_calls_one_ticket(live_server, new_page, agent, counter) -> None:
    """A double click on *Llamar siguiente* leaves one ticket called and the next still waiting."""
    waiting(counter, 2)
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.dblclick("[data-action=call-next]")
    expect(page.locator("#console")).to_have_attribute("data-current", counter.number(1))
    page.wait_for_load_state("networkidle")
    db.session.remove()
    assert db.session.scalar(select(func.count(Ticket.id)).where(Ticket.status == "called")) == 1
    expect(page.locator("#message")).not_to_have_class("message error")


def test_shortcuts_run_the_whole_service(live_server, new_page, agent, counter) -> None:
    """N calls, I starts, F finishes with an outcome: the ticket is done with that outcome."""
    first, _ = waiting(counter, 2)
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.keyboard.press("n")
    expect(page.locator("#current .status-label")).to_have_text("Llamada")
    page.keyboard.press("i")
    expect(page.locator("#current .status-label")).to_have_text("En atención")
    page.keyboard.press("f")
    page.fill("#finish-outcome", "Instalación registrada")
    page.keyboard.press("Enter")
    expect(page.locator("#console")).to_have_attribute("data-current", "")
    db.session.remove()  # end the test thread's read snapshot: see what the server committed
    done = db.session.get(Ticket, first)
    assert (done.status, done.outcome) == ("done", "Instalación registrada")


def test_no_show_frees_the_desk(live_server, new_page, agent, counter) -> None:
    """*No se presentó* (X) closes the ticket as no-show and the desk can call again."""
    no_show_at_once()
    first, _ = waiting(counter, 2)
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.keyboard.press("n")
    expect(page.locator("[data-action=no-show]")).to_be_enabled()
    page.keyboard.press("x")
    page.click("#dlg-no-show button[type=submit]")  # it asks first (tests/browser/test_desk_no_show.py)
    expect(page.locator("[data-action=call-next]")).to_be_enabled()
    db.session.remove()  # end the test thread's read snapshot: see what the server committed
    assert db.session.get(Ticket, first).status == "no_show"


def test_transfer_to_another_desk_without_keeping_arrival(live_server, new_page, agent, counter) -> None:
    """Transfer to the second desk, arrival time reset: the ticket waits for that desk only, with a new arrival."""
    first, _ = waiting(counter, 2)
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.keyboard.press("n")
    expect(page.locator("[data-action=transfer]")).to_be_enabled()
    page.click("[data-action=transfer]")
    page.check("#dlg-transfer input[value=desk]")
    page.select_option("#transfer-desk", counter.desks[1])
    page.uncheck("#dlg-transfer input[name=keep_arrival]")
    page.click("#dlg-transfer button[type=submit]")
    # That desk is closed: the dialog asks first (tests/browser/test_desk_current_card.py).
    page.get_by_role("button", name="Sí, transferir igual").click()
    expect(page.locator("#message")).to_contain_text("transferida")
    db.session.remove()  # end the test thread's read snapshot: see what the server committed
    moved = db.session.get(Ticket, first)
    assert (moved.status, moved.target_desk.code) == ("waiting", counter.desks[1])
    assert moved.arrival_at > moved.issued_at


def test_pause_and_resume(live_server, new_page, agent, counter) -> None:
    """P pauses (calling is disabled), P again resumes."""
    waiting(counter, 1)
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.keyboard.press("p")
    expect(page.locator("#desk-state")).to_have_text("En pausa")
    expect(page.locator("[data-action=call-next]")).to_be_disabled()
    page.keyboard.press("p")
    expect(page.locator("#desk-state")).to_have_text("Abierto")
    expect(page.locator("[data-action=call-next]")).to_be_enabled()


def test_console_updates_live_when_a_ticket_arrives(live_server, new_page, agent, counter) -> None:
    """A ticket issued at the kiosk appears in the console's queue without a reload."""
    page = open_desk(new_page, live_server, desk=counter.desk)
    expect(page.locator("#queues td.num").first).to_have_text("0")
    waiting(counter, 1)
    expect(page.locator("#queues td.num").first).to_have_text("1")
    expect(page.locator("#waiting td.strong")).to_have_text([counter.number(1)])


def test_call_specific_ticket_from_the_dialog(live_server, new_page, agent) -> None:
    """E opens *Llamar ficha específica*; choosing the second ticket (number · transaction) calls it first."""
    counter = make_counter(label="Instalación de internet")
    waiting(counter, 2)
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.keyboard.press("e")
    page.select_option("#specific-ticket", label=f"{counter.number(2)} · Instalación de internet")
    page.click("#dlg-specific button[type=submit]")
    expect(page.locator("#console")).to_have_attribute("data-current", counter.number(2))


def test_picker_remembers_the_desk_on_this_pc(live_server, new_page, agent, counter) -> None:
    """After choosing the counter's second desk once, the picker on the same PC preselects it."""
    page = open_desk(new_page, live_server, desk=counter.desks[1])
    page.click("text=Cambiar de mesón")
    expect(page.locator("select[name=desk]")).to_have_value(counter.desks[1])


def test_the_picker_offers_the_desk_with_a_customer_over_this_pcs_last_choice(live_server, new_page, agent,
                                                                              counter) -> None:
    """This PC last opened the counter's second desk, but the agent still has a customer at the first (another PC, a
    closed browser): the picker preselects the first and says why, and opening it shows that customer."""
    page = open_desk(new_page, live_server, desk=counter.desks[1])
    page.click("text=Cambiar de mesón")
    expect(page.locator("select[name=desk]")).to_have_value(counter.desks[1])  # remembered on this PC
    desk_shifts.sign_in(counter.desk, actor=agent)
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    page.reload()
    expect(page.locator("select[name=desk]")).to_have_value(counter.desk)
    expect(page.locator("#desk-choice").locator("xpath=..").locator("[role=status]")).to_contain_text(
        "Tiene una ficha activa en")
    page.click("#desk-choice button[type=submit]")
    expect(page.locator("#console")).to_have_attribute("data-current", ticket.label)


def test_desk_of_another_agent_is_refused(live_server, new_page, agent, counter) -> None:
    """A desk already taken by a colleague cannot be opened: the picker says who has it and does not offer it, and
    a picker loaded before the colleague took it is refused on opening."""
    desk_shifts.sign_in(counter.desk, actor=actor_for("asesor2", "agent"))
    page = signed_in(new_page(1280, 900), live_server, "asesor1", "/desk")
    option = page.locator(f"select[name=desk] option[value='{counter.desk}']")
    expect(option).to_contain_text("— ocupado por asesor2")
    expect(option).to_be_disabled()
    option.evaluate("(taken) => { taken.disabled = false; taken.selected = true; }")  # as loaded before it was taken
    page.click("#desk-choice button[type=submit]")
    expect(page.locator(".flash.error")).to_contain_text("está a cargo de otro funcionario")


def test_the_queue_table_keeps_apart_what_was_sent_to_another_desk(live_server, new_page, agent, counter) -> None:
    """A ticket sent to the other desk of the queue is not counted as this desk's: it shows apart, naming that desk
    and that it is closed (nobody calls it meanwhile: «otro mesón» let the agent think someone would); when that
    desk opens it says no more than the desk, and when the ticket goes (called there) the note goes too, live."""
    from core.actors import SYSTEM
    from core.org.desk_names import desk_named
    from core.tickets import engine

    first, _second = waiting(counter, 2)
    engine.transfer(first, actor=SYSTEM, desk=counter.desks[1])
    named = desk_named(db.session.scalar(select(Desk.name).where(Desk.code == counter.desks[1])))
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    row = page.locator("#queues tr").first
    expect(row.locator("td").nth(1)).to_have_text(f"1 +1 para {named}, que está cerrado")
    desk_shifts.sign_in(counter.desks[1], actor=actor_for("asesor2", "agent"))
    expect(row.locator("td").nth(1)).to_have_text(f"1 +1 para {named}")
    desks.call_next(counter.desks[1], actor=SYSTEM)
    expect(row.locator("td").nth(1)).to_have_text("1")


def test_a_transfer_needs_a_chosen_destination_and_starts_blank(live_server, new_page, agent, counter) -> None:
    """T then Enter transfers nothing: no queue is preselected (the first one listed was), and the form asks for
    one. A cancelled transfer's note and choices do not wait for the next customer."""
    first, _ = waiting(counter, 2)
    queue = counter.queue.code
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.keyboard.press("n")
    expect(page.locator("[data-action=transfer]")).to_be_enabled()
    page.keyboard.press("t")
    expect(page.locator("#transfer-queue")).to_have_value("")
    page.click("#dlg-transfer button[type=submit]")
    expect(page.locator("#dlg-transfer")).to_be_visible()  # the browser asks for the queue
    assert page.locator("#transfer-queue").evaluate("(s) => !s.validity.valid")
    page.check("#dlg-transfer input[value=desk]")
    page.fill("#transfer-note", "Trae el formulario firmado")
    page.click("#dlg-transfer [data-close]")
    db.session.remove()
    assert db.session.get(Ticket, first).status == "called"
    page.keyboard.press("t")
    expect(page.locator("#dlg-transfer input[value=queue]")).to_be_checked()
    expect(page.locator("#transfer-note")).to_have_value("")
    expect(page.locator("#transfer-desk")).to_be_disabled()
    page.select_option("#transfer-queue", queue)
    page.click("#dlg-transfer button[type=submit]")
    expect(page.locator("#message")).to_contain_text("transferida")


def test_the_transfer_dialog_says_which_destinations_are_the_customers_own(live_server, new_page, agent,
                                                                           counter) -> None:
    """The desk's own mesón cannot be chosen (its next call would bring the customer back), and the ticket's own
    queue says what choosing it does: the customer waits there again."""
    waiting(counter, 1)
    nobody = make_queue(name="Cola sin mesón")
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.keyboard.press("n")
    expect(page.locator("[data-action=transfer]")).to_be_enabled()
    page.keyboard.press("t")
    own_queue = page.locator(f"#transfer-queue option[value='{counter.queue.code}']")
    expect(own_queue).to_contain_text("su cola: vuelve a la espera")
    expect(page.locator(f"#transfer-desk option[value='{counter.desk}']")).to_be_disabled()
    # Read as the dialog opens: the other desk is closed, and no open desk serves the new queue.
    other = page.locator(f"#transfer-desk option[value='{counter.desks[1]}']")
    expect(other).to_be_enabled()
    expect(other).to_contain_text("(cerrado)")
    expect(page.locator(f"#transfer-queue option[value='{nobody.code}']")).to_contain_text("(ningún mesón abierto)")
    page.click("#dlg-transfer [data-close]")
    desk_shifts.sign_in(counter.desks[1], actor=SYSTEM)  # a colleague opens the other desk
    page.keyboard.press("t")
    expect(other).not_to_contain_text("(cerrado)")


def test_the_focus_ring_of_a_dialogs_field_leaves_its_label_readable(live_server, new_page, agent, counter) -> None:
    """The finish dialog opens with its «Resultado» field focused: the ring (4 px, 2 px out) stays below the
    label's text instead of crossing it."""
    waiting(counter, 1)
    page = open_desk(new_page, live_server, desk=counter.desk)
    page.keyboard.press("n")
    expect(page.locator("#current .status-label")).to_have_text("Llamada")
    page.keyboard.press("f")
    field = page.locator("#finish-outcome")
    expect(field).to_be_focused()
    label, box = page.locator("label[for=finish-outcome]").bounding_box(), field.bounding_box()
    assert label["y"] + label["height"] <= box["y"] - 6, (label, box)


def test_a_shortcut_pressed_before_the_console_has_caught_up_still_runs(live_server, new_page, agent,
                                                                       counter) -> None:
    """F, Enter, then N as soon as «Ficha … finalizada» shows, while the console still reads the desk's new state:
    the next ticket is called once that read lands (the key was dropped without a word). A key that cannot run
    says why."""
    waiting(counter, 2)
    page = open_desk(new_page, live_server, desk=counter.desk, size=(1366, 768))
    page.keyboard.press("n")
    expect(page.locator("#console")).to_have_attribute("data-current", counter.number(1))
    page.keyboard.press("n")  # a ticket is at the desk: refused, and said
    expect(page.locator("#message")).to_have_text(
        f"«Llamar siguiente» no se hizo: la ficha {counter.number(1)} sigue en el mesón: finalícela o "
        "transfiérala primero.")
    held, release = [], []

    def hold(route) -> None:  # the reads after «Finalizar» wait until N is pressed
        if release:
            route.continue_()
        else:
            held.append(route)

    page.route("**/desk/state", hold)
    page.keyboard.press("f")
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_have_text(f"Ficha {counter.number(1)} finalizada.")
    page.wait_for_function("() => document.querySelector('[data-action=call-next]').disabled")
    page.keyboard.press("n")
    release.append(True)
    for route in held:
        route.continue_()
    expect(page.locator("#console")).to_have_attribute("data-current", counter.number(2))
    expect(page.locator("#message")).to_have_text(f"Llamando a la ficha {counter.number(2)}.")
