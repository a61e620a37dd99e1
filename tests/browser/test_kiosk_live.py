"""The kiosk follows the office live: its printer's health, and catalogue edits made in admin."""

from __future__ import annotations

import threading

import pytest
from flask import request
from playwright.sync_api import expect

from core.actors import SYSTEM
from core.extensions import db
from core.models import CatalogueNode
from core.org.catalogue_edit import NodeInput, save_node
from core.printing import print_queue
from tests.browser.conftest import SocketWatch
from tests.browser.test_kiosk import walk_to_ticket
from tests.kiosk import helpers

pytestmark = pytest.mark.browser


@pytest.fixture
def kiosk_page(app, live_server, new_page):
    demo = helpers.demo()
    page = new_page(1080, 1920, has_touch=True)
    socket = SocketWatch(page)
    page.goto(f"{live_server.url}/kiosk?token={demo.kiosk_token}")
    expect(page.locator('[data-screen="home"]')).to_be_visible()
    socket.wait_connected()  # the kiosk has joined its room
    return page, demo


def test_printer_going_down_shows_the_warning_without_reload(kiosk_page, closed_port: int) -> None:
    """When the kiosk's printer stops answering, the warning appears at once; the page is not reloaded."""
    page, demo = kiosk_page
    warning = page.locator("[data-printer-warning]")
    expect(warning).to_be_hidden()
    page.evaluate("() => { window.__sameDocument = true; }")
    helpers.broken_printer(closed_port, demo.kiosk_id)
    print_queue.check_health("apagada")
    expect(warning).to_be_visible()
    assert page.evaluate("() => window.__sameDocument === true")


def test_a_printer_that_went_down_while_the_kiosk_was_offline_shows_on_reconnect(kiosk_page, closed_port: int
                                                                                  ) -> None:
    """The kiosk hears of its printer only when its state changes; one that changed while the kiosk's connection was
    down shows as soon as it is back."""
    page, demo = kiosk_page
    warning = page.locator("[data-printer-warning]")
    expect(warning).to_be_hidden()
    page.context.set_offline(True)
    expect(page.locator("main")).to_have_attribute("data-connected", "0")
    helpers.broken_printer(closed_port, demo.kiosk_id)
    print_queue.check_health("apagada")  # its event goes out while this kiosk is away
    page.context.set_offline(False)
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    expect(warning).to_be_visible()


def test_catalogue_edit_reaches_an_idle_kiosk(kiosk_page) -> None:
    """A transaction renamed in admin shows on a kiosk sitting on its welcome screen, with no one touching it."""
    page, _demo = kiosk_page
    node = db.session.scalar(db.select(CatalogueNode).where(CatalogueNode.code == "V_COBERTURA"))
    data = NodeInput(kind="transaction", code=node.code, label="Consulta de cobertura de fibra óptica",
                     parent="VENTA", position=node.position, queue="CTC", desk="CTC")
    db.session.commit()
    save_node(node.id, data, actor=SYSTEM)
    page.wait_for_load_state("load")
    expect(page.locator("[data-tx='V_COBERTURA']")).to_contain_text("Consulta de cobertura de fibra óptica",
                                                                    timeout=15_000)


def test_a_kiosk_picks_up_a_new_release_at_its_welcome_screen_only(app, kiosk_page) -> None:
    """After a deploy the kiosk reconnects to a server of another release: a customer in the middle of a trámite
    keeps their screen; back at the welcome screen, the kiosk reloads and runs the new release."""
    page, _demo = kiosk_page
    page.tap('[data-go="tramite"]')
    expect(page.locator('[data-screen="tramite"]')).to_be_visible()
    page.evaluate("() => { window.__sameDocument = true; }")
    app.config["APP_VERSION"] = app.jinja_env.globals["app_version"] = "nueva-version"  # the deployed release
    page.context.set_offline(True)  # the restart
    expect(page.locator("main")).to_have_attribute("data-connected", "0")
    page.context.set_offline(False)
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    expect(page.locator('[data-screen="tramite"]')).to_be_visible()  # mid-trámite: no reload
    assert page.evaluate("() => window.__sameDocument === true")
    page.tap('[data-nav="home"]')  # the customer goes back to the start
    expect(page.locator("body")).to_have_attribute("data-release", "nueva-version")
    expect(page.locator('[data-screen="home"]')).to_be_visible()


def test_a_ticket_printing_on_a_printer_known_down_keeps_the_warning(app, kiosk_page, closed_port: int) -> None:
    """The printer is known down and the ticket is still «imprimiendo»: the warning («anote su número») stays on
    the ticket screen. Once the ticket's own line says the printout failed, the line says it instead."""
    page, demo = kiosk_page
    helpers.broken_printer(closed_port, demo.kiosk_id)
    print_queue.check_health("apagada")
    warning = page.locator("[data-printer-warning]")
    expect(warning).to_be_visible()
    walk_to_ticket(page, "VENTA", "V_COBERTURA")
    expect(page.locator("[data-ticket-print]")).to_have_attribute("data-state", "printing")
    expect(warning).to_be_visible()
    # Not «Su ficha se está imprimiendo…» under «La impresora no está disponible»: the line agrees with it (and so
    # does a brochure's or directions' slip: tests/browser/test_kiosk.py).
    expect(page.locator("[data-ticket-print]")).to_have_text(
        "La impresora no responde: anote su número. Seguimos intentando imprimir su ficha.")
    app.config["PRINT_MAX_ATTEMPTS"] = 1
    helpers.print_all()
    expect(page.locator("[data-ticket-print]")).to_have_text("No pudimos imprimir su ficha: anote su número.")
    expect(warning).to_be_hidden()


def test_a_slip_on_a_printer_known_down_says_so_from_the_start(kiosk_page, closed_port: int) -> None:
    """«Imprimir folleto» under «La impresora no está disponible»: not «Imprimiendo…» for the 12 s until the
    printout fails, but what the banner says."""
    page, demo = kiosk_page
    helpers.broken_printer(closed_port, demo.kiosk_id)
    print_queue.check_health("apagada")
    expect(page.locator("[data-printer-warning]")).to_be_visible()
    page.tap('[data-go="info"]')
    page.tap('[data-go="info:INFO_INT"]')
    topic = page.locator('[data-screen="info:INFO_INT"]')
    with page.expect_response("**/kiosk/folleto/INFO_INT"):
        topic.locator("[data-print]").tap()
    expect(topic.locator(".k-print-status")).to_have_text(
        "La impresora no responde: seguimos intentando. La información sigue en pantalla.")


def test_a_trámite_taken_away_while_on_screen_says_so_in_words(kiosk_page, app, live_server, new_page) -> None:
    """The admin deactivates a trámite a customer has on screen: issuing it says «Este trámite ya no se atiende»
    (it said «No existe el trámite «V_COBERTURA»» with an «Intentar de nuevo» that could only fail), and reception,
    whose list is read at load, is told the catalogue changed."""
    from tests.browser.login import open_reception
    from tests.helpers import make_user

    page, _demo = kiosk_page
    make_user("recepcion-catalogo", "reception")
    reception = open_reception(new_page(1366, 768), live_server, "recepcion-catalogo")
    page.tap('[data-go="tramite"]')
    page.tap('[data-go="cat:VENTA"]')
    page.tap('[data-tx="V_COBERTURA"]')
    page.tap("[data-confirm]")
    node = db.session.scalar(db.select(CatalogueNode).where(CatalogueNode.code == "V_COBERTURA"))
    data = NodeInput(kind="transaction", code=node.code, label=node.label, parent="VENTA", position=node.position,
                     queue="CTC", desk="CTC", active=False)
    db.session.commit()
    save_node(node.id, data, actor=SYSTEM)
    expect(reception.locator("[data-catalogue-stale]")).to_be_visible()
    with page.expect_response("**/api/v1/tickets"):
        page.tap('[data-pref="none"]')
    expect(page.locator("[data-issue-error]")).to_have_text(
        "Este trámite ya no se atiende: elija otro o consulte en Recepción.")
    expect(page.locator("[data-retry-issue]")).to_be_hidden()


def test_a_tap_while_the_kiosk_reloads_does_nothing(app, kiosk_page) -> None:
    """A catalogue edit (or a deploy) reloads a kiosk at its welcome screen. A customer who touched «Realizar un
    trámite» while the new page was on its way got the trámites of the page going away, then the new page put them
    back on the welcome screen: the page that is going away takes no tap."""
    page, _demo = kiosk_page
    asked, answer = threading.Event(), threading.Event()

    def hold_the_reload() -> None:  # the new page is on its way as long as the test says
        if request.path == "/kiosk":
            asked.set()
            answer.wait(60)

    app.before_request_funcs.setdefault(None, []).insert(0, hold_the_reload)  # the app has served: no decorator
    # While a navigation is pending Playwright reads nothing of the page: the page going away tells what it did.
    heard: list[str] = []
    page.expose_function("kioskHeard", lambda what: heard.append(what))
    page.evaluate("""() => {
      const main = document.querySelector("main.kiosk");
      document.addEventListener("click", () => kioskHeard("click"), true);
      new MutationObserver(() => kioskHeard(main.dataset.current)).observe(main, { attributeFilter: ["data-current"] });
    }""")
    box = page.locator('[data-go="tramite"]').bounding_box()
    node = db.session.scalar(db.select(CatalogueNode).where(CatalogueNode.code == "V_COBERTURA"))
    data = NodeInput(kind="transaction", code=node.code, label="Consulta de cobertura de fibra óptica",
                     parent="VENTA", position=node.position, queue="CTC", desk="CTC")
    db.session.commit()
    save_node(node.id, data, actor=SYSTEM)
    try:
        assert asked.wait(30), "the kiosk did not reload"
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # answered once handled
    finally:
        answer.set()
    expect(page.locator("[data-tx='V_COBERTURA']")).to_contain_text("Consulta de cobertura de fibra óptica")
    expect(page.locator('[data-screen="home"]')).to_be_visible()
    assert heard == ["click"]  # the tap reached the old page, which did not open «Realizar un trámite»


def test_a_slip_s_late_outcome_is_not_the_next_customer_s(kiosk_page, closed_port: int, app) -> None:
    """A customer prints two brochures on a printer that is down and leaves («Inicio»). The first slip fails after
    they left: «No pudimos imprimir…» appeared on that topic for the next customer, who had printed nothing."""
    page, demo = kiosk_page
    helpers.broken_printer(closed_port, demo.kiosk_id)
    app.config["PRINT_MAX_ATTEMPTS"] = 1
    page.tap('[data-go="info"]')
    for code in ("INFO_INT", "INFO_TEL"):
        page.tap(f'[data-go="info:{code}"]')
        with page.expect_response(f"**/kiosk/folleto/{code}"):
            page.locator(f'[data-screen="info:{code}"] [data-print]').tap()
        if code == "INFO_INT":
            page.get_by_role("button", name="Atrás").tap()
    page.get_by_role("button", name="Inicio").tap()
    expect(page.locator('[data-screen="home"]')).to_be_visible()
    helpers.print_all()  # both slips fail now, after the customer left
    # The next customer prints a slip of their own: its failure reaches the kiosk after the earlier two.
    page.tap('[data-go="info"]')
    page.tap('[data-go="info:INFO_TV"]')
    with page.expect_response("**/kiosk/folleto/INFO_TV"):
        page.locator('[data-screen="info:INFO_TV"] [data-print]').tap()
    helpers.print_all()
    expect(page.locator('[data-screen="info:INFO_TV"] .k-print-status')).to_contain_text("No pudimos imprimir")
    page.get_by_role("button", name="Atrás").tap()
    page.tap('[data-go="info:INFO_INT"]')
    expect(page.locator('[data-screen="info:INFO_INT"] .k-print-status')).to_have_text("")
    expect(page.locator('[data-screen="info:INFO_INT"] [data-print]')).to_be_enabled()
