"""The customer kiosk in real Chromium: COM-DSC-P01 activities 1–8, touch only, against the live server."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from core.models import Attention, Ticket
from tests.kiosk import helpers
from tests.services import wait_until
from tests.shots import shot

pytestmark = pytest.mark.browser
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)
# The kiosk's two screens: a tall totem and a wide one.
SIZES = pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])


@pytest.fixture
def demo(app):
    return helpers.demo()


@pytest.fixture
def open_kiosk(app, demo, live_server, new_page) -> Callable[..., Page]:
    def open_(size: tuple[int, int] = PORTRAIT) -> Page:
        page = new_page(*size, has_touch=True)
        page.goto(f"{live_server.url}/kiosk?token={demo.kiosk_token}")
        expect(page.locator('[data-screen="home"]')).to_be_visible()
        return page

    return open_


def screen(page: Page, name: str):
    return page.locator(f'[data-screen="{name}"]')


# After a screen change screens.js sets `data-settling` (SETTLE_MS) and CSS stops pointer events: a tap then
# fails Playwright's hit test and is retried with back-off (about 0.9 s a tap). A customer looks at the new
# screen before touching it; the tests wait for the same moment, checked every 25 ms of page time.
SETTLED = "() => !document.querySelector('main.kiosk[data-settling]')"


def wait_settled(page: Page) -> None:
    page.wait_for_function(SETTLED, polling=25)


SETTLE_PLUS = 1000  # ms of the page's clock: more than the kiosk's settle time (SETTLE_MS in screens.js)


def settled(page: Page) -> None:
    """For a page whose clock the test drives (Playwright's fake clock): `wait_settled` polls on the page's own
    timers."""
    expect(page.locator("main.kiosk[data-settling]")).to_have_count(0)


def stopped_clock(page: Page) -> None:
    """The page's timers on Playwright's fake clock, stopped: from here on the test says how much time passes, so
    a busy machine's slowness never counts as the customer's. The page is reloaded so every timer is the fake's."""
    page.clock.install()
    page.reload()
    expect(screen(page, "home")).to_be_visible()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # in seconds: 1 s on
    page.clock.run_for(SETTLE_PLUS)
    settled(page)


def tap(page: Page, selector: str) -> None:
    wait_settled(page)
    page.locator(selector).locator("visible=true").first.tap()


def keys(page: Page, pad: str, text: str) -> None:
    wait_settled(page)
    for key in text:
        page.locator(f'{pad} [data-key="{key}"]').tap()


def walk_to_ticket(page: Page, category: str, transaction: str, account: str | None = None,
                   preferential: str = "none") -> None:
    tap(page, '[data-go="tramite"]')
    tap(page, f'[data-go="cat:{category}"]')
    turn_pages_to(page, f'[data-tx="{transaction}"]')
    tap(page, f'[data-tx="{transaction}"]')
    tap(page, "[data-confirm]")  # «¿Tiene todo?» with the requirements
    if account:
        keys(page, ".k-keypad", account)
        tap(page, "[data-check-account]")
        expect(screen(page, "account-result")).to_be_visible()
        tap(page, "[data-continue]")
    with page.expect_response("**/api/v1/tickets"):  # the print job exists once this answers
        tap(page, f'[data-pref="{preferential}"]')
    expect(screen(page, "ticket")).to_be_visible()


def turn_pages_to(page: Page, selector: str) -> None:
    """A long list shows one page at a time: «Más opciones» until the option is on the page."""
    for _ in range(10):
        if page.locator(selector).is_visible():
            return
        tap(page, '[data-page="next"]')
    expect(page.locator(selector)).to_be_visible()


def tickets() -> list[Ticket]:
    db.session.remove()
    return list(db.session.scalars(select(Ticket).order_by(Ticket.id)))


def test_information_prints_the_brochure(open_kiosk) -> None:
    """Información → a topic shows its requirements; «Imprimir folleto» prints it on the virtual printer."""
    page = open_kiosk()
    tap(page, '[data-go="info"]')
    tap(page, '[data-go="info:INFO_INT"]')
    topic = screen(page, "info:INFO_INT")
    expect(topic).to_contain_text("Croquis de ubicación")
    with page.expect_response("**/kiosk/folleto/INFO_INT"):
        topic.locator("[data-print]").tap()
    assert helpers.print_all() == 1
    expect(topic.locator(".k-print-status")).to_have_text("Listo: retire su impresión.")
    [job] = helpers.jobs("brochure")
    assert (job.status, job.reference) == ("done", "INFO_INT")
    assert tickets() == []
    # Printed once per customer: the second tap of a double tap (the printout takes milliseconds) printed again
    # and counted the customer twice in the P01 indicator. The next customer may print it again.
    expect(topic.locator("[data-print]")).to_be_disabled()
    tap(page, '[data-nav="home"]')
    tap(page, '[data-go="info"]')
    tap(page, '[data-go="info:INFO_INT"]')
    expect(topic.locator("[data-print]")).to_be_enabled()


def test_locate_searches_as_you_type_and_gives_directions(open_kiosk) -> None:
    """Ubicar → typing on the screen keyboard narrows the directory; an entry gives floor, place and the
    Seguridad Física notice, and no ticket."""
    page = open_kiosk()
    tap(page, '[data-go="locate"]')
    keys(page, ".k-keyboard", "RECU")
    directory = page.locator("[data-directory] .k-entry")
    expect(directory.locator("visible=true")).to_have_count(1)
    expect(directory.locator("visible=true")).to_contain_text("Recursos Humanos")
    tap(page, '[data-go="dir:DIR_RRHH"]')
    entry = screen(page, "dir:DIR_RRHH")
    expect(entry).to_contain_text("Piso 2")
    expect(entry).to_contain_text("oficina 204")
    expect(entry).to_contain_text("Seguridad Física")
    assert tickets() == []


@pytest.mark.parametrize("typed,found", [
    ("CARTERA", "Unidad de Cartera"), ("BOI", "Back Office Incidencias"), ("BOC", "Back Office Comercial"),
    ("DEALER", "Dealer"), ("COBERTURA", "Coordinador Técnico Comercial"), ("DECODIFICADOR", "Mesón 50"),
    ("CREDENCIAL", "Seguridad Física"), ("FORMULARIO", "Plataforma de Servicios"),
])
def test_locate_finds_every_unit_p01_sends_customers_to(open_kiosk, typed: str, found: str) -> None:
    """Every destination of COM-DSC-P01 can be located (acts 3–4): the kiosk's debt screen sends a customer to
    «Unidad de Cartera», which «Ubicar» did not know."""
    page = open_kiosk()
    tap(page, '[data-go="locate"]')
    keys(page, ".k-keyboard", typed)
    expect(page.locator("[data-directory] .k-entry").locator("visible=true").first).to_contain_text(found)


def test_locate_finds_a_staff_member_by_name(open_kiosk) -> None:
    """P01 act. 3, «ubicar algún funcionario»: the demo names a few (fictitious) staff, found by first name."""
    page = open_kiosk()
    tap(page, '[data-go="locate"]')
    keys(page, ".k-keyboard", "JUAN")
    found = page.locator("[data-directory] .k-entry").locator("visible=true")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Juan Carlos Rojas")
    expect(found).to_contain_text("Asesoría Legal")


def test_locate_in_landscape_lists_the_directory_beside_the_keyboard(open_kiosk) -> None:
    """At 1920×1080 the directory sits beside the keyboard: its first page shows several names, and «Más
    opciones» is whole above the Atrás/Inicio bar. Under the keyboard there was room for one name a page (six
    pages for the demo's six), with «Más opciones» half under the bar."""
    page = open_kiosk(LANDSCAPE)
    tap(page, '[data-go="locate"]')
    shown = page.locator("[data-directory] .k-entry").locator("visible=true")
    expect(shown.first).to_be_visible()
    assert shown.count() >= 4
    more = screen(page, "locate").locator('[data-page="next"]')
    expect(more).to_be_in_viewport(ratio=1)
    bar_top = page.locator(".k-nav").bounding_box()["y"]
    box = more.bounding_box()
    assert box["y"] + box["height"] <= bar_top
    tap(page, '[data-page="next"]')
    expect(shown.first).to_be_visible()
    expect(screen(page, "locate").locator(".k-pager-label")).to_contain_text("Página 2 de")


# One transaction per destination of DESIGN.md §2 (every distinct queue or desk).
DESTINATIONS = [
    ("VENTA", "V_COBERTURA", None, "Coordinador Técnico Comercial"),
    ("VENTA", "V_INST_TEL", "100200", "Asesores Comerciales de Plataforma"),
    ("VENTA", "V_CREDITO", "100200", "Mesón 19"),
    ("VENTA", "V_EQUIPOS", None, "Dealer"),
    ("POSTVENTA", "PV_FISCALIA", None, "Asesoría Legal"),
    ("POSTVENTA", "PV_REVERTIDA", None, "Unidad de Cartera"),
    ("POSTVENTA", "PV_CERT_APORT", "100200", "Back Office Comercial"),
    ("POSTVENTA", "PV_HSPA", None, "Mesón 50"),
    ("POSTVENTA", "PV_SEG_RECLAMO", None, "BOI"),
    ("BAJA", "B_BAJA", "100200", "Asesores Comerciales de Plataforma"),
    ("BAJA", "B_DEV_EQUIPOS", None, "Back Office Comercial"),
]


@pytest.mark.parametrize(("category", "transaction", "account", "destination"), DESTINATIONS,
                         ids=[d[1] for d in DESTINATIONS])
def test_transaction_ticket_names_its_destination(open_kiosk, category, transaction, account, destination) -> None:
    """Trámite → the ticket screen shows the number and names the desk or queue that will serve it."""
    page = open_kiosk()
    walk_to_ticket(page, category, transaction, account)
    ticket = tickets()[-1]
    ticket_screen = screen(page, "ticket")
    expect(ticket_screen.locator('[data-field="number"]')).to_have_text(ticket.label)
    expect(ticket_screen.locator('[data-field="destination"]')).to_contain_text(destination)
    expect(ticket_screen.locator('[data-field="area_name"]')).to_have_text(ticket.queue.area.name)
    assert ticket.transaction_code == transaction


def test_account_with_debt_gets_a_clear_message_and_no_ticket(open_kiosk) -> None:
    """An account with debt: where to pay, not the amount (anyone may type a CI here), no way forward, and no
    ticket."""
    page = open_kiosk()
    tap(page, '[data-go="tramite"]')
    tap(page, '[data-go="cat:VENTA"]')
    tap(page, '[data-tx="V_INST_INT"]')
    tap(page, "[data-confirm]")
    keys(page, ".k-keypad", "100300")
    tap(page, "[data-check-account]")
    result = screen(page, "account-result")
    expect(result).to_contain_text("deuda pendiente")
    expect(result).not_to_contain_text("350")
    expect(result).to_contain_text("el monto no se muestra aquí")
    expect(result.locator('[data-field="pay_at"]')).to_contain_text("Unidad de Cartera")
    expect(result.locator("[data-continue]")).to_be_hidden()
    assert tickets() == []
    # Attended all the same (act. 7), once: P01 counts every customer attended. Checking again is the same customer.
    wait_until(lambda: pending_attentions() == ["V_INST_INT"], 10, "the kiosk's «pending» attention")
    recorded: list[str] = []
    page.on("request", lambda request: recorded.append(request.url) if "/kiosk/pendiente/" in request.url else None)
    tap(page, '[data-nav="back"]')
    with page.expect_response("**/api/v1/accounts/check"):
        tap(page, "[data-check-account]")
    expect(result).to_contain_text("deuda pendiente")
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")  # past the script that would send it
    assert recorded == [] and pending_attentions() == ["V_INST_INT"]


def pending_attentions() -> list[str]:
    db.session.remove()
    return list(db.session.scalars(select(Attention.node_code).where(Attention.kind == "pending")))


def test_lookup_down_issues_a_ticket_flagged_verification_pending(app, open_kiosk, closed_port: int) -> None:
    """With the account service unreachable the kiosk still issues, flagged «verificación pendiente»."""
    app.config["ACCOUNT_LOOKUP_URL"] = f"http://127.0.0.1:{closed_port}/cuentas"
    page = open_kiosk()
    walk_to_ticket(page, "VENTA", "V_INST_INT", "100300")
    expect(screen(page, "ticket").locator('[data-part="unverified"]')).to_be_visible()
    expect(screen(page, "ticket")).to_contain_text("Verificación pendiente")
    assert tickets()[-1].verification == "unverified"


def test_idle_timeout_returns_home_and_clears_typing(app, open_kiosk) -> None:
    """Left alone, the kiosk returns to the welcome screen and forgets what was typed: «¿Sigue ahí?» after the idle
    time, the welcome screen after its countdown. (On the page's fake clock: with real timers a loaded machine
    that took 4 s to type three keys was the customer walking away, and the screen went home under the test.)"""
    app.config["KIOSK_IDLE_SECONDS"] = 10
    app.config["KIOSK_WARN_SECONDS"] = 5
    page = open_kiosk()
    stopped_clock(page)
    page.locator('[data-go="locate"]').tap()
    page.clock.run_for(SETTLE_PLUS)
    settled(page)
    for key in "LEG":
        page.locator(f'.k-keyboard [data-key="{key}"]').tap()
    expect(page.locator("#k-search")).to_have_value("LEG")
    page.clock.run_for(9_000)  # the last key started the wait again
    expect(page.locator("[data-idle]")).to_be_hidden()
    page.clock.run_for(2_000)
    expect(page.locator("[data-idle]")).to_be_visible()
    expect(screen(page, "locate")).to_be_visible()
    page.clock.run_for(5_000)
    expect(screen(page, "home")).to_be_visible()
    expect(page.locator("[data-idle]")).to_be_hidden()
    page.clock.run_for(SETTLE_PLUS)
    settled(page)
    page.locator('[data-go="locate"]').tap()
    expect(page.locator("#k-search")).to_have_value("")


def test_double_tap_issues_one_ticket(open_kiosk) -> None:
    """Two quick taps on the last step give one ticket."""
    page = open_kiosk()
    tap(page, '[data-go="tramite"]')
    tap(page, '[data-go="cat:VENTA"]')
    tap(page, '[data-tx="V_COBERTURA"]')
    tap(page, "[data-confirm]")
    page.locator('[data-pref="none"]').dblclick()
    expect(screen(page, "ticket")).to_be_visible()
    assert len(tickets()) == 1


def test_same_idempotency_key_twice_gives_the_same_ticket(open_kiosk) -> None:
    """Two requests racing with one key (a double tap that beat the button) return one ticket."""
    page = open_kiosk()
    numbers = page.evaluate("""async () => {
        const body = {transaction: "V_COBERTURA", idempotency_key: "doble-toque-0001"};
        const send = () => window.Turnero.api.call("POST", "/api/v1/tickets", body);
        const answers = await Promise.all([send(), send()]);
        return answers.map((a) => a.ticket.number);
    }""")
    assert numbers == ["T-001", "T-001"] and len(tickets()) == 1


def test_preferential_choice_is_on_the_ticket(open_kiosk) -> None:
    """One touch on «Embarazada» marks the ticket preferential."""
    page = open_kiosk()
    walk_to_ticket(page, "VENTA", "V_COBERTURA", preferential="embarazada")
    expect(screen(page, "ticket").locator('[data-field="preferential_label"]')).to_have_text("Embarazada")
    assert tickets()[-1].preferential == "embarazada"


def test_ticket_print_failure_tells_to_note_the_number(app, demo, open_kiosk, closed_port: int) -> None:
    """When the printer fails the screen says so and asks to note the number."""
    app.config["PRINT_MAX_ATTEMPTS"] = 1
    helpers.broken_printer(closed_port, demo.kiosk_id)
    page = open_kiosk()
    walk_to_ticket(page, "VENTA", "V_COBERTURA")
    helpers.print_all()
    expect(page.locator("[data-ticket-print]")).to_have_text("No pudimos imprimir su ficha: anote su número.")
    expect(screen(page, "ticket").locator("[data-qr]")).to_be_visible()  # the only way to follow it then


def test_ticket_print_success_is_shown(open_kiosk) -> None:
    """«Su ficha se está imprimiendo» turns into «Retire su ficha impresa» once printed."""
    page = open_kiosk()
    walk_to_ticket(page, "VENTA", "V_COBERTURA")
    expect(page.locator("[data-ticket-print]")).to_have_text("Su ficha se está imprimiendo…")
    qr = screen(page, "ticket").locator("[data-qr]")
    expect(qr).to_be_visible()
    helpers.print_all()
    expect(page.locator("[data-ticket-print]")).to_have_text("Retire su ficha impresa.")
    # The QR is on the paper now: off the screen, where the next customer's phone could follow or anul this ticket.
    expect(qr).to_be_hidden()
    expect(screen(page, "ticket")).to_contain_text("El código para seguir su turno en el celular está en su ficha")


def test_the_kiosk_hears_its_printout_without_asking(app, demo, open_kiosk, closed_port: int) -> None:
    """The print worker tells the kiosk that asked (its device room) when the ticket is printed, so «Retire su ficha
    impresa» shows at once, with no request per customer; here the kiosk's polls all fail, as over a bad link. A
    failed printout is heard the same way."""
    page = open_kiosk()
    page.route("**/kiosk/impresiones/**", lambda route: route.abort())
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    walk_to_ticket(page, "VENTA", "V_COBERTURA")
    helpers.print_all()
    expect(page.locator("[data-ticket-print]")).to_have_text("Retire su ficha impresa.")

    app.config["PRINT_MAX_ATTEMPTS"] = 1
    helpers.broken_printer(closed_port, demo.kiosk_id)
    tap(page, '[data-nav="home"]')
    walk_to_ticket(page, "VENTA", "V_COBERTURA")
    helpers.print_all()
    expect(page.locator("[data-ticket-print]")).to_have_text("No pudimos imprimir su ficha: anote su número.")


def test_a_printout_heard_before_its_answer_still_ends_the_wait(open_kiosk) -> None:
    """The worker can print, and the socket tell, before the page has read the answer naming the job: the state waits
    for the watch, which ends at once (not at its first poll, here failing)."""
    page = open_kiosk()
    page.route("**/kiosk/impresiones/**", lambda route: route.abort())
    heard = page.evaluate("""() => new Promise((resolve) => {
      Turnero.api.jobSettled({ id: 987654, status: "done", error: null });
      Turnero.api.watchJob("/kiosk/impresiones/987654", (ok) => resolve(ok ? "printed" : "failed"), { job: 987654 });
      setTimeout(() => resolve("still waiting"), 3000);
    })""")
    assert heard == "printed"


def test_back_and_home_on_every_step(open_kiosk) -> None:
    """Atrás goes one step back; Inicio goes to the welcome screen."""
    page = open_kiosk()
    tap(page, '[data-go="tramite"]')
    tap(page, '[data-go="cat:POSTVENTA"]')
    tap(page, '[data-nav="back"]')
    expect(screen(page, "tramite")).to_be_visible()
    tap(page, '[data-go="cat:BAJA"]')
    tap(page, '[data-nav="home"]')
    expect(screen(page, "home")).to_be_visible()


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_layout_fits_and_screenshots(open_kiosk, size) -> None:
    """Portrait 1080×1920 and landscape 1920×1080: nothing overflows sideways, the number is huge, every
    visible button is at least 64 px; screenshots are saved in TURNERO_SCREENSHOTS when set (tests/shots.py)."""
    page = open_kiosk(size)
    name = "portrait" if size == PORTRAIT else "landscape"
    shot(page, f"kiosk-{name}-home.png")
    walk_to_ticket(page, "VENTA", "V_INST_INT", "100200")
    helpers.print_all()
    expect(page.locator("[data-ticket-print]")).to_have_text("Retire su ficha impresa.")
    shot(page, f"kiosk-{name}-ticket.png")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator('[data-screen="ticket"] [data-field="number"]').bounding_box()["height"] >= 100
    assert small_buttons(page) == []


def small_buttons(page: Page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll("button"))
        .filter((b) => b.offsetParent !== null)
        .filter((b) => { const r = b.getBoundingClientRect(); return r.width < 64 || r.height < 64; })
        .map((b) => b.textContent.trim())""")


def test_every_screen_is_accessible_and_touch_sized(open_kiosk, axe) -> None:
    """axe-core finds no serious or critical violation, and no button under 64 px, on any kiosk screen."""
    page = open_kiosk()
    found: dict[str, object] = {}

    def check(name: str) -> None:
        found[name] = {"axe": axe(page), "small": small_buttons(page)}

    check("home")
    tap(page, '[data-go="info"]')
    check("info")
    tap(page, '[data-go="info:INFO_TEL"]')
    check("info-topic")
    tap(page, '[data-nav="home"]')
    tap(page, '[data-go="locate"]')
    keys(page, ".k-keyboard", "LE")
    check("locate")
    tap(page, '[data-go="dir:DIR_LEGAL"]')
    check("directions")
    tap(page, '[data-nav="home"]')
    tap(page, '[data-go="tramite"]')
    check("tramite")
    tap(page, '[data-go="cat:VENTA"]')
    check("category")
    tap(page, '[data-tx="V_INST_INT"]')
    check("confirm")
    tap(page, "[data-confirm]")
    keys(page, ".k-keypad", "100400")
    check("account")
    tap(page, "[data-check-account]")
    expect(screen(page, "account-result")).to_be_visible()
    check("account-result")
    tap(page, '[data-nav="back"]')
    page.locator(".k-keypad [data-key='CLEAR']").tap()
    keys(page, ".k-keypad", "100200")
    tap(page, "[data-check-account]")
    tap(page, "[data-continue]")
    check("preferential")
    tap(page, '[data-pref="adulto_mayor"]')
    expect(screen(page, "ticket")).to_be_visible()
    check("ticket")
    assert {k: v for k, v in found.items() if v["axe"] or v["small"]} == {}
