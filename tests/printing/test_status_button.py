"""Admin's *Consultar estado* never waits for the printer inside the request."""

from __future__ import annotations

import time

from core.extensions import db
from core.models import Printer
from tests.helpers import csrf_from, login, make_user
from tests.printing.conftest import network


def test_status_button_answers_at_once_and_health_arrives_later(app, client, fake, add_printer) -> None:
    """A silent printer takes seconds to time out; the admin page answers within 1 s and the health follows."""
    fake.set_mode("silent")
    add_printer("muda", **{**network(fake.port), "timeout": 1.5})
    make_user("jefa", "supervisor")
    login(client, "jefa")
    csrf = csrf_from(client.get("/admin/impresoras").get_data(as_text=True))
    started = time.monotonic()
    response = client.post("/admin/impresoras/muda/estado", data={"csrf_token": csrf})
    assert time.monotonic() - started < 1.0
    assert response.status_code == 302
    deadline = time.monotonic() + 10
    state = None
    while time.monotonic() < deadline:
        db.session.remove()
        state = db.session.scalar(db.select(Printer.state).where(Printer.code == "muda"))
        if state == "offline":
            break
        time.sleep(0.2)
    assert state == "offline"


def test_status_button_for_an_unknown_printer_goes_back_with_the_reason(app, client) -> None:
    """An unknown printer code is refused before any query starts: back to the printers page, which says why."""
    make_user("jefa", "supervisor")
    login(client, "jefa")
    csrf = csrf_from(client.get("/admin/impresoras").get_data(as_text=True))
    response = client.post("/admin/impresoras/NOPE/estado", data={"csrf_token": csrf})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/impresoras"
    assert "No existe la impresora «NOPE»." in client.get("/admin/impresoras").get_data(as_text=True)
