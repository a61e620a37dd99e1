"""Admin's *Consultar estado* never waits for the printer inside the request."""

from __future__ import annotations

from core.extensions import db
from core.models import Printer
from printers.fake import FakePrinter
from tests.helpers import csrf_from, login, make_user
from tests.printing.conftest import network
from tests.services import wait_until


def _state(code: str) -> str:
    db.session.remove()
    return db.session.scalar(db.select(Printer.state).where(Printer.code == code))


def test_status_button_answers_while_the_printer_is_still_being_asked(app, client, fake: FakePrinter,
                                                                      add_printer) -> None:
    """The page answers while the printer holds the status query unanswered; the health follows once it
    answers. (The fake holds a `slow` query until its mode changes, so no timing is involved.)"""
    fake.set_mode("slow", delay=600)
    add_printer("lenta", **{**network(fake.port), "timeout": 30})
    make_user("jefa", "supervisor")
    login(client, "jefa")
    csrf = csrf_from(client.get("/admin/impresoras").get_data(as_text=True))
    response = client.post("/admin/impresoras/lenta/estado", data={"csrf_token": csrf})
    assert response.status_code == 302
    wait_until(lambda: fake.accepted >= 1, 30, "the status query reaching the printer")
    assert _state("lenta") != "online"  # the answer is still held by the printer
    fake.set_mode("ok")  # the printer answers now
    assert wait_until(lambda: _state("lenta") == "online", 30, "the printer's health recorded")


def test_status_button_for_an_unknown_printer_goes_back_with_the_reason(app, client) -> None:
    """An unknown printer code is refused before any query starts: back to the printers page, which says why."""
    make_user("jefa", "supervisor")
    login(client, "jefa")
    csrf = csrf_from(client.get("/admin/impresoras").get_data(as_text=True))
    response = client.post("/admin/impresoras/NOPE/estado", data={"csrf_token": csrf})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/impresoras"
    assert "No existe la impresora «NOPE»." in client.get("/admin/impresoras").get_data(as_text=True)
