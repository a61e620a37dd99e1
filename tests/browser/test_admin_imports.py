"""A background import's page in real Chromium: it follows the batch by itself until the counts (or the row
errors) appear, and it passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core import clock
from core.accounts.account_import import ACCOUNTS
from core.actors import SYSTEM
from core.errors import ImportRejected
from core.imports import engine
from tests.browser.test_admin_pages import sign_in
from tests.helpers import make_user

pytestmark = pytest.mark.browser

GOOD = "Cuenta;Nombre;Deuda\n200100;Juana Pérez;0\n200200;Mario Ñuflo;1.234,50\n".encode()
BAD = b"Cuenta;Nombre;Deuda\n200100;Ana;mucho\n"


def open_queued_import(new_page, server) -> tuple[Page, int]:
    """A queued import (as the upload leaves it for the background job) and its page, already polling."""
    make_user("supervisora", "supervisor")
    batch_id = engine.open_batch(ACCOUNTS, "cuentas.csv", actor=SYSTEM, now=clock.now())
    page = sign_in(new_page, server, "supervisora", path=f"/admin/importaciones/{batch_id}")
    expect(page.locator("#import-status .badge")).to_have_text("En cola")
    return page, batch_id


def test_the_batch_page_follows_the_import_until_its_counts(live_server, new_page, axe) -> None:
    """The job runs after the page is open: the page shows «Importado» and the counts without a reload."""
    page, batch_id = open_queued_import(new_page, live_server)
    page.evaluate("window.__sameDocument = true")
    engine.run(ACCOUNTS, GOOD, "cuentas.csv", actor=SYSTEM, now=clock.now(), batch_id=batch_id)
    expect(page.locator("#import-status .badge")).to_have_text("Importado")
    expect(page.locator("#import-status .created")).to_have_text("2")
    assert page.evaluate("window.__sameDocument") is True
    assert axe(page) == []


def test_the_batch_page_shows_the_row_errors_when_the_import_is_rejected(live_server, new_page, axe) -> None:
    """A rejected background import turns into the row/column/message table on the open page."""
    page, batch_id = open_queued_import(new_page, live_server)
    with pytest.raises(ImportRejected):
        engine.run(ACCOUNTS, BAD, "cuentas.csv", actor=SYSTEM, now=clock.now(), batch_id=batch_id)
    expect(page.locator("#import-status .badge")).to_have_text("Rechazado")
    expect(page.locator(".import-errors tbody tr")).to_have_text(
        ["2 Deuda «mucho» no es un monto válido (por ejemplo 1.234,50)."], use_inner_text=True)
    assert axe(page) == []
