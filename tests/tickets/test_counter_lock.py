"""The queue's daily counter (core/tickets/numbering.py). On PostgreSQL its row is locked only for its own upsert,
not until the issue commits: with it locked to the end, every issue of a busy queue waited for the one before it
(bench/README.md, «Session 12»). Numbers are still never given twice; on PostgreSQL the number of an issue that
fails after taking it is skipped."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text

from core.actors import SYSTEM
from core.extensions import db
from core.models import Ticket
from core.tickets import attentions, engine
from core.tickets.limits import DayClosed
from tests.builders import Counter, make_counter

pytestmark = pytest.mark.postgres

# Friday 27 November 2026, 17:55 in La Paz (UTC-4): past an 18:00 closing for a ticket with a 5-minute service.
FRIDAY_LATE = datetime(2026, 11, 27, 21, 55, tzinfo=UTC)


def test_the_counter_row_is_free_while_the_issue_writes_the_rest(pg_app: Flask, pg_url: str, monkeypatch) -> None:
    """While an issue that has its number writes its attention row, another connection locks the counter row at
    once (NOWAIT): the next kiosk's number does not wait for this issue's commit."""
    counter = make_counter()
    db.session.commit()
    queue_id, write_attention = counter.queue.id, attentions.for_ticket
    other = create_engine(pg_url)
    locked: list[int] = []

    def lock_the_counter_meanwhile(ticket: Ticket, actor, now, **links) -> None:
        with other.connect() as connection:
            locked.append(connection.execute(text(
                "SELECT last FROM daily_counter WHERE queue_id = :queue FOR UPDATE NOWAIT"), {"queue": queue_id}
            ).scalar_one())
        write_attention(ticket, actor, now, **links)

    monkeypatch.setattr(attentions, "for_ticket", lock_the_counter_meanwhile)
    try:
        ticket = engine.issue_ticket(counter.tx, actor=SYSTEM)
    finally:
        other.dispose()
    assert locked == [1] and ticket.number == 1


def test_a_failed_issue_never_makes_a_number_come_twice(app: Flask, counter: Counter, monkeypatch) -> None:
    """An issue that fails after taking its number leaves no ticket. The next one gets a number never given: on
    SQLite the same (the rollback returned it), on PostgreSQL the one after (skipped, taken outside the issue)."""
    write_attention = attentions.for_ticket

    def fail(*_args, **_kwargs) -> None:
        raise RuntimeError("la base de datos se perdió a mitad de la emisión")

    monkeypatch.setattr(attentions, "for_ticket", fail)
    with pytest.raises(RuntimeError):
        counter.issue()
    monkeypatch.setattr(attentions, "for_ticket", write_attention)
    second = counter.issue()
    assert second.number == (1 if db.engine.dialect.name == "sqlite" else 2)
    assert db.session.scalar(select(func.count(Ticket.id))) == 1


def test_the_quota_is_the_reason_when_the_closing_time_has_passed_too(app: Flask, counter: Counter) -> None:
    """Past both limits the customer is told of the quota (as before the counter moved), and no number is taken:
    reception's override gets the next one."""
    counter.queue.daily_quota = 1
    counter.queue.closes_at = time(18, 0)
    db.session.commit()
    counter.issue(now=datetime(2026, 11, 27, 14, 0, tzinfo=UTC))
    with pytest.raises(DayClosed) as refused:
        counter.issue(now=FRIDAY_LATE)
    assert "ya se entregó la única ficha del día" in refused.value.message
    assert refused.value.details["reason"] == "quota"
    assert engine.issue_ticket(counter.tx, actor=SYSTEM, limit_override="Cliente citado", now=FRIDAY_LATE).number == 2
