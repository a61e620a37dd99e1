"""The print worker through a PostgreSQL restart (issue 13, item 4): its loops and its lease keeper meet the
outage, log it and carry on; once the database is back it holds its lease again and prints the next ticket,
without being restarted."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from core.actors import SYSTEM
from core.extensions import db
from core.jobs import lease
from core.printing import print_queue, worker
from printers.decode import decode
from printers.fake import FakePrinter
from tests.builders import make_counter, make_printing_kiosk
from tests.faults import servers
from tests.services import wait_until

pytestmark = pytest.mark.postgres

WAIT = 30  # seconds: a guard against hanging, not an assertion


def _holder() -> str | None:
    db.session.remove()
    holder = next(h.holder for h in lease.holdings() if h.name == lease.PRINT_WORKER)
    db.session.remove()
    return holder


def test_print_worker_prints_again_after_the_database_restarts(pg_setup: Flask, fault_pg: servers.Postgres,
                                                              fake: FakePrinter, caplog) -> None:
    app = pg_setup
    app.config.update(JOB_LEASE_SECONDS=1.5, PRINT_POLL_SECONDS=0.2)
    counter = make_counter()
    kiosk_id = make_printing_kiosk(fake.port)
    fake.profile = "TM-T20II"
    db.session.commit()
    db.session.remove()
    caplog.set_level(logging.WARNING, logger="core")
    worker.start(app)
    try:
        wait_until(lambda: _holder() == lease.holder_id(), WAIT, "the worker holding its lease")
        fault_pg.stop()
        try:
            wait_until(lambda: "lease print-worker lost" in caplog.text, WAIT, "the worker meeting the outage")
        finally:
            fault_pg.start()
        ticket = counter.issue()
        print_queue.print_ticket(ticket.id, device_id=kiosk_id, actor=SYSTEM)
        label = ticket.label
        db.session.remove()
        job = fake.wait_for_jobs(1, timeout=WAIT)[0]
        assert label in decode(job, "TM-T20II").text
        assert _holder() == lease.holder_id()
    finally:
        worker.stop(app)
