"""A ticket queued by one process wakes the print worker of another through Redis (issue 13: «the print
worker wakes on enqueue, not on a poll … it works across processes too»). The worker here polls only every
10 minutes, so a ticket that prints at once was announced."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
import redis

from core.actors import SYSTEM
from core.extensions import db
from core.printing import print_queue, wake
from printers.decode import decode
from printers.fake import FakePrinter
from tests.builders import make_counter, make_printing_kiosk
from tests.jobs.processes import print_worker
from tests.services import wait_until
from tests.templates import pg_app_context

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

WAIT = 30  # seconds: a guard against hanging, far below the worker's 600 s poll


def test_a_ticket_queued_elsewhere_prints_without_waiting_for_the_poll(pg_url: str, redis_url: str, tmp_path: Path,
                                                                         fake: FakePrinter) -> None:
    with pg_app_context(pg_url, tmp_path / "instance", REDIS_URL=redis_url):
        counter = make_counter()
        kiosk_id = make_printing_kiosk(fake.port)
        db.session.commit()

        def queue_ticket() -> str:
            ticket = counter.issue()
            label = ticket.label
            print_queue.print_ticket(ticket.id, device_id=kiosk_id, actor=SYSTEM)  # commits, then announces
            db.session.remove()
            return label

        worker = print_worker(pg_url, tmp_path / "worker", REDIS_URL=redis_url, PRINT_POLL_SECONDS=600)
        try:
            listeners = redis.Redis.from_url(redis_url)
            wait_until(lambda: dict(listeners.pubsub_numsub(wake.CHANNEL)).get(wake.CHANNEL.encode(), 0) == 1,
                       WAIT, "the print worker listening for announcements")
            first = queue_ticket()  # may print on the worker's first pass after taking the lease
            assert first in decode(fake.wait_for_jobs(1, timeout=WAIT)[0], "default").text
            second = queue_ticket()  # after that pass the worker sleeps until the poll, unless woken
            assert second in decode(fake.wait_for_jobs(2, timeout=WAIT)[1], "default").text
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(WAIT)
