"""Today's lookups do not walk the history (issue 13).

An issue reads the queue's recent services for its estimate, a finish the last calls the panels show, the monitor
today's movements: each filters on the business day. Through `ix_ticket_waiting` (status first) SQLite read every
finished ticket ever, so after 60 days of 300 tickets an issue cost ~4× the CPU of the first day and a call plus
its finish ~2.5× (bench/README.md, session 10); `ix_ticket_day_queue` (day, queue, status) reads today's rows only.
The kiosk's order of trámites counts the last 90 business days by the same index (it counted by issue time, every
ticket ever), and the audit's first page walks `ix_ticket_event_at` instead of sorting every event.
The waiting list is counted from indexes too: its rows are the office's queue, which grows all morning.
"""

from __future__ import annotations

from sqlalchemy import event

from core.extensions import db
from core.org import catalogue
from core.reporting import audit, monitor
from core.tickets import desks


def _statements_of(work) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def grab(_conn, _cursor, statement, parameters, _context, _executemany) -> None:  # noqa: ANN001
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)
    return seen


def test_the_days_lookups_of_an_issue_a_call_a_finish_and_the_monitor_use_the_day_index(app, counter, agent) -> None:
    """Every SELECT on tickets that names the business day is planned on a day index (SQLite's plan); the panels'
    last calls walk `ix_ticket_day_called` newest first instead of reading and sorting the whole day."""
    counter.issue()

    def office_minute() -> None:
        counter.issue()
        desks.call_next(counter.desk, actor=agent)
        desks.start(counter.desk, actor=agent)
        desks.finish(counter.desk, actor=agent)
        monitor.snapshot()

    daily = [(sql, params) for sql, params in _statements_of(office_minute)
             if sql.lstrip().startswith("SELECT") and "ticket.day = ?" in sql]
    kiosk_order = _statements_of(catalogue.popularity)  # each kiosk's catalogue orders its trámites by it
    assert len(daily) >= 3, "the estimate, the panels' last calls and the monitor's movements"
    daily += kiosk_order
    raw = db.session.connection().connection.driver_connection
    for sql, params in daily:
        plan = " | ".join(row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
        assert "ix_ticket_day_queue (day" in plan or "ix_ticket_day_called (day" in plan, f"{sql}\n→ {plan}"
        if "last_called_at DESC" in sql:  # the panels' last calls: newest first from the index, no sort of the day
            assert "ix_ticket_day_called" in plan and "TEMP B-TREE" not in plan, f"{sql}\n→ {plan}"


def test_the_audits_newest_first_page_walks_the_event_index(app, counter, agent) -> None:
    """The audit without filters (its first view) reads the newest events from `ix_ticket_event_at` instead of
    sorting every event ever."""
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    pages = [(sql, params) for sql, params in _statements_of(lambda: audit.search(audit.Filters()))
             if "ORDER BY ticket_event.at DESC" in sql]
    assert len(pages) == 1
    raw = db.session.connection().connection.driver_connection
    sql, params = pages[0]
    plan = " | ".join(row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "ix_ticket_event_at" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan


def _plan(sql: str, params: object) -> str:
    raw = db.session.connection().connection.driver_connection
    return " | ".join(row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())


def test_the_audits_unfiltered_count_reads_the_events_alone(app, counter, agent) -> None:
    """The audit's first page counts every event ever: from the events alone (SQLite counts an index), not through
    a join to every ticket; filtered by a ticket's number or day it joins them, and counts the same events."""
    first = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    counter.issue()
    counts = [sql for sql, _ in _statements_of(lambda: audit.search(audit.Filters())) if "count(" in sql]
    assert len(counts) == 1 and "JOIN" not in counts[0].upper(), counts
    assert audit.search(audit.Filters())["total"] == 3
    assert audit.search(audit.Filters(number=first.label))["total"] == 2
    assert audit.search(audit.Filters(day=first.day))["total"] == 3


def test_an_issue_counts_the_waiting_list_from_indexes(app, counter, agent) -> None:
    """An issue's «personas delante» counts each desk's list from `ix_ticket_waiting_class` alone, and those
    after the new ticket by a range of arrivals; the panels' waiting counts come from an index alone.
    Read from the table, each waiting row cost ~0.7 µs per desk: 2 ms an issue with 2,500 waiting."""
    for preferential in (None, "adulto_mayor", None):
        counter.issue(preferential=preferential)
    seen = _statements_of(counter.issue)
    classes = [(sql, params) for sql, params in seen if "JOIN (SELECT ticket.queue_id" in sql]
    after = [(sql, params) for sql, params in seen if "ticket.arrival_at >= ?" in sql]
    waiting = [(sql, params) for sql, params in seen if "SELECT queue.code" in sql]
    assert len(classes) == len(after) == len(waiting) == 1, [sql for sql, _ in seen]
    assert "COVERING INDEX ix_ticket_waiting_class (status=? AND queue_id=?)" in _plan(*classes[0])
    assert "ix_ticket_waiting (status=? AND queue_id=? AND arrival_at>?)" in _plan(*after[0])
    plan = _plan(*waiting[0])  # either waiting index serves a count alone
    assert "SEARCH ticket USING COVERING INDEX ix_ticket_waiting" in plan and "SCAN ticket" not in plan, plan
    # The estimate's rows join each desk's current customer and its queue (positions.DESK_CLASSES) by primary key.
    joined = [step for step in plan.split(" | ") if "LEFT-JOIN" in step]
    assert joined and all("USING INTEGER PRIMARY KEY" in step for step in joined), plan


def test_a_call_finds_the_desks_next_tickets_from_the_index_alone(app, counter, agent) -> None:
    """*Llamar siguiente* finds the first normal and the first preferential ticket its desk may call reading
    `ix_ticket_waiting` alone: the target desk and the type are in it (read from the table, 0.9 ms with 2,600
    waiting)."""
    for preferential in (None, "adulto_mayor", None):
        counter.issue(preferential=preferential)
    seen = _statements_of(lambda: desks.call_next(counter.desk, actor=agent))
    heads = [(sql, params) for sql, params in seen if "SELECT ticket.id, ticket.preferential, ticket.arrival_at" in sql]
    assert len(heads) == 1, [sql for sql, _ in seen]
    assert "COVERING INDEX ix_ticket_waiting (status=? AND queue_id=?)" in _plan(*heads[0])
