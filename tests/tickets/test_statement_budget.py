"""SQL statements per ticket issued and per call-next, over the public API (issue 13: 35 and 36 before).

Statement counts are deterministic, unlike time: this pins the bound reached so a change that brings back a
query per room, a second serialisation or a lazy load fails here. Measured by bench/sql_count.py, which
`make bench` prints too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from bench.sql_count import count

# SQLite counts its BEGINs: one per request since session 22, the unit of work's BEGIN IMMEDIATE. The caller's row
# (authentication) runs without a BEGIN of its own (core.tx.lone_read: one statement is consistent by itself), and a
# read transaction it began sends its BEGIN before its next statement. PostgreSQL's begin is implicit (10 and 9
# there: its issue also locks the idempotency key and looks it up first, since its counter upsert commits on the
# counter's own connection, counted too: core/tickets/numbering.py; a finish 9 there).
# A kiosk's issue without an account (9; 11 until session 22, 12 until session 15 kept each queue's recent
# services per process, 13 before the key's lookup went, session 14: on SQLite a resend fails the
# ticket's unique key at its INSERT, everything rolls back, and the engine then returns the first ticket): the
# kiosk's device (auth), BEGIN IMMEDIATE, the trámite with its
# queue, area and the desks serving the queue (read once: with an account, intake reads it before the write
# too, to call Smartflex outside the lock), the counter upsert, the ticket, its P01 attention (issue 10), its
# event, the waiting counts (for `queue_changed`) with, in the same statement since session 22 (a union), the
# estimate's counts of those desks' waiting lists (a grouped query on indexes, no rows loaded: the list by queue,
# target desk and type, and whether any ticket waits after this one; only then a second query counts those, which
# a ticket just issued rarely needs: 14 before session 14; one query that classified every waiting row cost 2 ms
# with 2,500 waiting), the room sequences (one upsert). The
# queue's recent service times are read at most every 30 s per process (core/tickets/service_times.py, SERVICES_KEPT).
# The policy's settings, and the count of normal tickets past the max wait, are read only when the waiting list
# mixes preferential and normal tickets; the trámite's requirements come from the node already read.
ISSUE_BUDGET = 9
# A call-next (10; 11 until session 22): the token's device or staff user (one query), BEGIN IMMEDIATE, the desk
# (locked), the first normal and the first preferential ticket it may call (one query), the ticket's compare-and-set
# UPDATE, the desk's UPDATE (ticket, state, streak), the ticket read back with its queue, area and trámite, the
# event, the waiting counts (carried by `ticket_called`), the room sequences. Settings as above; the agent's
# name for `desk_changed` is the actor's.
CALL_NEXT_BUDGET = 10
# A finish (10; 12 until session 22, 17 in session 13, 19 before session 12): the agent, BEGIN IMMEDIATE, the desk
# (locked), its ticket (locked) with its queue, area and trámite, and the codes of the desk's queues (one query: its
# rooms, the staff ticket's requirements, the status pages told the desk is free), the desk's and the ticket's
# UPDATEs, the event, the panels' history length (a setting, read once per transaction), the panels' last calls as
# rows (the newest on call and the newest shown, for the area and for ALL in one statement: two until session 22),
# the room sequences. The agent's name for `desk_changed` is the actor's.
FINISH_BUDGET = 10


def test_an_issue_and_a_call_next_stay_within_their_statement_budget(app) -> None:
    """A warm kiosk issue, a warm desk call-next and its finish run at most the budgeted SQL statements each."""
    counted = count(app)
    assert len(counted["issue"]) <= ISSUE_BUDGET, "\n".join(counted["issue"])
    assert len(counted["call_next"]) <= CALL_NEXT_BUDGET, "\n".join(counted["call_next"])
    assert len(counted["finish"]) <= FINISH_BUDGET, "\n".join(counted["finish"])


# A kiosk's issue into a queue with a closing time (core/tickets/limits.py) asks first whether a ticket issued now is
# served before it: one statement more, the counts of its desks' waiting lists with whom each desk attends
# (positions.estimated_wait_for_new, the customer's own estimate; and the count of normal tickets past the max wait
# when both classes wait). Two until session 24: the queue's waiting count and its open desks, busy ones as free.
CLOSING_ISSUE_BUDGET = ISSUE_BUDGET + 1


def test_an_issue_into_a_queue_with_a_closing_time_reads_one_statement_more(app, frozen) -> None:
    from datetime import time

    from bench.common import ISSUE_TX
    from core import lookups
    from core.extensions import db

    lookups.transaction(ISSUE_TX).queue.closes_at = time(18, 0)  # `frozen` is at 09:00 in La Paz
    db.session.commit()
    counted = count(app)
    assert len(counted["issue"]) <= CLOSING_ISSUE_BUDGET, "\n".join(counted["issue"])


def test_one_query_for_every_room_sequence_of_a_call(app) -> None:
    """A call numbers the events of all its rooms (area, ALL, staff) in one statement, not one per room."""
    counted = count(app)
    sequences = [s for s in counted["call_next"] if "room_sequence" in s]
    assert len(sequences) == 1, sequences


# A status page's refresh (5 for the last in line, 6 with tickets after it; one more each until session 15): BEGIN,
# the ticket with its queue, area and the desks serving the queue (one query), the estimate's counts (one, and one
# more for those after the ticket), the trámite (requirements), the survey answer; the queue's recent services are
# kept per process. Every phone
# showing a status page of a queue refreshes when that queue moves, so this runs once per phone per issue or call.
STATUS_BUDGET = 5


def test_a_status_page_refresh_stays_within_its_statement_budget(app) -> None:
    from bench.sql_count import api_calls, statements
    from core.extensions import db

    client = app.test_client()
    issue, _call_next = api_calls(client)
    issue()
    path = "/" + issue().get_json()["ticket"]["status_url"].split("://", 1)[-1].split("/", 1)[1] + "/estado"
    assert client.get(path).status_code == 200
    with statements(db.engine) as seen:
        answer = client.get(path)
    assert answer.get_json()["people_ahead"] == 1
    assert len(seen) <= STATUS_BUDGET, "\n".join(seen)



def test_opening_a_desk_reads_its_queues_in_one_query(app) -> None:
    """Opening or closing a desk tells the status pages of each of its queues; the queues' codes come in one
    query, not one per queue (the desk's links loaded their queues one by one)."""
    from sqlalchemy import select

    from bench.sql_count import statements
    from core.extensions import db
    from core.models import Desk
    from core.realtime import broadcast
    from tests.builders import make_area, make_desk, make_queue

    room = make_area()
    code = make_desk(queues=[make_queue(area=room), make_queue(area=room), make_queue(area=room)]).code
    db.session.remove()
    fresh = db.session.scalars(select(Desk).where(Desk.code == code)).one()
    with statements(db.engine) as seen:
        broadcast.desk_availability_changed(fresh)
    assert len(seen) == 1, "\n".join(seen)


@contextmanager
def sqlite_trace(engine: Any) -> Iterator[list[str]]:
    """The statements SQLite itself runs, in its order (listeners of `before_cursor_execute` see a BEGIN sent from
    another listener after the statement that made it due)."""
    seen: list[str] = []

    def checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        dbapi_conn.set_trace_callback(lambda sql: seen.append(" ".join(sql.split())))

    def checkin(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.set_trace_callback(None)

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)


def test_the_callers_row_runs_alone_and_a_read_after_it_still_reads_one_snapshot(app) -> None:
    """A call-next reads its caller's row without a BEGIN of its own (one statement is consistent by itself) and goes
    from it straight to its write transaction; a view that reads more after the caller gets its BEGIN right after
    the caller's row, so its own reads still share one snapshot (core.tx.lone_read)."""
    from bench.sql_count import api_calls
    from core.extensions import db
    from tests.helpers import bearer, token_for

    client = app.test_client()
    issue, call_next = api_calls(client)
    issue()
    with sqlite_trace(db.engine) as called:
        call_next()
    assert called[0].startswith("SELECT device.id") and called[1] == "BEGIN IMMEDIATE", "\n".join(called[:3])
    agent = bearer(token_for("lone-read-agent", "agent"))
    assert client.get("/api/v1/queues", headers=agent).status_code == 200
    with sqlite_trace(db.engine) as listed:
        answer = client.get("/api/v1/queues", headers=agent)
    assert answer.status_code == 200 and answer.get_json()
    assert listed[0].startswith("SELECT device.id") and listed[1] == "BEGIN", "\n".join(listed[:3])
    assert listed.count("BEGIN") == 1 and len(listed) > 3, "\n".join(listed)


def test_only_an_action_that_frees_the_desk_reads_its_queue_codes(app) -> None:
    """A finish frees its desk, whose queues' status pages are told: it reads the desk's queue codes with the ticket.
    A call-next does not free its desk and carries no such subquery (its ticket read stays as cheap as before)."""
    counted = count(app)

    def aggregates(statements: list[str]) -> list[str]:
        return [s for s in statements if "group_concat" in s.lower() or "string_agg" in s.lower()]

    assert aggregates(counted["call_next"]) == []
    assert len(aggregates(counted["finish"])) == 1
