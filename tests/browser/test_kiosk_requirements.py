"""The kiosk in real Chromium, portrait 1080×1920 and landscape 1920×1080 (issue 10): a trámite's requirements
appear before issuing and stay on the ticket screen; a preferential customer is told how many people the desk
will really call first, checked against the calls the desk then makes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.actors import SYSTEM
from core.extensions import db
from core.tickets import desk_shifts, desks, engine
from core.tx import unit_of_work
from tests.browser.test_kiosk import PORTRAIT, SIZES, screen, tap, tickets
from tests.builders import make_category, make_counter, make_device, make_transaction
from tests.shots import shot

pytestmark = pytest.mark.browser
REQUIREMENTS = ["Cédula de identidad vigente del titular", "Croquis de ubicación del nuevo domicilio",
                "Factura de luz o agua del nuevo domicilio", "Carta de autorización del titular, si no viene él"]


@pytest.fixture
def office(app):
    """A trámite «Traslado de prueba» under its own category, routed to a one-desk counter."""
    counter = make_counter(label="Otro trámite")
    category = make_category(label="Trámites de prueba", parent="TRAMITE")
    tx = make_transaction(counter.queue, code="TRASLADO_PRUEBA", label="Traslado de prueba", parent=category,
                          requirements="\n".join(REQUIREMENTS))
    _device, token = make_device("kiosk")
    return counter, category, tx, token


def open_kiosk(new_page, live_server, token: str, size: tuple[int, int]) -> Page:
    page = new_page(*size, has_touch=True)
    page.goto(f"{live_server.url}/kiosk?token={token}")
    expect(screen(page, "home")).to_be_visible()
    return page


def choose(page: Page, category: str, tx: str) -> None:
    tap(page, '[data-go="tramite"]')
    tap(page, f'[data-go="cat:{category}"]')
    tap(page, f'[data-tx="{tx}"]')


def issue(page: Page, preferential: str) -> None:
    tap(page, "[data-confirm]")
    with page.expect_response("**/api/v1/tickets"):
        tap(page, f'[data-pref="{preferential}"]')
    expect(screen(page, "ticket")).to_be_visible()


@SIZES
def test_requirements_before_issuing_and_on_the_ticket(office, live_server, new_page, axe, size) -> None:
    """«¿Tiene todo?» lists the trámite's requirements before any ticket exists; the ticket screen lists them
    again under «Tenga a mano», says «en breve» at an open desk with nobody ahead, and passes axe-core."""
    counter, category, tx, token = office
    desk_shifts.sign_in(counter.desk, actor=SYSTEM)
    page = open_kiosk(new_page, live_server, token, size)
    choose(page, category.code, tx.code)
    expect(screen(page, "confirm").locator('[data-field="requirements"] li')).to_have_text(REQUIREMENTS)
    assert tickets() == []
    issue(page, "none")
    ticket = screen(page, "ticket")
    expect(ticket.locator('[data-field="ticket_requirements"] li')).to_have_text(REQUIREMENTS)
    expect(ticket.locator('[data-field="wait_text"]')).to_have_text("en breve")
    expect(ticket.locator('[data-part="wait-notice"]')).to_be_hidden()
    expect(page.get_by_role("button", name="Finalizar")).to_be_in_viewport(ratio=1)
    expect(ticket.locator('[data-field="ticket_requirements"] li').last).to_be_in_viewport(ratio=1)
    name = "portrait" if size == PORTRAIT else "landscape"
    shot(page, f"kiosk-ticket-requirements-{name}.png")
    assert axe(page) == []


@SIZES
def test_preferential_customer_is_told_the_real_people_ahead(office, live_server, new_page, size) -> None:
    """Three normal tickets wait; an adulto mayor then takes a ticket at the kiosk. The screen's «Personas
    delante» is exactly how many tickets call_next takes before theirs (0 with the default policy, not 3)."""
    counter, category, tx, token = office
    agent = SYSTEM
    desk_shifts.sign_in(counter.desk, actor=agent)
    normals = [engine.issue_ticket(tx.code, actor=SYSTEM).id for _ in range(3)]
    page = open_kiosk(new_page, live_server, token, size)
    choose(page, category.code, tx.code)
    issue(page, "adulto_mayor")
    shown = int(screen(page, "ticket").locator('[data-field="people_ahead"]').inner_text())
    elder = tickets()[-1].id
    assert elder not in normals
    order = []
    for _ in range(4):
        order.append(desks.call_next(counter.desk, actor=agent).id)
        desks.finish(counter.desk, actor=agent)
    assert shown == order.index(elder) == 0


def test_no_open_desk_is_said_on_the_ticket_screen(office, live_server, new_page) -> None:
    """With the counter's desk closed the ticket screen says no desk serves the trámite now."""
    _counter, category, tx, token = office
    page = open_kiosk(new_page, live_server, token, PORTRAIT)
    choose(page, category.code, tx.code)
    issue(page, "none")
    ticket = screen(page, "ticket")
    expect(ticket.locator('[data-part="wait-notice"]')).to_have_text(
        "Ningún mesón abierto atiende su ficha ahora; le llamaremos cuando abra uno.")
    expect(ticket.locator('[data-field="wait_text"]')).to_have_text("cuando abra un mesón")


def test_before_queuing_the_kiosk_says_when_no_desk_is_open(office, live_server, new_page, axe) -> None:
    """«¿Tiene todo?» warns that no desk serves the trámite now while its desk is closed, and not once it opens. It
    learns it from the trámite's own answer (`…/cupo`), not by reading the whole catalogue for each customer."""
    counter, category, tx, token = office
    page = open_kiosk(new_page, live_server, token, PORTRAIT)
    whole_catalogue: list[str] = []
    page.on("request", lambda request: whole_catalogue.append(request.url) if "/api/v1/catalogue" in request.url
            else None)
    choose(page, category.code, tx.code)
    notice = screen(page, "confirm").locator('[data-part="confirm-notice"]')
    expect(notice).to_have_text("Ningún mesón atiende este trámite ahora; le llamaremos cuando abra uno.")
    assert axe(page) == []
    desk_shifts.sign_in(counter.desk, actor=SYSTEM)
    tap(page, "[data-change]")
    tap(page, f'[data-tx="{tx.code}"]')
    expect(screen(page, "confirm")).to_be_visible()
    expect(page.locator("main.kiosk")).to_have_attribute("data-current", "confirm")
    expect(notice).to_be_hidden()
    assert whole_catalogue == []


@SIZES
def test_the_fullest_ticket_screen_fits_with_finalizar_on_it(office, live_server, new_page, size) -> None:
    """The most a ticket screen says at once: a preferential label, four requirements and «no desk serves this
    trámite now». All of it, and «Finalizar», fits the screen with nothing to scroll: at 1920×1080 «Finalizar»
    used to sit below the bottom edge, where a customer never finds it."""
    counter, category, tx, token = office
    with unit_of_work():  # as the demo's: where the room is in a sentence, a trámite's name on two lines
        counter.area.directions = "Planta baja: sala de espera principal, frente a los mesones."
        tx.label = "Consulta de cobertura (telefonía, internet, TV cable) en el nuevo domicilio"
        db.session.add_all([counter.area, tx])
    page = open_kiosk(new_page, live_server, token, size)
    choose(page, category.code, tx.code)
    issue(page, "adulto_mayor")
    ticket = screen(page, "ticket")
    expect(ticket.locator('[data-field="area_directions"]')).to_have_text(counter.area.directions)
    expect(ticket.locator("[data-ticket-print]")).to_have_text("No pudimos imprimir su ficha: anote su número.")
    expect(ticket.locator('[data-part="wait-notice"]')).to_be_visible()
    expect(ticket.locator('[data-field="preferential_label"]')).to_be_visible()
    expect(page.get_by_role("button", name="Finalizar")).to_be_in_viewport(ratio=1)
    expect(ticket.locator(".k-qr img")).to_be_in_viewport(ratio=1)
    assert page.locator(".k-screens").evaluate("(n) => n.scrollHeight <= n.clientHeight + 1")
    tap(page, "[data-nav-done]")
    expect(screen(page, "home")).to_be_visible()
