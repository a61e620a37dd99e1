"""Since when a desk is in its state (`Desk.state_since`, the monitor's «desde …») also moves when a call or an
undone no-show opens it, not only on sign-in, pause and close."""

from __future__ import annotations

from datetime import timedelta

from core import clock
from core.extensions import db
from core.models import Desk
from core.tickets import desks
from tests.helpers import actor_for


def test_a_call_that_opens_a_closed_desk_starts_its_time(app, counter, frozen) -> None:
    supervisor = actor_for("encargada", "supervisor")
    counter.issue()
    desk = db.session.query(Desk).filter_by(code=counter.desk).one()
    assert desk.state == "closed"
    frozen.advance(minutes=7)
    desks.call_next(counter.desk, actor=supervisor)
    db.session.expire_all()
    desk = db.session.query(Desk).filter_by(code=counter.desk).one()
    assert desk.state == "open"
    assert clock.as_utc(desk.state_since) == clock.now()
    frozen.advance(minutes=3)
    counter.issue()
    desks.finish(counter.desk, actor=supervisor)
    desks.call_next(counter.desk, actor=supervisor)  # already open: its time keeps running from the first call
    db.session.expire_all()
    assert clock.as_utc(db.session.query(Desk).filter_by(code=counter.desk).one().state_since) == \
        clock.now() - timedelta(minutes=3)
