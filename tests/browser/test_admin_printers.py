"""Admin → Impresoras in Chromium: configure a network printer, print the test page on the fake printer,
see the virtual printer's PNG under «Últimas impresiones», and live health without reloading."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from core.org.seed import SeedReport, seed_demo
from core.printing import print_queue, worker
from printers.decode import decode
from tests import services
from tests.browser.login import log_in
from tests.helpers import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def office(app: Flask) -> Iterator[None]:
    """An admin (network printers are theirs to define), the demo data (with its virtual printer) and the print
    worker running."""
    seed_demo(SeedReport())
    make_user("jefa", "admin")
    worker.start(app)
    yield
    worker.stop(app)


def open_printers(new_page, server) -> Page:
    page = log_in(new_page(1280, 900), server, "jefa", "/admin/impresoras")
    page.wait_for_url("**/admin/impresoras")
    expect(page.locator("#prn-live")).to_have_text("Estado en vivo: conectado")
    return page


def add_network_printer(page: Page, port: int) -> None:
    page.click("text=Nueva impresora")
    page.fill("#f-code", "red-entrada")
    page.fill("#f-name", "Impresora de red")
    page.select_option("#f-backend", "network")
    page.fill("#f-host", "127.0.0.1")
    page.fill("#f-port", str(port))
    page.fill("#f-timeout", "5")  # room for a loaded CI machine
    page.click("button:has-text('Guardar')")
    expect(page.locator(".flash")).to_have_text("Impresora «Impresora de red» guardada.")


def test_test_page_prints_on_the_fake_printer(live_server, new_page, office, fake) -> None:
    """*Imprimir página de prueba* on a configured network printer reaches the fake, Spanish text intact."""
    page = open_printers(new_page, live_server)
    add_network_printer(page, fake.port)
    page.click("button:has-text('Imprimir página de prueba en Impresora de red')")
    expect(page.locator(".flash")).to_contain_text("Página de prueba enviada a la cola")
    job = decode(fake.wait_for_jobs(1, timeout=10)[0], "TM-T20II")
    assert "Impresora: Impresora de red" in job.text
    assert "ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡" in job.text
    expect(page.locator("#prn-jobs tbody tr").first.locator("[data-field=status]")).to_have_text("Impresa")


def test_ultimas_impresiones_shows_the_virtual_png(live_server, new_page, office) -> None:
    """A test page on the demo's virtual printer appears as a rendered PNG under «Últimas impresiones»."""
    page = open_printers(new_page, live_server)
    page.click("button:has-text('Imprimir página de prueba en Impresora virtual (entrada)')")
    expect(page.locator("#prn-jobs tbody tr").first.locator("[data-field=status]")).to_have_text("Impresa")
    page.reload()
    image = page.locator(".prn-previews img").first
    expect(image).to_have_attribute("alt", "Página de prueba virtual-entrada impresa en Impresora virtual (entrada)")
    image.scroll_into_view_if_needed()  # previews load lazily
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") == 576 + 2 * 16  # 80 mm of dots plus the margins


def test_health_is_pushed_live(live_server, new_page, office, fake) -> None:
    """A paper-out printer turns its badge to «Sin papel» on the open page, without a reload."""
    page = open_printers(new_page, live_server)
    add_network_printer(page, fake.port)
    fake.set_mode("paper_out")
    print_queue.check_health("red-entrada")
    row = page.locator("tr[data-printer=red-entrada]")
    expect(row.locator("[data-field=state]")).to_have_text("Sin papel")
    expect(row.locator("[data-field=last_error]")).to_contain_text("Sin papel")


def test_a_catch_up_read_older_than_a_live_push_does_not_undo_it(live_server, new_page, office, fake) -> None:
    """On connect the list re-reads every printer; that answer, read before a paper-out check, arrives after the
    check's live push: the row keeps «Sin papel» and its error."""
    page = open_printers(new_page, live_server)
    held = []

    def hold_the_first_read(route) -> None:
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))  # the list as it is now, answered after the push

    page.route("**/impresoras/estado.json", hold_the_first_read)
    add_network_printer(page, fake.port)  # back on the list, which connects and re-reads: held
    services.wait_until(lambda: page.evaluate("() => true") and held, 20, "the list's catch-up read")
    fake.set_mode("paper_out")
    print_queue.check_health("red-entrada")
    row = page.locator("tr[data-printer=red-entrada]")
    expect(row.locator("[data-field=state]")).to_have_text("Sin papel")
    route, before_the_check = held[0]
    with page.expect_response("**/impresoras/estado.json"):
        route.fulfill(response=before_the_check)
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")  # the page has handled that answer
    expect(row.locator("[data-field=state]")).to_have_text("Sin papel")
    expect(row.locator("[data-field=last_error]")).to_contain_text("Sin papel")


def test_printer_pages_are_accessible(live_server, new_page, office, axe) -> None:
    """The list and the edit form have no serious or critical axe-core violations."""
    page = open_printers(new_page, live_server)
    assert axe(page) == []
    page.click("text=Nueva impresora")
    expect(page.locator("h1")).to_have_text("Nueva impresora")  # the form's page, not the list still loading
    assert axe(page) == []
