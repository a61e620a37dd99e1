"""How long a print or a status query takes against each printer fault, and how long the kiosk's requests
take with the printer down. Prints the numbers; asserts nothing (the tests check the mechanism instead).

`python -m bench.printer_faults [--timeout 0.5] [--repeat 5]`
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from printers.config import PrinterConfig
from printers.documents import TicketDoc
from printers.fake import FakePrinter, powered_off
from printers.send import print_document, query_status

DOC = TicketDoc("A-001", "Consultas", "Plataforma 1", "Sala A", "Planta baja", 0, 5, "22/11/2026 08:01",
                "https://turnero.example/t/1")


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _row(name: str, times: list[float]) -> None:
    print(f"{name:<42} median {statistics.median(times) * 1000:8.1f} ms   max {max(times) * 1000:8.1f} ms")


def _kiosk_requests(timeout: float, repeat: int) -> None:
    """Ticket and printout requests of a kiosk whose printer never answers (print worker off)."""
    import logging

    import requests

    from bench.common import bench_app
    from core.actors import SYSTEM
    from core.people import users
    from core.printing import setup
    from tests.conftest import LiveServer
    from tests.helpers import csrf_from

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with powered_off() as port, bench_app("sqlite") as app:
        app.config["PRINT_WORKER"] = False
        device, token = users.create_device("kiosk", "kiosco-bench")
        setup.save_printer(actor=SYSTEM, code="muerta", name="Impresora muerta", device_ids=[device.id],
                           config={"backend": "network", "host": "127.0.0.1", "port": port, "timeout": timeout})
        server = LiveServer(app)
        server.start()
        try:
            session = requests.Session()
            page = session.get(f"{server.url}/kiosk?token={token}", timeout=30)
            headers = {"X-CSRFToken": csrf_from(page.text), "Accept": "application/json"}
            issue = []
            for _ in range(repeat + 1):  # the first request warms the server and is not counted
                start = time.perf_counter()
                session.post(f"{server.url}/api/v1/tickets", json={"transaction": "V_COBERTURA", "print": True},
                             headers=headers, timeout=30)
                issue.append(time.perf_counter() - start)
            _row("kiosk POST ticket with its printout, printer down", issue[1:])
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=0.5, help="the printers' timeout, seconds")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"printer faults (timeout {args.timeout} s, {args.repeat} runs each)")
    with FakePrinter() as fake, powered_off() as hole:
        cfg = PrinterConfig(backend="network", host="127.0.0.1", port=fake.port, timeout=args.timeout)
        for mode in ("ok", "paper_out", "silent"):
            fake.set_mode(mode)
            _row(f"print_document, printer {mode}", _timed(lambda: print_document(cfg, DOC), args.repeat))
            _row(f"query_status, printer {mode}", _timed(lambda: query_status(cfg), args.repeat))
        fake.set_mode("offline")
        _row("print_document, port closed", _timed(lambda: print_document(cfg, DOC), args.repeat))
        dead = PrinterConfig(backend="network", host="127.0.0.1", port=hole, timeout=args.timeout)
        _row("print_document, host never accepts", _timed(lambda: print_document(dead, DOC), args.repeat))
    _kiosk_requests(args.timeout, args.repeat)


if __name__ == "__main__":
    main()
