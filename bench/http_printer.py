"""Kiosk → printer over HTTP: a kiosk issues a ticket with its printout, as the kiosk page does (`POST
/api/v1/tickets` with `print: true`), and the time runs until the fake ESC/POS printer (printers/fake.py, a real
TCP endpoint) has received the whole ticket."""

from __future__ import annotations

import queue
import re
import time
from typing import Any

import requests

from bench.common import ISSUE_TX, kiosk_issue, percentile
from bench.http_servers import Stack
from printers.fake import FakePrinter

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def bind_printer(stack: Stack, port: int) -> None:
    """The kiosk's printer is the fake one listening on `port`, configured through core as Administración →
    Impresoras does (each phase that prints starts a fake printer of its own)."""
    from core.actors import SYSTEM
    from core.extensions import db
    from core.models import Device, Printer
    from core.printing import setup
    from tests.apps import make_app

    app = make_app(stack.database, stack.folder / "printer-setup-instance")
    with app.app_context():
        kiosk = db.session.scalar(db.select(Device).where(Device.name == "bench-kiosk"))
        bound = db.session.scalar(db.select(Printer.id).where(Printer.code == "bench"))  # an earlier phase's
        setup.save_printer(printer_id=bound, actor=SYSTEM, code="bench", name="Impresora del banco de pruebas",
                           device_ids=[kiosk.id],
                           config={"backend": "network", "host": "127.0.0.1", "port": port, "timeout": 2})
        db.session.remove()
        db.engine.dispose()


def kiosk_to_printer(stack: Stack, samples: int) -> dict[str, Any]:
    received: queue.Queue[float] = queue.Queue()
    with FakePrinter(on_job=lambda _data: received.put(time.time())) as printer:
        bind_printer(stack, printer.port)
        url = stack.urls[0]
        session = requests.Session()  # the kiosk page: its start URL, then its session and CSRF token
        page = session.get(f"{url}/kiosk?token={stack.kiosk}", timeout=30).text
        kiosk = {"X-CSRFToken": CSRF.search(page).group(1), "Accept": "application/json"}
        latencies: list[float] = []
        printing: list[float] = []  # from the issue's answer (its printout queued) to the whole ticket at the printer
        lost = 0
        for _ in range(samples):
            began = time.time()
            issued = session.post(f"{url}/api/v1/tickets", json={**kiosk_issue(ISSUE_TX), "print": True},
                                  headers=kiosk, timeout=30)
            issued.raise_for_status()
            answered = time.time()
            try:
                done = received.get(timeout=30)
            except queue.Empty:
                lost += 1
                continue
            latencies.append((done - began) * 1000)
            printing.append((done - answered) * 1000)
    return {"samples": samples, "lost": lost, "p50_ms": percentile(latencies, 0.5),
            "p99_ms": percentile(latencies, 0.99), "max_ms": max(latencies, default=float("inf")),
            "printing_p50_ms": percentile(printing, 0.5), "printing_p99_ms": percentile(printing, 0.99)}
