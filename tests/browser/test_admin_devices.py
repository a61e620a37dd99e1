"""Enrolling devices from Administración → Dispositivos in real Chromium: each kind shows its token once,
and the kinds that open a page get a start URL that works. Creating or rotating a survey tablet's token used
to answer 500 after saving (a wrong endpoint name), so the token was never shown."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_pages import sign_in
from tests.builders import Counter
from tests.helpers import make_user

pytestmark = pytest.mark.browser
KINDS = ("kiosk", "panel", "printer", "survey")


def choices_and_path(kind: str, counter: Counter) -> tuple[dict[str, str], str | None]:
    """The form's choices for a device of `kind` (the counter's room for a panel, its desk for a survey tablet)
    and its start URL's path, or None for a device that opens no page."""
    return {"kiosk": ({}, "/kiosk"),
            "panel": ({"area": counter.area.code}, f"/display/{counter.area.code}"),
            "printer": ({}, None),
            "survey": ({"desk": counter.desk}, f"/encuesta/{counter.desk}")}[kind]


def enrol(page: Page, server, kind: str, counter: Counter) -> tuple[str, str | None]:
    """Register a device of `kind` through the form; return the token and start URL the page shows."""
    choices, path = choices_and_path(kind, counter)
    page.goto(f"{server.url}/admin/dispositivos/nuevo")
    page.select_option("#f-kind", kind)
    page.fill("#f-name", f"{kind}-prueba")
    for field, value in choices.items():
        page.select_option(f"#f-{field}", value)
    page.get_by_role("button", name="Registrar").click()
    expect(page.locator("h1")).to_have_text(f"Dispositivo «{kind}-prueba» registrado")
    return shown(page, path)


def shown(page: Page, path: str | None) -> tuple[str, str | None]:
    token = page.locator("#secret-value").inner_text().strip()
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", token), token
    if path is None:
        expect(page.locator("#start-url")).to_have_count(0)
        expect(page.locator("main")).to_contain_text("Configure este token en el equipo")
        return token, None
    url = page.locator("#start-url").inner_text().strip()
    assert url.endswith(f"{path}?token={token}"), url
    return token, url


def test_admin_enrols_each_kind_of_device_and_sees_its_token_and_start_url(live_server, new_page, counter) -> None:
    """Kiosk, panel, printer and survey tablet: each shows its token; all but the printer a start URL."""
    make_user("admin1", "admin")
    page = sign_in(new_page, live_server, "admin1")
    urls = {kind: enrol(page, live_server, kind, counter)[1] for kind in KINDS}
    tablet = new_page(1280, 800)
    tablet.goto(urls["survey"])  # the start URL is the tablet's way in: it opens the idle survey screen
    expect(tablet.locator("#step-idle")).to_be_visible()
    expect(tablet).to_have_url(re.compile(f"/encuesta/{counter.desk}$"))  # the token is remembered, then dropped


def test_admin_rotates_a_survey_tablets_token_and_sees_the_new_one(live_server, new_page, counter) -> None:
    """*Nuevo token* shows the new token and start URL; the old token no longer opens the tablet."""
    make_user("admin1", "admin")
    page = sign_in(new_page, live_server, "admin1")
    old_token, _url = enrol(page, live_server, "survey", counter)
    page.goto(f"{live_server.url}/admin/dispositivos")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nuevo token de survey-prueba").click()
    expect(page.locator("h1")).to_have_text("Nuevo token de «survey-prueba»")
    new_token, url = shown(page, f"/encuesta/{counter.desk}")
    assert new_token != old_token
    stale = new_page(1280, 800)
    response = stale.goto(f"{live_server.url}/encuesta/{counter.desk}?token={old_token}")
    assert response is not None and response.status == 401
    fresh = new_page(1280, 800)
    fresh.goto(url)
    expect(fresh.locator("#step-idle")).to_be_visible()
