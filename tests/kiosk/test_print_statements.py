"""A kiosk's print request in SQL statements (every kiosk ticket is issued, then printed): the bound reached in
session 12, as tests/tickets/test_statement_budget.py pins the issue's."""

from __future__ import annotations

from bench.sql_count import statements
from core.extensions import db

# A kiosk's print request (11 for the last in line; 12 in session 13, 16 before session 12): BEGIN, the kiosk (its
# page's session), BEGIN IMMEDIATE, the ticket with its queue, area and serving desks (one query), whether this
# kiosk issued it, a job already queued for it, the kiosk's printer, the estimate's counts (one; a second only when
# tickets wait after this one) and recent services (the printout's wait), the trámite (its requirements), the job.
# Every kiosk ticket is issued and then printed, nearly always as the last in line.
PRINT_BUDGET = 11


def test_a_kiosk_print_request_stays_within_its_statement_budget(kiosk, counter) -> None:
    issued = [kiosk.post("/api/v1/tickets", {"transaction": counter.tx, "idempotency_key": f"k-budget-{n:04d}"})
              .get_json()["ticket"]["id"] for n in range(2)]
    assert kiosk.post(f"/kiosk/fichas/{issued[0]}/imprimir").get_json()["job"] is not None
    with statements(db.engine) as seen:
        job = kiosk.post(f"/kiosk/fichas/{issued[1]}/imprimir").get_json()["job"]
    assert job is not None
    assert len(seen) <= PRINT_BUDGET, "\n".join(seen)
