"""Printer faults: a closed port, an unreachable host, a silent printer, a paper-out printer.

In each case enqueuing answers at once, the job retries with backoff and then ends failed with a Spanish
reason, health shows the fault, and a reprint works once the printer is back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import requests

from core.actors import SYSTEM
from core.extensions import db
from core.models import Device, Printer
from core.printing import health, print_queue, setup
from printers.decode import decode
from printers.fake import FakePrinter
from tests.builders import Counter
from tests.helpers import FrozenClock, csrf_from
from tests.printing.conftest import network

BASE = "https://turnero.comteco.example"
BACKOFF = (2, 4, 8)  # seconds after attempts 1, 2 and 3 (PRINT_RETRY_BASE_SECONDS = 2); attempt 4 is the last


@dataclass
class Fault:
    printer: Printer
    state: str
    reason: str
    restore: Callable[[], None]
    port: int  # where the printer is configured while the fault lasts

    def contacts(self, made: list[tuple[str, int]]) -> int:
        return made.count(("127.0.0.1", self.port))


@pytest.fixture(params=["closed_port", "unreachable", "silent", "paper_out"])
def fault(request: pytest.FixtureRequest, fake: FakePrinter, add_printer, kiosk, blackhole: int) -> Iterator[Fault]:
    kind = request.param
    if kind == "unreachable":
        printer = add_printer(devices=(kiosk[0],), **network(blackhole))

        def restore() -> None:  # the printer is reachable again at its (new) address
            setup.save_printer(actor=SYSTEM, printer_id=printer.id, code=printer.code, name=printer.name,
                                       config=network(fake.port), device_ids=[kiosk[0].id])

        yield Fault(printer, "offline", "Impresora apagada o inalcanzable", restore, blackhole)
        return
    printer = add_printer(devices=(kiosk[0],), **network(fake.port))
    mode, state, reason = {"closed_port": ("offline", "offline", "Impresora apagada o inalcanzable"),
                           "silent": ("silent", "offline", "La impresora no responde"),
                           "paper_out": ("paper_out", "paper_out", "Sin papel")}[kind]
    fake.set_mode(mode)
    yield Fault(printer, state, reason, lambda: fake.set_mode("ok"), fake.port)


def _ticket_job(kiosk: tuple[Device, str], counter: Counter) -> tuple[str, int]:
    """A ticket of the counter and its print job; returns the ticket's number and the job."""
    ticket = counter.issue()
    return ticket.label, print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM, base_url=BASE)


def _run_to_failure(clock: FrozenClock) -> None:
    print_queue.process_pending(clock.value)
    for seconds in BACKOFF:
        print_queue.process_pending(clock.advance(seconds=seconds))


# How long the kiosk waits with the printer down is measured by `python -m bench.printer_faults`. These tests
# check why it never waits: nothing on the request's path contacts the printer; the print worker does, later.

def test_enqueue_never_contacts_the_printer(fault: Fault, kiosk, printer_contacts, fake: FakePrinter,
                                            counter) -> None:
    """Enqueuing the ticket never contacts the printer, whatever the fault; the worker's attempt does."""
    ticket = counter.issue()
    job = print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM, base_url=BASE)
    assert print_queue.job_state(job)["status"] == "pending"
    assert fault.contacts(printer_contacts) == 0 and fake.accepted == 0
    print_queue.process_pending()
    assert fault.contacts(printer_contacts) >= 1  # the recorder sees a contact when there is one


def test_kiosk_http_requests_never_contact_the_printer(fault: Fault, live_server, kiosk, printer_contacts,
                                                       fake: FakePrinter, counter) -> None:
    """The kiosk's request, its ticket with its printout, succeeds with the printer down and never contacts it."""
    tx = counter.tx
    db.session.commit()  # end the read transaction the counter left open, or the job below is not seen
    browser = requests.Session()
    page = browser.get(f"{live_server.url}/kiosk?token={kiosk[1]}", timeout=30)
    headers = {"X-CSRFToken": csrf_from(page.text), "Accept": "application/json"}
    issued = browser.post(f"{live_server.url}/api/v1/tickets", json={"transaction": tx, "print": True},
                          headers=headers, timeout=30)
    assert issued.status_code == 201, issued.text
    assert print_queue.job_state(issued.json()["print_job"])["status"] == "pending"
    assert fault.contacts(printer_contacts) == 0 and fake.accepted == 0


def test_job_retries_then_fails_with_spanish_reason(fault: Fault, kiosk, frozen: FrozenClock, counter) -> None:
    """Four attempts (2 s, 4 s, 8 s apart), then failed with the printer's reason."""
    _number, job = _ticket_job(kiosk, counter)
    _run_to_failure(frozen)
    state = print_queue.job_state(job)
    assert state["status"] == "failed"
    assert state["error"].startswith(fault.reason) and state["error"].endswith("(falló tras 4 intentos)")


def test_health_shows_the_fault(fault: Fault, kiosk, frozen: FrozenClock, counter) -> None:
    """After a failed attempt the printer's state and the kiosk's warning show the fault."""
    _ticket_job(kiosk, counter)
    print_queue.process_pending(frozen.value)
    shown = health.printer_health(fault.printer)
    assert (shown["state"], shown["ok"]) == (fault.state, False)
    assert shown["last_error"].startswith(fault.reason) and shown["last_error_at"] is not None
    kiosk_view = print_queue.device_printer_health(kiosk[0].id)
    assert kiosk_view["ok"] is False and kiosk_view["message"].startswith(fault.reason)


def test_reprint_works_once_the_printer_is_back(fault: Fault, fake: FakePrinter, kiosk, frozen: FrozenClock,
                                               counter) -> None:
    """A failed ticket is reprinted on the same printer once it is back, and health turns online."""
    number, job = _ticket_job(kiosk, counter)
    _run_to_failure(frozen)
    fault.restore()
    again = print_queue.reprint(job, actor=SYSTEM)
    print_queue.process_pending(frozen.advance(seconds=1))
    assert print_queue.job_state(again) == {"status": "done", "error": None}
    assert number in decode(fake.wait_for_jobs(1, timeout=3)[-1], "TM-T20II").text
    assert print_queue.device_printer_health(kiosk[0].id)["ok"] is True


def test_retry_waits_for_its_backoff(fake: FakePrinter, add_printer, kiosk, frozen: FrozenClock, counter) -> None:
    """A failed job is not retried before its backoff has passed."""
    fake.set_mode("offline")
    add_printer(devices=(kiosk[0],), **network(fake.port))
    _number, job = _ticket_job(kiosk, counter)
    assert print_queue.process_pending(frozen.value) == 1
    assert print_queue.process_pending(frozen.advance(seconds=1.9)) == 0
    assert print_queue.process_pending(frozen.advance(seconds=0.1)) == 1


def test_other_jobs_of_a_dead_printer_do_not_contact_it_again(fake: FakePrinter, add_printer, kiosk,
                                                              frozen: FrozenClock, counter) -> None:
    """One pass contacts a silent printer once; its other due jobs share that failure."""
    fake.set_mode("silent")
    add_printer(devices=(kiosk[0],), **network(fake.port))
    first, second = _ticket_job(kiosk, counter)[1], _ticket_job(kiosk, counter)[1]
    assert print_queue.process_pending(frozen.value) == 2
    assert [print_queue.job_state(j)["status"] for j in (first, second)] == ["pending", "pending"]
    fake.stop()  # closes the connection, so it is recorded
    assert len(fake.connections) == 1


def test_paper_near_end_still_prints_and_is_reported(fake: FakePrinter, add_printer, kiosk, counter) -> None:
    """Near the end of the roll the job prints and health says so without a kiosk warning."""
    fake.set_mode("paper_near_end")
    add_printer(devices=(kiosk[0],), **network(fake.port))
    _number, job = _ticket_job(kiosk, counter)
    print_queue.process_pending()
    assert print_queue.job_state(job)["status"] == "done"
    assert print_queue.device_printer_health(kiosk[0].id) == {"ok": True, "state": "paper_near_end",
                                                              "message": "Papel por acabarse"}


def test_check_health_records_offline_without_printing(fake: FakePrinter, add_printer) -> None:
    """The health check asks DLE EOT only: a paper-out printer is recorded, no job reaches it."""
    fake.set_mode("paper_out")
    printer = add_printer(**network(fake.port))
    [health] = print_queue.check_health(printer.code)
    assert (health["state"], health["last_error"]) == ("paper_out", "Sin papel")
    fake.stop()
    assert fake.jobs == [] and len(fake.connections) == 1


def test_no_bound_printer_means_no_job(app, kiosk, counter) -> None:
    """A kiosk without a printer gets None (the ticket stays valid) and a warning."""
    ticket = counter.issue()
    assert print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM) is None
    assert print_queue.device_printer_health(kiosk[0].id) == {"ok": False, "state": "none",
                                                              "message": "Sin impresora asignada"}
