"""The close of a past day's leftovers (core/tickets/day_close.py, `flask close-past-days`): a ticket still
waiting when the office closed must not be counted, nor called, the next morning."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Ticket, TicketEvent
from core.tickets import day_close, desk_shifts, desks, positions
from tests.helpers import actor_for


@pytest.mark.postgres
def test_a_past_day_left_waiting_is_closed_and_today_starts_clean(app, frozen, counter) -> None:
    """Yesterday's last customers were never called. After the night's close, today's first ticket has nobody
    ahead of it and is the first one called; yesterday's are cancelled with the reason in their history, and a
    second run closes nothing more. Before, the first call of the day took yesterday's earliest ticket."""
    left = [counter.issue().id for _ in range(2)]
    frozen.advance(days=1)
    first_today = counter.issue().id
    out = app.test_cli_runner().invoke(args=["close-past-days"])
    assert out.exit_code == 0, out.output
    assert f"anuladas: {counter.number(1)}, {counter.number(2)}." in out.output
    db.session.remove()
    today = db.session.get(Ticket, first_today)
    assert today.status == "waiting" and positions.people_ahead(today) == 0
    agent = actor_for("asesor1", "agent")
    desk_shifts.sign_in(counter.desk, actor=agent)
    assert desks.call_next(counter.desk, actor=agent).id == first_today
    assert [db.session.get(Ticket, t).status for t in left] == ["cancelled", "cancelled"]
    notes = db.session.scalars(select(TicketEvent.note).where(TicketEvent.ticket_id.in_(left),
                                                              TicketEvent.action == "cancel")).all()
    assert notes == [day_close.REASON] * 2
    assert day_close.close_past_days() == []
