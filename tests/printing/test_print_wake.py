"""The print worker wakes when a job is queued, instead of waiting for its poll (issue 13: kiosk → printer)."""

from __future__ import annotations

from flask import Flask

from core.actors import SYSTEM
from core.printing import print_queue, worker
from printers.decode import decode
from printers.fake import FakePrinter


def test_a_queued_ticket_prints_long_before_the_safety_poll(app: Flask, fake: FakePrinter, fake_printer,
                                                            kiosk, counter) -> None:
    """With a 10-minute safety poll, a ticket queued after the worker went idle still prints at once."""
    fake_printer()
    app.config["PRINT_POLL_SECONDS"] = 600
    worker.start(app)
    try:
        assert worker.idle(app).wait(30), "the jobs loop never made its first pass"
        ticket = counter.issue()
        print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM)
        job = fake.wait_for_jobs(1, timeout=30)[0]
    finally:
        worker.stop(app)
    assert ticket.label in decode(job, "TM-T20II").text
