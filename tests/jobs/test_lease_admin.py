"""The admin's printers page says which server runs each scheduled job (issue 13, item 3), in words an admin
understands, the process number only as a detail."""

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
    assert _line(supervisor, lease.PRINT_WORKER) == ("Impresión de fichas: detenida: ningún servidor imprime; las "
                                                     "fichas esperan en cola hasta que se inicie el servicio de "
                                                     "impresión")
    assert _line(supervisor, lease.IMPORT_FOLDER) == "Importación automática de carpeta (Top 10): ninguna en curso"
    assert lease.acquire(lease.PRINT_WORKER, "servidor-b:4242:9f1c", ttl=30)
    assert _line(supervisor, lease.PRINT_WORKER) == ("Impresión de fichas: la hace el servidor servidor-b desde "
                                                     "23/11/2026 09:00:00 (proceso 4242)")
    frozen.advance(seconds=31)
    assert "ningún servidor imprime" in _line(supervisor, lease.PRINT_WORKER)


def test_printers_page_says_in_words_which_server_prints(supervisor: Staff, frozen: FrozenClock) -> None:
    """The line names the job and the server in plain Spanish, with the process number only as a detail beside
    it: no «trabajador de impresión», no «proceso» in the sentence itself."""
    assert lease.acquire(lease.PRINT_WORKER, "vm:22987:ab12", ttl=30)
    page = supervisor.get("/admin/impresoras").get_data(as_text=True)
    span = re.search(r'<span data-lease="print-worker">(.*?)</span>', page, re.S).group(1)
    assert "la hace el servidor <strong>vm</strong>" in span
    assert '<small title="vm:22987:ab12">(proceso 22987)</small>' in span
    assert "rabajador" not in page
