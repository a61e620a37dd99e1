"""Reception in real Chromium: keyboard shortcuts, one search over all transactions, the full account
detail, the override with its reason, and reprints of today's tickets."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.actors import SYSTEM
from core.extensions import db
from core.models import Ticket, TicketEvent
from core.tickets import desk_shifts, desks
from core.tickets.engine import issue_ticket
from tests.browser.login import log_in, open_reception
from tests.builders import make_category, make_desk, make_queue, make_transaction
from tests.helpers import make_user
from tests.kiosk import helpers

pytestmark = pytest.mark.browser


@dataclass
class Offer:
    """Transactions of the test's own in the branch reception searches («Realizar un trámite», TRAMITE), each
    found by a word no other transaction there carries."""

    plain: str  # «Consulta de alcance de fibra», no account check: «alcance»
    first_number: str  # the first ticket of its queue
    checked: str  # «Mudanza de servicio», with the account check: «mudanza»


@pytest.fixture
def offer(app) -> Offer:
    category = make_category(label="Trámites de prueba", parent="TRAMITE")
    queue = make_queue()
    plain = make_transaction(queue, label="Consulta de alcance de fibra", parent=category).code
    checked = make_transaction(label="Mudanza de servicio", parent=category, needs_account_check=True).code
    at_desk = make_queue()
    desk = make_desk(queues=[at_desk], name="Mesón 91")  # two transactions served only there: «mesón 91»
    for label in ("Revisión de módem", "Cambio de decodificador"):
        make_transaction(at_desk, label=label, desk=desk, parent=category)
    return Offer(plain=plain, first_number=f"{queue.prefix}-001", checked=checked)


@pytest.fixture
def page(app, demo, offer, live_server, new_page) -> Page:
    make_user("recepcion1", "reception")
    page = open_reception(new_page(1600, 1000), live_server, "recepcion1")
    expect(page.locator("#r-q")).to_be_focused()
    return page


def tickets() -> list[Ticket]:
    db.session.remove()
    return list(db.session.scalars(select(Ticket).order_by(Ticket.id)))


def test_keyboard_only_issue(page, offer) -> None:
    """Type to search, Enter to choose, Alt+1 for adulto mayor, Ctrl+Enter to issue: no mouse needed."""
    page.keyboard.type("alcance")
    expect(page.locator("#r-results [role=option]:visible")).to_have_count(1)
    page.keyboard.press("Enter")
    page.keyboard.press("Alt+1")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued] [data-field=number]")).to_have_text(offer.first_number)
    expect(page.locator("[data-today] tr").first).to_contain_text(offer.first_number)  # «Fichas de hoy» has it
    expect(page.locator("[data-error]")).to_be_empty()  # no «Sin conexión» over a ticket that was issued
    expect(page.locator("[data-issued] [data-field=preferential_label]")).to_have_text(
        "Atención preferencial: Adulto mayor")  # what the adviser chose, to tell the customer
    [ticket] = tickets()
    assert (ticket.channel, ticket.preferential, ticket.transaction_code) == ("reception", "adulto_mayor",
                                                                              offer.plain)


def test_the_issued_ticket_is_on_screen_at_1366(app, demo, offer, live_server, new_page) -> None:
    """At reception's 1366×768 the issued box opens below the form: the page brings the number, the place in line
    and the preferential category into view for the adviser to read out, without scrolling by hand."""
    make_user("recepcion1", "reception")
    page = open_reception(new_page(1366, 768), live_server, "recepcion1")
    page.keyboard.type("alcance")
    expect(page.locator("#r-results [role=option]:visible")).to_have_count(1)
    page.keyboard.press("Enter")
    page.keyboard.press("Alt+1")
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued] [data-field=number]")).to_have_text(offer.first_number)
    for field in ("number", "preferential_label", "people_ahead"):
        expect(page.locator(f"[data-issued] [data-field={field}]")).to_be_in_viewport(ratio=1)


def test_search_covers_destinations_too(page) -> None:
    """The one search box matches the destination as well as the transaction name."""
    page.keyboard.type("mesón 91")
    options = page.locator("#r-results [role=option]:visible")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("Revisión de módem")
    # The names advisers use: P01 sends eight trámites to «Mezanine BOC», whose queue is «Back Office Comercial».
    page.fill("#r-q", "mezanine boc")
    expect(options.first).to_contain_text("Back Office Comercial")
    assert options.count() >= 8
    for text in options.locator(".r-dest").all_text_contents():
        assert "Back Office Comercial" in text, text


def test_the_list_marks_the_transaction_chosen_by_click(page) -> None:
    """A click on the second match marks that one in the list, not the first match the search had marked: the
    list and «2. Atención» name the same trámite."""
    page.keyboard.type("mesón 91")
    options = page.locator("#r-results [role=option]:visible")
    expect(options.first).to_have_attribute("aria-selected", "true")  # the search marks its first match
    options.nth(1).click()
    expect(page.locator("[data-selected-label]")).to_have_text("Cambio de decodificador")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(options.first).to_have_attribute("aria-selected", "false")


def test_the_search_box_says_what_it_searches(page) -> None:
    """F7 and F8 change the label and the example under it: «traslado, cobertura» is no hint for a person."""
    search = page.locator("#r-q")
    expect(search).to_have_attribute("placeholder", "p. ej. traslado, cobertura, certificado…")
    page.keyboard.press("F8")
    expect(page.locator("[data-search-label]")).to_have_text("Buscar funcionario o unidad")
    expect(search).to_have_attribute("placeholder", "p. ej. un nombre, cobranzas, legal…")
    page.keyboard.press("F7")
    expect(search).to_have_attribute("placeholder", "p. ej. internet, certificados, baja…")


def test_full_account_detail_and_override_with_reason(page) -> None:
    """An account with debt shows holder, CI and amount; issuing needs a reason, which is recorded."""
    page.keyboard.type("mudanza")
    expect(page.locator("#r-results [role=option]:visible").first).to_contain_text("udanza")  # searched
    page.keyboard.press("Enter")
    expect(page.locator("#r-account")).to_be_focused()
    page.keyboard.type("100300")
    page.keyboard.press("Enter")
    detail = page.locator("[data-account-detail]")
    expect(detail.locator("[data-field=holder_name]")).to_have_text("Socio Demo Con Deuda")
    expect(detail.locator("[data-field=ci]")).to_have_text("5566778")
    expect(detail.locator("[data-field=debt_text]")).to_have_text("Bs 350,50")
    expect(page.locator("#r-reason")).to_be_focused()
    page.keyboard.type("Paga en caja antes de pasar")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued]")).to_contain_text("Emitida pese a la verificación")
    [ticket] = tickets()
    assert ticket.verification == "override" and "Paga en caja antes de pasar" in ticket.verification_note
    note = db.session.scalar(select(TicketEvent.note).where(TicketEvent.ticket_id == ticket.id))
    assert "Paga en caja antes de pasar" in note


def test_the_verify_button_checks_the_account_by_mouse(page) -> None:
    """«Verificar» clicked with the mouse runs the same check as Enter: the debt shows and issuing asks for a reason.
    It did nothing: its handler was on the first trámite of the list, which also carries `data-check`."""
    page.keyboard.type("mudanza")
    page.locator("#r-results [role=option]:visible").first.click()
    page.locator("#r-account").fill("100300")
    with page.expect_response("**/api/v1/accounts/check"):
        page.get_by_role("button", name="Verificar").click()
    detail = page.locator("[data-account-detail]")
    expect(detail.locator("[data-field=debt_text]")).to_have_text("Bs 350,50")
    expect(page.locator("#r-reason")).to_be_visible()
    assert tickets() == []


def test_the_next_customer_carries_nothing_of_the_last_one(page, offer) -> None:
    """Straight on to the next customer without Esc, as a busy adviser does: the account, the override's reason
    and the priority of the last customer do not go on the next ticket (they did: the desk read «Cuenta 5566778»
    on another customer's ticket, called first as «Adulto mayor»)."""
    page.keyboard.type("mudanza")
    page.keyboard.press("Enter")
    page.keyboard.type("100300")
    page.keyboard.press("Enter")
    expect(page.locator("#r-reason")).to_be_focused()
    page.keyboard.type("Paga en caja antes de pasar")
    page.keyboard.press("Alt+1")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued]")).to_contain_text("Adulto mayor")
    page.keyboard.press("F2")
    page.keyboard.type("alcance")
    page.keyboard.press("Enter")
    expect(page.locator('input[name="preferential"][value=""]')).to_be_checked()
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued] [data-field=number]")).to_have_text(offer.first_number)
    expect(page.locator("[data-issued] [data-field=preferential_label]")).to_be_hidden()
    first, second = tickets()
    assert (first.account_ref, first.preferential) == ("100300", "adulto_mayor")
    assert (second.account_ref, second.preferential, second.verification_note) == (None, None, "")


def test_the_account_detail_leaves_out_what_the_account_lacks(page) -> None:
    """An account al día shows no «Dónde pagar», no pending requirements and no notes as blank headings; one
    with pending requirements lists them."""
    page.keyboard.type("mudanza")
    page.keyboard.press("Enter")
    page.keyboard.type("100200")
    page.keyboard.press("Enter")
    detail = page.locator("[data-account-detail]")
    expect(detail.locator("[data-field=holder_name]")).to_have_text("Socio Demo Al Día")
    expect(detail.locator("[data-field=debt_text]")).to_have_text("Bs 0,00")
    for heading in ("Dónde pagar", "Requisitos pendientes", "Observaciones"):
        expect(detail.locator("dt", has_text=heading)).to_be_hidden()
    page.locator("#r-account").fill("100400")
    page.keyboard.press("Enter")
    expect(detail.locator("[data-field=holder_name]")).to_have_text("Socio Demo Requisitos")
    expect(detail.locator("dt", has_text="Requisitos pendientes")).to_be_visible()
    expect(detail.locator("[data-field=pending_requirements]")).to_have_text(
        "Fotocopia de cédula de identidad actualizada")
    expect(detail.locator("dt", has_text="Observaciones")).to_be_hidden()


def test_override_without_reason_is_refused(page) -> None:
    """Ctrl+Enter on a debtor without a reason shows the check's message and issues nothing."""
    page.keyboard.type("mudanza")
    expect(page.locator("#r-results [role=option]:visible").first).to_contain_text("udanza")  # searched
    page.keyboard.press("Enter")
    expect(page.locator("#r-account")).to_be_focused()
    page.keyboard.type("100300")
    page.keyboard.press("Enter")
    expect(page.locator("#r-reason")).to_be_focused()
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-error]")).to_contain_text("deuda pendiente")
    assert tickets() == []


def issue_and_reprint(page: Page, offer: Offer) -> str:
    """Issue the plain trámite's ticket, reprint it from today's list and see «reimpresa»: its number."""
    page.keyboard.type("alcance")
    page.keyboard.press("Enter")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    number = offer.first_number
    row = page.locator("[data-today] tr", has_text=number)
    with page.expect_response("**/reimprimir"):
        row.get_by_role("button", name=f"Reimprimir {number}").click()
    helpers.print_all()
    expect(page.locator("[data-reprint-status]")).to_have_text(f"Ficha {number} reimpresa.")
    return number


def test_reprint_any_ticket_of_the_day(page, offer) -> None:
    """A ticket in today's list is reprinted on the reception printer."""
    issue_and_reprint(page, offer)
    assert [job.reprint_of_id is None for job in helpers.jobs("ticket")] == [True, True]
    actions = db.session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == tickets()[0].id))
    assert list(actions) == ["issue", "reprint"]


def test_a_search_of_today_s_tickets_says_when_nothing_matches(page, offer) -> None:
    """After a reprint, a search that finds nothing says so, and the reprint's line (about a row no longer shown) is
    gone; typing the number as it is printed keeps the ticket listed at every key."""
    number = issue_and_reprint(page, offer)
    find = page.locator("#r-find")
    find.fill("ZZ-9")
    expect(page.locator("[data-today] tr")).to_have_text(["Ninguna ficha de hoy coincide con «ZZ-9»."])
    expect(page.locator("[data-reprint-status]")).to_have_text("")
    find.fill("")
    for typed in number[:-1]:  # «T», «T-», «T-0», «T-00»
        find.press_sequentially(typed)
        expect(page.locator("[data-today] tr")).to_have_count(1)
        expect(page.locator("[data-today] tr").first).to_contain_text(number)


def test_escape_clears_the_form(page) -> None:
    """Esc forgets the transaction and account and returns to the search."""
    page.keyboard.type("mudanza")
    page.keyboard.press("Enter")
    page.keyboard.type("100300")
    page.keyboard.press("Escape")
    expect(page.locator("#r-q")).to_be_focused()
    expect(page.locator("#r-q")).to_have_value("")
    expect(page.locator("[data-issue]")).to_be_disabled()


def test_reception_screen_is_accessible(page, axe) -> None:
    """axe-core finds no serious or critical violation on reception, with the account detail open."""
    page.keyboard.type("mudanza")
    page.keyboard.press("Enter")
    page.keyboard.type("100400")
    page.keyboard.press("Enter")
    expect(page.locator("[data-account-detail]")).to_be_visible()
    assert axe(page) == []


def test_typing_before_the_script_loads_is_kept(app, offer, live_server, new_page) -> None:
    """On a slow PC the adviser starts typing before reception.js arrives: the search still applies."""
    make_user("recepcion1", "reception")
    page = new_page(1600, 1000)
    held = []  # reception.js is held back until the adviser has typed, however fast the machine is
    page.route("**/static/kiosk/reception.js*", lambda route: held.append(route))
    with page.expect_request("**/static/kiosk/reception.js*"):
        log_in(page, live_server, "recepcion1", "/recepcion")  # not open_reception: its script is held back
    expect(page.locator("#r-q")).to_be_focused()
    page.keyboard.type("mesón 91")
    assert len(held) == 1, "reception.js arrived before the typing"
    held[0].continue_()
    options = page.locator("#r-results [role=option]:visible")
    expect(options).to_have_count(2)
    expect(page.locator("#r-q")).to_have_value("mesón 91")


def test_todays_tickets_fit_a_1366_screen(app, demo, offer, live_server, new_page) -> None:
    """On the 1366×768 PC at reception, today's list is whole: every «Reimprimir» button on screen and nothing
    to scroll sideways, with the demo's long words («Devolución de decodificadores»). The buttons ran 60 px past
    the right edge, cut off with the page scrolling sideways."""
    decos = make_transaction(label="Devolución de decodificadores",
                             parent=make_category(label="Trámites de prueba 2", parent="TRAMITE")).code
    for code in (offer.plain, decos, decos):
        issue_ticket(code, actor=SYSTEM)
    make_user("recepcion1", "reception")
    page = open_reception(new_page(1366, 768), live_server, "recepcion1")
    buttons = page.locator("[data-today] button")  # «Reimprimir» and, since they wait, «Anular»
    expect(buttons).to_have_count(6)
    for i in range(6):
        expect(buttons.nth(i)).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # Each ticket number on one line: «H-» over «004» reads as two tickets.
    lines = page.evaluate("""() => [...document.querySelectorAll('[data-today] tr[data-ticket] td:first-child')]
        .map((td) => { const r = document.createRange(); r.selectNodeContents(td);
          return Math.round(r.getBoundingClientRect().height / parseFloat(getComputedStyle(td).fontSize)); })""")
    assert lines == [1, 1, 1], lines
    # The three modes on one row, each on one line: «Información F7» broke over two lines, its key below it.
    modes = page.evaluate("""() => [...document.querySelectorAll('.r-modes button')].map((button) =>
        [button.getBoundingClientRect().top, button.querySelector('kbd').getBoundingClientRect().top])""")
    assert len({round(top) for top, _key in modes}) == 1, modes  # one row
    assert max(key for _top, key in modes) - min(key for _top, key in modes) < 2, modes  # each key beside its word


def test_todays_tickets_follow_the_office_live(page, offer) -> None:
    """A kiosk's ticket appears in today's list, and its call changes its state, with no reload: the adviser
    answers «¿ya me llamaron?» from the truth. The list used to stay as the page had loaded it."""
    ticket = issue_ticket(offer.plain, actor=SYSTEM)
    number, queue = ticket.label, ticket.queue
    row = page.locator("[data-today] tr", has_text=number)
    expect(row).to_contain_text("En espera")
    desk = make_desk(queues=[queue]).code
    desk_shifts.sign_in(desk, actor=SYSTEM)
    desks.call_next(desk, actor=SYSTEM)
    expect(row).to_contain_text("Llamada")


def test_a_new_ticket_waits_while_the_adviser_uses_the_list(app, demo, offer, live_server, new_page) -> None:
    """Rows never move under the adviser's hand: a ticket issued while the pointer moves over the list shows once
    it has rested there a few seconds (LIST_PAUSE_MS), so a click meant for one «Reimprimir» never lands on
    another's, and a mouse left lying on the list does not freeze it."""
    first = issue_ticket(offer.plain, actor=SYSTEM).label
    # The page's own clock, stopped: LIST_PAUSE_MS counts from the hover in the page's time. On the real clock a
    # busy machine could spend those 4 s issuing the second ticket, and the list rightly caught up before the test
    # looked. The change's arrival is watched on the page's socket rather than guessed with a sleep.
    make_user("recepcion1", "reception")
    page = new_page(1600, 1000)
    page.clock.install()
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket))
    open_reception(page, live_server, "recepcion1")
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    rows = page.locator("[data-today] tr")
    expect(rows).to_have_count(1)
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds: 1 s on, every timer left as it was
    page.locator("[data-today] tr", has_text=first).hover()
    with sockets[-1].expect_event("framereceived", predicate=lambda frame: "ticket_changed" in str(frame)):
        second = issue_ticket(offer.plain, actor=SYSTEM).label
    page.clock.run_for(1500)  # the change has arrived; the list holds still while the hand is on it
    expect(rows).to_have_count(1)
    page.clock.run_for(3000)  # past LIST_PAUSE_MS (4 s) since the hover
    expect(rows.first).to_contain_text(second)  # the pointer rests: the list catches up, no move needed
    expect(rows).to_have_count(2)


def test_reception_hears_its_printout_without_asking(page, offer) -> None:
    """Reception's socket hears each printout's state (staff hear every job's), so «Ficha impresa.» shows with
    every poll failing, as over a bad link; reception used to learn it only by polling."""
    page.route("**/kiosk/impresiones/**", lambda route: route.abort())
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    page.keyboard.type("alcance")
    page.keyboard.press("Enter")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator('[data-issued] [data-field="print"]')).to_have_text("Imprimiendo la ficha…")
    helpers.print_all()
    expect(page.locator('[data-issued] [data-field="print"]')).to_have_text("Ficha impresa.")


def test_reception_cancels_a_waiting_ticket(page, offer) -> None:
    """A customer who leaves, or a ticket issued for the wrong trámite: «Anular» on a waiting ticket, confirmed in
    a dialog that names it, with an optional reason kept in the ticket's history. «Volver» cancels nothing, and a
    ticket already called has no «Anular» (it ends at its desk). Only the API could cancel a ticket before."""
    leaving, called = issue_ticket(offer.plain, actor=SYSTEM), issue_ticket(offer.plain, actor=SYSTEM)
    desk = make_desk(queues=[called.queue]).code
    desk_shifts.sign_in(desk, actor=SYSTEM)
    db.session.commit()
    # The first in line is called: take the other one's row for «Anular».
    at_desk = desks.call_next(desk, actor=SYSTEM)
    waiting = called if at_desk.id == leaving.id else leaving
    row = page.locator("[data-today] tr", has_text=waiting.label)
    expect(page.locator("[data-today] tr", has_text=at_desk.label)).to_contain_text("Llamada")
    expect(page.locator("[data-today] tr", has_text=at_desk.label).locator("[data-cancel]")).to_have_count(0)
    row.locator("[data-cancel]").click()
    dialog = page.locator("#r-cancel")
    expect(dialog).to_contain_text(f"La ficha {waiting.label} dejará la espera")
    dialog.get_by_role("button", name="Volver").click()
    expect(dialog).to_be_hidden()
    db.session.remove()
    assert db.session.get(Ticket, waiting.id).status == "waiting"
    row.locator("[data-cancel]").click()
    page.fill("#r-cancel-reason", "Se retiró: volverá mañana")
    dialog.get_by_role("button", name="Anular la ficha").dblclick()
    expect(page.locator("[data-reprint-status]")).to_have_text(f"Ficha {waiting.label} anulada.")
    expect(row).to_contain_text("Anulada")
    expect(row.locator("[data-cancel]")).to_have_count(0)
    db.session.remove()
    assert db.session.get(Ticket, waiting.id).status == "cancelled"
    notes = db.session.scalars(select(TicketEvent.note).where(TicketEvent.ticket_id == waiting.id,
                                                              TicketEvent.action == "cancel")).all()
    assert notes == ["Se retiró: volverá mañana"]
