"""The live monitor names each printer's state: a kiosk's printer off or out of paper was visible only on the
printers page, while the monitor on the supervisor's wall flagged panels and queues but said nothing of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.extensions import db
from core.models import Printer
from core.printing import print_queue
from tests.browser.test_admin_pages import open_monitor
from tests.builders import make_printing_kiosk

pytestmark = pytest.mark.browser


def test_a_printer_out_of_paper_is_an_alert_on_the_open_monitor(live_server, new_page, fake) -> None:
    make_printing_kiosk(fake.port)
    code = db.session.scalars(db.select(Printer.code)).one()
    page = open_monitor(new_page, live_server)
    row = page.locator(f"tr[data-printer='{code}']")
    expect(row).to_contain_text("Impresora entrada")
    expect(page.locator("#printer-alerts")).to_have_text("")
    fake.set_mode("paper_out")
    print_queue.check_health(code)
    expect(row.locator(".status")).to_contain_text("Sin papel")
    expect(page.locator("#printer-alerts")).to_have_text("1 impresora con alerta")
    fake.set_mode("ok")
    print_queue.check_health(code)
    expect(page.locator("#printer-alerts")).to_have_text("")
    expect(row.locator(".status")).to_have_text("Impresora lista")
