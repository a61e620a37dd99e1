"""Issue 10 at reception, in real Chromium: acts 2 and 3–4 without a ticket. The adviser informs (F7) and
prints the brochure, locates a person found by a keyword (F8) with Seguridad Física's directions, and each
visit is recorded and asked the P01 question; both count in the indicator."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from core import clock
from core.extensions import db
from core.models import Attention, InfoAnswer, PrintJob, Ticket
from core.reporting import indicators
from tests.browser.login import open_reception
from tests.builders import make_category, make_directory_entry, make_info, make_transaction
from tests.helpers import make_user
from tests.shots import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def page(app, demo, live_server, new_page) -> Page:
    """Reception signed in, with a topic and a directory entry of the test's own."""
    make_info(label="Plan Wara de prueba", requirements="Carnet de identidad\nCroquis del domicilio",
              parent=make_category(label="Información de prueba"))
    make_directory_entry(label="Ing. Tomás Rojas", unit="Gerencia Técnica", floor="Piso 3",
                         location="Oficina 312", keywords="fibra despliegue", parent=make_category(label="Directorio"))
    make_user("recepcion_p01", "reception")
    page = open_reception(new_page(1366, 768), live_server, "recepcion_p01")
    expect(page.locator("#r-q")).to_be_focused()
    return page


def test_info_only_and_locate_only_attentions_count_in_p01(page) -> None:
    """F7 → topic → Ctrl+Enter records the information and prints the brochure; Alt+S is the customer's «Sí».
    F8 → a keyword → Ctrl+Enter records the directions; «No». Two attentions, two answers, 50 %."""
    page.keyboard.press("F7")
    page.keyboard.type("wara")
    expect(page.locator("#r-results [role=option]:visible")).to_have_count(1)
    page.keyboard.press("Enter")
    visit = page.locator("[data-visit]")
    expect(visit.locator('[data-field="requirements"] li')).to_have_text(["Carnet de identidad",
                                                                          "Croquis del domicilio"])
    shot(page, "reception-info.png")
    with page.expect_response("**/recepcion/atenciones"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-attended]")).to_contain_text("Atención registrada")
    expect(page.locator("[data-p01]")).to_be_visible()
    with page.expect_response("**/encuesta"):
        page.keyboard.press("Alt+s")
    expect(page.locator("[data-p01-status]")).to_have_text("Respuesta registrada. ¡Gracias!")

    page.keyboard.press("F8")
    page.keyboard.type("despliegue")  # only in «Palabras clave»
    found = page.locator("#r-results [role=option]:visible")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Ing. Tomás Rojas")
    page.keyboard.press("Enter")
    expect(visit.locator('[data-field="location"]')).to_have_text("Oficina 312")
    expect(visit).to_contain_text("Seguridad Física")
    with page.expect_response("**/recepcion/atenciones"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-p01]")).to_be_visible()
    shot(page, "reception-locate.png")
    with page.expect_response("**/encuesta"):
        page.locator('[data-p01-answer="no"]').click()
    expect(page.locator("[data-p01-status]")).to_have_text("Respuesta registrada. ¡Gracias!")

    db.session.remove()
    kinds = [(a.kind, a.channel, a.ticket_id) for a in db.session.scalars(select(Attention).order_by(Attention.id))]
    assert kinds == [("info", "reception", None), ("locate", "reception", None)]
    assert [a.satisfied for a in db.session.scalars(select(InfoAnswer).order_by(InfoAnswer.id))] == [True, False]
    slips = [job.kind for job in db.session.scalars(select(PrintJob).order_by(PrintJob.id))]
    assert slips == ["brochure", "directions"]
    result = indicators.p01(indicators.semester(clock.business_day()))
    assert (result["attended"], result["answered"], result["satisfied"], result["ratio"]) == (2, 2, 1, 50.0)


def test_reception_with_a_visit_and_the_question_open_is_accessible(page, axe) -> None:
    """axe-core: no serious or critical violation with the locate detail and the P01 question on screen."""
    page.keyboard.press("F8")
    page.keyboard.type("rojas")
    page.keyboard.press("Enter")
    with page.expect_response("**/recepcion/atenciones"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-p01]")).to_be_visible()
    assert axe(page) == []


def test_a_ticket_at_reception_is_asked_too(page) -> None:
    """Act 8 at reception: after Ctrl+Enter issues the ticket, the P01 question is on screen for it."""
    tx = make_transaction(label="Trámite Qhapaq de prueba", parent=make_category(label="Cat", parent="TRAMITE")).code
    page.reload()
    page.keyboard.type("qhapaq")
    expect(page.locator("#r-results [role=option]:visible")).to_have_count(1)
    page.keyboard.press("Enter")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-p01]")).to_be_visible()
    with page.expect_response("**/encuesta"):
        page.keyboard.press("Alt+n")
    expect(page.locator("[data-p01-status]")).to_have_text("Respuesta registrada. ¡Gracias!")
    db.session.remove()
    attention = db.session.scalar(select(Attention))
    assert (attention.kind, attention.node_code) == ("ticket", tx)
    assert db.session.scalar(select(InfoAnswer.satisfied)) is False


def test_a_customer_told_what_is_pending_is_asked_too(page) -> None:
    """Act. 7 at reception: the account has a debt; the adviser tells the customer and presses Alt+I «Informado,
    sin ficha». No ticket, one attention (P01 counts the customer attended), and the question on screen."""
    tx = make_transaction(label="Traslado Kimsa de prueba", parent=make_category(label="Cat", parent="TRAMITE"),
                          needs_account_check=True).code
    make_transaction(label="Consulta Pusaq de prueba", parent=make_category(label="Cat 2", parent="TRAMITE"))
    page.reload()
    page.keyboard.type("pusaq")  # the customer before: a ticket, whose box must not stay under the next one's result
    page.keyboard.press("Enter")
    with page.expect_response("**/recepcion/fichas"):
        page.keyboard.press("Control+Enter")
    expect(page.locator("[data-issued]")).to_be_visible()
    page.keyboard.press("F2")
    page.keyboard.type("kimsa")
    page.keyboard.press("Enter")
    page.keyboard.type("100300")
    with page.expect_response("**/api/v1/accounts/check"):
        page.keyboard.press("Enter")
    pending = page.locator("[data-pending]")
    expect(pending).to_be_visible()
    with page.expect_response("**/recepcion/atenciones"):
        page.keyboard.press("Alt+i")
    expect(page.locator("[data-pending-done]")).to_contain_text("Atención registrada sin ficha")
    expect(page.locator("[data-issued]")).to_be_hidden()  # the customer before's ticket is not this one's
    expect(pending).to_be_hidden()
    expect(page.locator("#r-account")).to_have_value("")  # nothing of this customer waits for the next one
    expect(page.locator("[data-p01]")).to_be_visible()
    with page.expect_response("**/encuesta"):
        page.keyboard.press("Alt+s")
    page.keyboard.press("F2")  # the next customer: the line about this one goes
    page.keyboard.type("pusaq")
    page.keyboard.press("Enter")
    expect(page.locator("[data-pending-done]")).to_be_empty()
    db.session.remove()
    pending_ones = db.session.scalars(select(Attention).where(Attention.kind == "pending")).all()
    assert [(a.node_code, a.ticket_id) for a in pending_ones] == [(tx, None)]
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1  # the customer before's only
    result = indicators.p01(indicators.semester(clock.business_day()))
    assert (result["attended"], result["answered"], result["satisfied"]) == (2, 1, 1)
