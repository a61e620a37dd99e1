"""A call in two UPDATEs and no re-reads (issue 13) still keeps what the reloads used to: the first call time,
the desk's state and streak, and the name of the agent who works the desk."""

from __future__ import annotations

import pytest

from core import clock, lookups
from core.actors import Actor
from core.extensions import db, socketio
from core.people import users
from core.tickets import desks, engine
from tests.helpers import token_for

pytestmark = pytest.mark.postgres  # the folded UPDATEs on both dialects


def test_a_second_call_keeps_the_first_call_time(frozen, counter, agent) -> None:
    """Called, sent back to its queue, called again later: «primera llamada» stays the first one."""
    ticket = counter.issue()
    first = desks.call_next(counter.desk, actor=agent).last_called_at
    engine.transfer(ticket.id, actor=agent, queue=counter.queue.code)
    frozen.advance(minutes=4)
    again = desks.call_next(counter.desk, actor=agent)
    assert again.id == ticket.id
    assert (clock.as_utc(again.called_at), clock.as_utc(again.last_called_at)) == (first, clock.now())


def test_the_desk_is_open_with_its_new_streak_after_the_call(app, counter, agent) -> None:
    """A preferential call opens the desk and counts one in the streak, as read back from the database."""
    counter.issue(preferential="adulto_mayor")
    desks.call_next(counter.desk, actor=agent)
    db.session.expire_all()
    desk = lookups.desk(counter.desk)
    assert (desk.state, desk.pref_streak) == ("open", 1)


def test_a_supervisor_calling_at_an_agents_desk_leaves_the_agents_name_on_the_monitor(app, counter, agent) -> None:
    """`desk_changed` names who works the desk (the agent), not the supervisor who pressed the button."""
    counter.issue()
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    staff = socketio.test_client(app, auth={"token": token_for("jefa", "supervisor")})
    staff.get_received()
    desks.call_next(counter.desk, actor=Actor.of_user(users.find_user("jefa")))
    changed = [m["args"][0] for m in staff.get_received() if m["name"] == "desk_changed"]
    assert [c["agent"] for c in changed] == [agent.name]
    staff.disconnect()

