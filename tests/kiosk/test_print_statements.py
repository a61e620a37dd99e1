"""A kiosk's issue with its printout in SQL statements (every kiosk ticket is printed): the bound reached, as
tests/tickets/test_statement_budget.py pins the issue's alone."""

from __future__ import annotations

from bench.sql_count import statements
from core.extensions import db

# A kiosk's issue with its printout (17; 19 until session 22 read the caller in a transaction of its own and the
# issue's estimate apart from its waiting counts, 20 until session 15 kept each queue's recent services per process;
# `print: true`, one request per customer since session 14; before, the print was a request of its own, 11
# statements, 16 before session 12). The issue's 9 (tests/tickets/test_statement_budget.py) and the printout's
# transaction: BEGIN IMMEDIATE, the ticket with its queue, area and serving desks (one query), a job already queued
# for it (a resend), the kiosk's printer, the estimate's counts (one; a second only when tickets wait after this
# one: the printout's wait), the trámite (its requirements), the job. No second request's session, authentication
# and rate limit; no check of who issued it (this request did).
PRINTED_ISSUE_BUDGET = 17


def test_a_kiosk_issue_with_its_printout_stays_within_its_statement_budget(kiosk, counter) -> None:
    def issue(n: int) -> dict:
        return kiosk.post("/api/v1/tickets", {"transaction": counter.tx, "idempotency_key": f"k-budget-{n:04d}",
                                              "print": True}).get_json()

    assert issue(0)["print_job"] is not None
    with statements(db.engine) as seen:
        answer = issue(1)
    assert answer["print_job"] is not None
    assert len(seen) <= PRINTED_ISSUE_BUDGET, "\n".join(seen)
