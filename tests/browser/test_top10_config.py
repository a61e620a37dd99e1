"""Issue 12 in real browsers: the Top 10's configuration (the Jefe División chooses who closes the work order at
19.3) and a source's column mapping (the gestor) are usable and pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core import settings
from core.extensions import db
from core.imports import mappings
from core.top10 import report_import
from tests.browser.test_top10 import sign_in, team  # noqa: F401  (the fixture)
from tests.top10.helpers import Team

pytestmark = pytest.mark.browser


def test_the_division_head_hands_step_19_to_the_technician(live_server, new_page, team: Team, axe) -> None:  # noqa: F811
    page = sign_in(new_page, live_server, team, "jefe_division")
    page.click("nav.top10-tabs >> text=Configuración")
    expect(page.locator("h1")).to_have_text("Configuración del Seguimiento Top 10")
    closer = page.locator("#f-top10_work_order_closer")
    expect(closer).to_have_value("operador_co")
    assert axe(page) == []
    closer.select_option(label="Técnico Multiservicios")
    page.click("form.form-card button[type=submit]")
    expect(page.locator("body")).to_contain_text("Parámetros guardados.")
    expect(closer).to_have_value("tecnico")
    db.session.remove()  # the live server wrote it: read afresh
    assert settings.get("top10_work_order_closer") == "tecnico"


def test_the_gestor_saves_a_sources_headers(live_server, new_page, team: Team, axe) -> None:  # noqa: F811
    page = sign_in(new_page, live_server, team, "gestor", "/admin/top10/importar")
    page.click("text=Columnas de su archivo para reportes de daño")
    expect(page.locator("h1")).to_have_text("Columnas de Reportes de daño")
    assert axe(page) == []
    page.fill("#f-h_customer_code", "Socio COMTECO")
    page.click("form.form-card button[type=submit]")
    expect(page.locator("body")).to_contain_text("Columnas de «Reportes de daño» guardadas")
    db.session.remove()
    assert mappings.saved(report_import.DAMAGE_REPORTS) == {"customer_code": "Socio COMTECO"}
