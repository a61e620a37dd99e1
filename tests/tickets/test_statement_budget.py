"""SQL statements per ticket issued and per call-next, over the public API (issue 13: 35 and 36 before).

Statement counts are deterministic, unlike time: this pins the bound reached so a change that brings back a
query per room, a second serialisation or a lazy load fails here. Measured by bench/sql_count.py, which
`make bench` prints too.
"""

from __future__ import annotations

from bench.sql_count import count

# device auth (2), trámite pre-check (1), unit of work (8, with the P01 attention: issue 10), estimate (4: the
# desks that may call it, the policy, their call order, service times; issue 10), requirements (1; issue 10)
ISSUE_BUDGET = 16
CALL_NEXT_BUDGET = 23


def test_an_issue_and_a_call_next_stay_within_their_statement_budget(app) -> None:
    """A warm kiosk issue and a warm desk call-next run at most the budgeted SQL statements each."""
    counted = count(app)
    assert len(counted["issue"]) <= ISSUE_BUDGET, "\n".join(counted["issue"])
    assert len(counted["call_next"]) <= CALL_NEXT_BUDGET, "\n".join(counted["call_next"])


def test_one_query_for_every_room_sequence_of_a_call(app) -> None:
    """A call numbers the events of all its rooms (area, ALL, staff) in one statement, not one per room."""
    counted = count(app)
    sequences = [s for s in counted["call_next"] if "room_sequence" in s]
    assert len(sequences) == 1, sequences
