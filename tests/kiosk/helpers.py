"""Builders for the kiosk, reception and status-page tests: demo catalogue, accounts, the entrance kiosk and
its virtual printer (also the reception default) through core.org.seed, as `flask seed --demo` makes them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask.testing import FlaskClient

from core.actors import SYSTEM
from core.extensions import db
from core.models import Device, PrintJob
from core.org.seed import SeedReport, seed_demo
from core.printing import print_queue
from core.printing.setup import save_printer
from tests.helpers import csrf_from, make_user

KIOSK_NAME = "kiosco-entrada"  # created by `seed --demo`


@dataclass
class Demo:
    kiosk_token: str
    kiosk_id: int


def demo() -> Demo:
    """`flask seed --demo`: info topics, directory, accounts 100200/100300/100400, the entrance kiosk."""
    report = seed_demo(SeedReport())
    token = next(t for kind, name, t in report.device_tokens if name == KIOSK_NAME)
    device = db.session.scalar(db.select(Device).where(Device.name == KIOSK_NAME))
    db.session.commit()
    return Demo(kiosk_token=token, kiosk_id=device.id)


def broken_printer(port: int, *device_ids: int) -> None:
    """Rebind the devices to a network printer on a closed local port (the `closed_port` fixture): every job
    fails at once."""
    save_printer(actor=SYSTEM, code="apagada", name="Impresora apagada", device_ids=list(device_ids),
                 config={"backend": "network", "host": "127.0.0.1", "port": port, "timeout": 0.5,
                         "check_status": False})


def print_all() -> int:
    """What the print worker does in production; the tests run it when they choose."""
    count = print_queue.process_pending()
    db.session.remove()
    return count


def jobs(kind: str | None = None) -> list[PrintJob]:
    db.session.remove()
    stmt = db.select(PrintJob).order_by(PrintJob.id)
    if kind:
        stmt = stmt.where(PrintJob.kind == kind)
    return list(db.session.scalars(stmt))


def reception_user(username: str = "recepcion1") -> str:
    make_user(username, "reception")
    return username


def fresh_csrf(client: FlaskClient, url: str) -> str:
    """The test's pushed app context is shared by every test-client request, so Flask-WTF's per-request cache
    (`g.csrf_token`) would hand back a token from before sign-in, which no longer matches the session."""
    g.pop("csrf_token", None)
    return csrf_from(client.get(url).get_data(as_text=True))
