"""The browser's own form checks speak Spanish on a PC whose Chromium is in English (static/common/validity.js):
«Complete este campo.», not «Please fill out this field.»."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.login import signed_in
from tests.helpers import make_user

pytestmark = pytest.mark.browser



@pytest.fixture
def english(browser: Browser) -> Iterator[Page]:
    """A page of a Chromium set to English, at 1366×768 (the pool's pages are es-BO)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US",
                                  timezone_id="America/La_Paz")
    yield context.new_page()
    context.close()


def _english_admin(page: Page, server, path: str) -> Page:
    make_user("supervisora", "supervisor")
    signed_in(page, server, "supervisora", path)
    page.wait_for_url(f"**{path}")
    return page


def _message(page: Page, selector: str) -> str:
    """What the browser would say of this field now (`checkValidity` fires `invalid` as a submit does)."""
    return page.locator(selector).evaluate("(field) => { field.checkValidity(); return field.validationMessage; }")


def test_a_required_field_left_empty_is_explained_in_spanish(live_server, english) -> None:
    page = _english_admin(english, live_server, "/admin/salas/nueva")
    page.locator("form.form-card button[type=submit]").click()  # the browser stops the submit at the empty code
    expect(page.locator("#f-code")).to_be_focused()
    assert page.locator("#f-code").evaluate("(field) => field.validationMessage") == "Complete este campo."
    page.fill("#f-code", "PLAT2")  # typing clears it: the field is judged afresh
    assert page.locator("#f-code").evaluate("(field) => field.validationMessage") == ""
    assert page.locator("#f-code").evaluate("(field) => field.validity.valid")


def test_numbers_out_of_range_are_explained_in_spanish(live_server, english) -> None:
    page = _english_admin(english, live_server, "/admin/colas/nueva")
    page.fill("#f-sla_minutes", "0")
    assert _message(page, "#f-sla_minutes") == "Escriba un número igual o mayor que 1."
    page.fill("#f-sla_minutes", "5000")
    assert _message(page, "#f-sla_minutes") == "Escriba un número igual o menor que 480."
    page.fill("#f-sla_minutes", "2.5")
    assert _message(page, "#f-sla_minutes") == "Escriba un número entero, sin decimales."
    page.fill("#f-sla_minutes", "20")
    assert _message(page, "#f-sla_minutes") == ""


def test_a_bad_email_and_a_value_set_by_a_script_are_judged_in_spanish(live_server, english) -> None:
    page = _english_admin(english, live_server, "/admin/salas/nueva")
    page.evaluate("""() => {
        const field = document.createElement("input");
        field.type = "email"; field.id = "probe"; field.required = true;
        document.querySelector("form.form-card").prepend(field);
    }""")
    assert _message(page, "#probe") == "Complete este campo."
    page.locator("#probe").evaluate("(field) => { field.value = 'ana'; }")  # no `input` event, as a keypad sets it
    assert _message(page, "#probe") == "Escriba un correo electrónico válido (ej.: nombre@comteco.com.bo)."
    page.locator("#probe").evaluate("(field) => { field.value = 'ana@comteco.com.bo'; }")
    assert _message(page, "#probe") == ""
