"""«Mi bandeja» at 1366×768 (the audit's F1–F3): the Coordinador de Calidad reads the overdue mark without scrolling
sideways and no visit still to come on an attended order; USM's step-15 form offers «Solucionado en la visita» only
from the visit's day."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.top10 import workflow
from tests.browser.login import signed_in
from tests.helpers import FrozenClock
from tests.top10.helpers import NOW, Team, advance, lp, one_case

pytestmark = pytest.mark.browser


@pytest.fixture
def clock(app) -> FrozenClock:
    return FrozenClock(NOW)


def sign_in(new_page, live_server, team: Team, who: str, path: str) -> Page:
    getattr(team, who)
    page = signed_in(new_page(1366, 768), live_server, Team.USERS[who][0], path)
    page.wait_for_url(f"**{path}")
    return page


def test_calidad_sees_the_overdue_mark_and_no_visit_to_come(live_server, new_page, clock) -> None:
    team = Team()
    case_id = one_case(team)
    advance(case_id, "trabajo_tecnico", team)  # visit agreed for 28/11 09:00
    workflow.close_work(case_id, work_order="OT-5", actor=team.operador, now=NOW)
    clock.value = lp(29, 9)  # the daily check was due on 28/11
    page = sign_in(new_page, live_server, team, "calidad", "/admin/top10/")
    row = page.locator(f".queue-table tr[data-case='{case_id}']")
    expect(row.locator(".due-cell")).to_have_text("28/11/2026 Vencido")
    expect(row.locator(".visit-cell")).to_have_text("—")
    expect(row).to_have_class(re.compile(r"\boverdue\b"))  # red, as on the sheet
    box = row.locator(".due-cell .badge").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1366  # read without scrolling sideways


def test_the_solution_form_offers_solved_on_the_visit_from_its_day(live_server, new_page, clock) -> None:
    team = Team()
    case_id = one_case(team)
    advance(case_id, "en_solucion", team)
    page = sign_in(new_page, live_server, team, "usm", f"/admin/top10/casos/{case_id}")
    outcome = page.locator("#solution-outcome option")
    expect(outcome).to_have_text(["Elija…", "Sigue en solución (monitoreo)", "Solución remota (15.1)",
                                  "Requiere trabajo del técnico"])
    expect(page.locator("#solution-visit-hint")).to_have_text(
        "«Solucionado en la visita» se ofrece desde el día de la visita, el 28/11/2026.")
    clock.value = lp(28, 8)
    page.reload()
    expect(outcome).to_have_text(["Elija…", "Sigue en solución (monitoreo)", "Solución remota (15.1)",
                                  "Solucionado en la visita", "Requiere trabajo del técnico"])
    expect(page.locator("#solution-visit-hint")).to_have_count(0)
