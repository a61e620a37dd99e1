"""The print worker threads, the factory wiring, stale-job recovery and the printing CLI."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask

from core.actors import SYSTEM
from core.org.seed import SeedReport, seed_demo
from core.printing import print_queue, worker
from printers.decode import decode
from printers.fake import FakePrinter
from tests.apps import make_app
from tests.helpers import FrozenClock


def test_worker_prints_queued_jobs_in_the_background(app: Flask, fake: FakePrinter, fake_printer, kiosk,
                                                     counter) -> None:
    """With the worker running, a queued ticket reaches the printer without anyone calling the queue."""
    fake_printer()
    ticket = counter.issue()
    print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM)
    worker.start(app)
    try:
        job = fake.wait_for_jobs(1, timeout=10)[0]
    finally:
        worker.stop(app)
    assert ticket.label in decode(job, "TM-T20II").text


def test_factory_starts_the_worker_with_the_first_request(tmp_path: Path) -> None:
    """PRINT_WORKER=True: no thread at creation (CLI commands stay clean), both loops after a request."""
    application = make_app(f"sqlite:///{tmp_path / 'w.db'}", tmp_path / "instance", PRINT_WORKER=True)
    names = lambda: {t.name for t in threading.enumerate()}  # noqa: E731
    assert id(application) not in worker._started
    try:
        application.test_client().get("/login")
        assert {"print-jobs", "print-health"} <= names()
        assert id(application) in worker._started
    finally:
        worker.stop(application)


def test_job_left_printing_by_a_dead_worker_is_retried(fake: FakePrinter, fake_printer, kiosk,
                                                       frozen: FrozenClock, counter) -> None:
    """A job stuck in «printing» for over two minutes goes back to the queue and prints."""
    fake_printer()
    ticket = counter.issue()
    job = print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM)
    assert [c.job_id for c in print_queue._claim_due(frozen.value)] == [job]  # a worker took it, then died
    assert print_queue.process_pending(frozen.advance(minutes=1)) == 0
    assert print_queue.process_pending(frozen.advance(minutes=1, seconds=1)) == 1
    assert print_queue.job_state(job)["status"] == "done"


def test_virtual_printer_keeps_the_job_for_its_preview(app: Flask) -> None:
    """The demo's virtual printer stores the job's bytes and renders them as a PNG."""
    seed_demo(SeedReport())
    job = print_queue.print_test_page("virtual-entrada", actor=SYSTEM)
    print_queue.process_pending()
    png = print_queue.virtual_png(job)
    assert png.startswith(b"\x89PNG") and [j.id for j in print_queue.virtual_jobs()] == [job]


def test_cli_print_test_prints_now(app: Flask) -> None:
    """`flask print-test virtual-entrada` prints the test page at once and says so."""
    seed_demo(SeedReport())
    result = app.test_cli_runner().invoke(args=["print-test", "virtual-entrada"])
    assert result.exit_code == 0, result.output
    assert "Página de prueba impresa" in result.output


def test_cli_print_health_lists_each_printer(app: Flask, fake: FakePrinter, add_printer) -> None:
    """`flask print-health` shows each printer's state in Spanish."""
    from tests.printing.conftest import network

    fake.set_mode("paper_out")
    add_printer("red-1", **network(fake.port))
    result = app.test_cli_runner().invoke(args=["print-health"])
    assert result.exit_code == 0, result.output
    assert "red-1" in result.output and "Sin papel" in result.output

