"""The admin's printers page says which process holds each scheduled job's lease (issue 13, item 3)."""

from __future__ import annotations

import re

from flask import Flask

from core.jobs import lease
from tests.helpers import FrozenClock
from tests.staff import Staff


def _line(staff: Staff, name: str) -> str:
    page = staff.get("/admin/impresoras").get_data(as_text=True)
    span = re.search(rf'<span data-lease="{name}">(.*?)</span>', page, re.S)
    assert span, page
    return " ".join(re.sub(r"<[^>]+>", "", span.group(1)).split())


def test_printers_page_names_the_worker_holding_the_lease(app: Flask, supervisor: Staff,
                                                          frozen: FrozenClock) -> None:
    """No worker: the page says the jobs wait. Once a process holds the lease, its host, its process and since
    when, named for a person rather than as the raw holder id; once it stopped renewing past the TTL, nobody
    again."""
    assert _line(supervisor, lease.PRINT_WORKER) == ("Trabajador de impresión: ningún proceso: los trabajos "
                                                     "esperan a que arranque un trabajador de impresión")
    assert _line(supervisor, lease.IMPORT_FOLDER) == "Importación de carpeta (Top 10): ninguna en curso"
    assert lease.acquire(lease.PRINT_WORKER, "servidor-b:4242:9f1c", ttl=30)
    assert _line(supervisor, lease.PRINT_WORKER) == ("Trabajador de impresión: servidor-b, proceso 4242 "
                                                     "desde 23/11/2026 09:00:00")
    frozen.advance(seconds=31)
    assert "ningún proceso" in _line(supervisor, lease.PRINT_WORKER)
