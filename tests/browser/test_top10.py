"""Seguimiento Top 10 in a real browser: the live control sheet follows another user's step without a reload,
and every Top 10 page passes axe-core with no serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from core.extensions import socketio
from core.realtime import catch_up
from core.top10 import workflow
from tests.browser.login import signed_in
from tests.helpers import FrozenClock
from tests.top10.helpers import DAMAGE_HEADER, NOW, WEEK, Team, advance, csv_bytes, lp, one_case, report

pytestmark = pytest.mark.browser


@pytest.fixture
def team(app) -> Team:
    FrozenClock(NOW)
    return Team()


def sign_in(new_page, live_server, team: Team, who: str, path: str = "/admin/top10/") -> Page:
    """A page signed in as the team's `who` (session cookie, not the form: tests/browser/login.py) showing
    `path`."""
    getattr(team, who)  # the user exists from here on
    page = signed_in(new_page(1280, 900), live_server, Team.USERS[who][0], path)
    page.wait_for_url(f"**{path}")
    return page


def sheet_at_review(new_page, live_server, team: Team) -> tuple[Page, int, Locator]:
    """The operations supervisor's sheet, joined to the live room, with one case at USM's review: (the page, the
    case, its status cell). The page marks itself so that a reload would show (`window.__sameDocument`)."""
    case_id = one_case(team)
    advance(case_id, "revision_usm", team)
    sheet = sign_in(new_page, live_server, team, "supervisor_co", "/admin/top10/planilla")
    expect(sheet.locator("body[data-top10-joined='1']")).to_have_count(1)
    row = sheet.locator(f"tr[data-case='{case_id}'] .status-cell")
    expect(row).to_have_text("Revisión de factores técnicos")
    sheet.evaluate("window.__sameDocument = true")
    return sheet, case_id, row


def test_control_sheet_updates_live_when_another_user_records_a_step(live_server, new_page, team) -> None:
    """The operations supervisor's sheet shows USM's review as soon as it is saved, without reloading."""
    sheet, case_id, row = sheet_at_review(new_page, live_server, team)

    usm = sign_in(new_page, live_server, team, "usm", f"/admin/top10/casos/{case_id}")
    usm.fill("#review-factors", "Nodo sin saturación; ONU con parámetros normales")
    usm.check("#review-technical_solution-no")
    usm.click("#form-review button[type=submit]")
    expect(usm.locator(".flash")).to_contain_text("Paso registrado")

    expect(row).to_have_text("Sin solución técnica: por distribuir")
    expect(sheet.locator(f"tr[data-case='{case_id}'] .step-cell")).to_have_text("6")
    assert sheet.evaluate("window.__sameDocument") is True


def test_control_sheet_shows_a_step_whose_event_never_came(live_server, new_page, team, monkeypatch) -> None:
    """A step recorded by a process the sheet is not connected to (its event reaches no socket here) shows on the
    open sheet at its next check, without a reload."""
    monkeypatch.setattr(catch_up, "CHECK_EVERY_S", 1)  # the pages' check interval: a second, not 30
    sheet, case_id, row = sheet_at_review(new_page, live_server, team)
    with monkeypatch.context() as lost:
        lost.setattr(socketio, "emit", lambda *_args, **_kwargs: None)
        workflow.review(case_id, factors="Nodo sin saturación", technical_solution=False, actor=team.usm, now=NOW)
    expect(row).to_have_text("Sin solución técnica: por distribuir")
    assert sheet.evaluate("window.__sameDocument") is True


def _upload_rejected_file(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/top10/importar")
    data = csv_bytes(DAMAGE_HEADER, [report("R9", "900", lp(20)), ["R10", "", "", "", "", "ayer", "", "", ""]])
    page.set_input_files("input[type=file]", files=[{"name": "rd.csv", "mimeType": "text/csv", "buffer": data}])
    page.click("form.card button[type=submit]")
    expect(page.locator(".import-errors")).to_be_visible()


def test_every_top10_page_passes_axe(live_server, new_page, team, axe) -> None:
    """Queue, weekly Top 10 / Top 30, case pages with each step's form, sheet, imports with errors, indicator."""
    cases = {status: one_case(team, account) for status, account in [
        ("nuevo", "101"), ("revision_usm", "102"), ("fidelizacion", "103"), ("control_calidad", "104"),
        ("programar_visita", "105"), ("control_co", "106"), ("trabajo_tecnico", "107")]}
    for status, case_id in cases.items():
        advance(case_id, status, team)
    visits = {
        "gestor": ["/admin/top10/", f"/admin/top10/semana?semana={WEEK}", f"/admin/top10/semana?semana={WEEK}&top=30",
                   f"/admin/top10/casos/{cases['nuevo']}", "/admin/top10/indicador?mes=2026-11",
                   "/admin/top10/importar"],
        "usm": ["/admin/top10/", f"/admin/top10/casos/{cases['revision_usm']}",
                f"/admin/top10/casos/{cases['programar_visita']}"],
        "fidelizacion": [f"/admin/top10/casos/{cases['fidelizacion']}"],
        "calidad": [f"/admin/top10/casos/{cases['control_calidad']}"],
        "supervisor_co": ["/admin/top10/planilla", f"/admin/top10/casos/{cases['control_co']}"],
        "tecnico": [f"/admin/top10/casos/{cases['trabajo_tecnico']}"],
    }
    found = {}
    for who, paths in visits.items():
        page = sign_in(new_page, live_server, team, who, paths[0])
        for path in paths:
            if path != paths[0]:
                page.goto(f"{live_server.url}{path}")
            found[f"{who} {path}"] = axe(page)
        if who == "gestor":
            _upload_rejected_file(page, live_server)
            found["gestor import errors"] = axe(page)
    assert {where: v for where, v in found.items() if v} == {}


def test_control_sheet_fits_a_1366_screen_beside_the_menu(live_server, new_page, team) -> None:
    """The operations supervisor at 1366×768 reads every column of the planilla, «Última acción» (who and when)
    included, without scrolling sideways: it was cut off at the right edge."""
    for account in ("301", "302", "303"):
        advance(one_case(team, account), "trabajo_tecnico", team)
    page = signed_in(new_page(1366, 768), live_server, Team.USERS["supervisor_co"][0], "/admin/top10/planilla")
    expect(page.locator("#sheet thead")).to_contain_text("Última acción")
    expect(page.locator("#sheet-rows tr")).to_have_count(3)
    hidden = page.evaluate("() => { const box = document.querySelector('#sheet').closest('.table-scroll');"
                           " return box.scrollWidth - box.clientWidth; }")
    last = page.locator("#sheet thead th").last.bounding_box()
    assert hidden <= 0 and last["x"] + last["width"] <= 1366
