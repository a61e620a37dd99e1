"""What each printed ticket costs the print worker: every kiosk customer's ticket passes through it (one worker
for every office: core/jobs/lease.py), in the same process as the requests (issue 13)."""

from __future__ import annotations

from bench.sql_count import statements
from core.actors import SYSTEM
from core.extensions import db, socketio
from core.printing import print_queue
from tests.helpers import device_token, login, make_user

# A pass that prints one ticket (8; 10 in session 13, 14 before): the claim, after putting back a dead worker's jobs
# (BEGIN IMMEDIATE, UPDATE, the due jobs marked printing by one UPDATE … RETURNING, the jobs with their printers in one
# query); the outcome (BEGIN IMMEDIATE, the job with its printer, the printer's UPDATE, the job's UPDATE). The kiosks'
# binding list is read only when the printer's state changed.
PASS_BUDGET = 8


def _print_one(kiosk, counter) -> int:
    ticket = counter.issue()
    return print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM)


def test_a_pass_printing_one_ticket_stays_within_its_statement_budget(fake, fake_printer, kiosk, counter) -> None:
    fake_printer()
    _print_one(kiosk, counter)
    print_queue.process_pending()  # the printer's state is known from here on
    job = _print_one(kiosk, counter)
    db.session.remove()
    with statements(db.engine) as seen:
        assert print_queue.process_pending() == 1
    assert len(seen) <= PASS_BUDGET, "\n".join(seen)
    assert print_queue.job_state(job)["status"] == "done" and len(fake.wait_for_jobs(2, timeout=3)) == 2


def test_kiosks_hear_of_their_printer_when_its_state_changes_not_on_every_ticket(app, fake, fake_printer, kiosk,
                                                                                counter) -> None:
    """The printers page still sees each success (its «último éxito»); the kiosks of every office only need to
    know whether their printer can print."""
    fake_printer()
    kiosks = socketio.test_client(app, auth={"token": device_token("kiosk", "otro-kiosco")})
    make_user("supervisora", "supervisor")
    browser = app.test_client()
    login(browser, "supervisora")
    staff = socketio.test_client(app, flask_test_client=browser)
    kiosks.get_received()
    staff.get_received()

    def health(client) -> list[dict]:
        return [m["args"][0] for m in client.get_received() if m["name"] == "printer_health"]

    _print_one(kiosk, counter)
    print_queue.process_pending()  # unknown → online: a change every kiosk hears
    assert [h["ok"] for h in health(kiosks)] == [True] and len(health(staff)) == 1
    _print_one(kiosk, counter)
    print_queue.process_pending()  # online again: nothing for the kiosks, the new success for the staff
    assert health(kiosks) == []
    (seen,) = health(staff)
    assert seen["state"] == "online" and seen["last_success_at"] is not None
    fake.set_mode("offline")
    _print_one(kiosk, counter)
    print_queue.process_pending()  # online → offline: every kiosk hears it, and shows its warning
    assert [h["ok"] for h in health(kiosks)] == [False]


def test_only_the_kiosk_that_asked_hears_its_printout(app, fake, fake_printer, kiosk, counter) -> None:
    """`print_job` goes to the asking kiosk's device room once the job is done (no poll per customer): id and state
    only; another kiosk hears nothing of it, and a retry still to come is not announced."""
    fake_printer()
    mine = socketio.test_client(app, auth={"token": kiosk[1]})
    other = socketio.test_client(app, auth={"token": device_token("kiosk", "otro-kiosco")})
    mine.get_received()
    other.get_received()

    def jobs(client) -> list[dict]:
        return [m["args"][0] for m in client.get_received() if m["name"] == "print_job"]

    job = _print_one(kiosk, counter)
    print_queue.process_pending()
    assert jobs(mine) == [{"id": job, "status": "done", "error": None}] and jobs(other) == []
    fake.set_mode("offline")
    job = _print_one(kiosk, counter)
    print_queue.process_pending()  # the first of several attempts failed: the kiosk keeps waiting
    assert jobs(mine) == [] and print_queue.job_state(job)["status"] == "pending"


def test_a_pass_claims_the_due_jobs_together_and_prints_them_all_in_order(fake, fake_printer, kiosk, counter) -> None:
    """Many kiosk tickets due at once (the printer was away): one transaction claims up to a batch of them, and the
    pass goes on until none is due, each printed once, in the order they were queued."""
    fake_printer()
    jobs = [_print_one(kiosk, counter) for _ in range(print_queue.BATCH + 5)]
    db.session.remove()
    with statements(db.engine) as seen:
        assert print_queue.process_pending() == len(jobs)
    claims = [sql for sql in seen if sql.startswith("UPDATE print_job") and "RETURNING" in sql]
    assert len(claims) == 2, claims  # a full batch, then the rest
    assert len(fake.wait_for_jobs(len(jobs), timeout=5)) == len(jobs)
    assert {print_queue.job_state(job)["status"] for job in jobs} == {"done"}
