"""Every ticket transition is logged once, after its commit, from the engine's one choke point."""

from __future__ import annotations

import logging

import pytest

from core.actors import SYSTEM
from core.errors import DomainError
from core.tickets import desks, engine
from tests.builders import Counter
from tests.helpers import actor_for


class _Lines(logging.Handler):
    """Collects the engine's log lines directly, whatever other tests did to logging's configuration."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def engine_log():
    log = logging.getLogger("core.tickets.engine")
    handler, level, disabled = _Lines(), log.level, log.disabled
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.disabled = False
    yield handler.lines
    log.removeHandler(handler)
    log.setLevel(level)
    log.disabled = disabled

@pytest.fixture
def served_desk(counter: Counter):
    """A desk, its agent, and a transaction routed to it."""
    return counter.desk, actor_for("asesor1", "agent"), counter.tx


def test_issue_call_and_finish_each_leave_one_log_line(app, engine_log, served_desk) -> None:
    """A ticket's issue, call and finish appear in the log in order, with the desk and who did it."""
    desk_code, agent, transaction = served_desk
    ticket = engine.issue_ticket(transaction, actor=SYSTEM)
    desks.call_next(desk_code, actor=agent)
    desks.finish(desk_code, actor=agent)
    lines = engine_log
    assert [line.split(":")[0] for line in lines] == [f"ticket {ticket.label} issue", f"ticket {ticket.label} call",
                                                      f"ticket {ticket.label} finish"]
    assert f"desk {desk_code}" in lines[1] and agent.name in lines[1]


def test_a_refused_transition_logs_nothing(app, engine_log, served_desk) -> None:
    """A transition that fails and rolls back leaves no log line claiming it happened."""
    desk_code, agent, _transaction = served_desk
    with pytest.raises(DomainError):
        desks.finish(desk_code, actor=agent)
    assert engine_log == []
