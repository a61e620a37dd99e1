"""What the statement budget rests on (issue 13): the policy's settings are read only when a choice depends on
them, and a catalogue node is read once per transaction, never carried into the next one."""

from __future__ import annotations

from bench.sql_count import statements
from core import lookups
from core.actors import SYSTEM
from core.extensions import db
from core.tickets import desks, engine
from core.tx import unit_of_work


def _settings_reads(seen: list[str]) -> int:
    return sum(1 for statement in seen if "FROM setting" in statement)


def test_a_call_reads_the_settings_only_when_normal_and_preferential_tickets_wait(counter) -> None:
    """Only normal tickets waiting: nothing to weigh, no settings query. Both kinds: the policy is read, once."""
    engine.issue_ticket(counter.tx, actor=SYSTEM)
    with statements(db.engine) as seen:
        desks.call_next(counter.desk, actor=SYSTEM)
    assert _settings_reads(seen) == 0
    desks.finish(counter.desk, actor=SYSTEM)
    engine.issue_ticket(counter.tx, actor=SYSTEM)
    engine.issue_ticket(counter.tx, actor=SYSTEM, preferential="adulto_mayor")
    with statements(db.engine) as seen:
        called = desks.call_next(counter.desk, actor=SYSTEM)
    assert _settings_reads(seen) == 1
    assert called.preferential == "adulto_mayor"  # the policy (ratio 2 by default) still puts them first


def test_a_node_is_read_once_per_transaction_and_again_in_the_next(counter) -> None:
    """Two readers in one transaction share one query; the next transaction reads the row afresh."""
    with statements(db.engine) as seen, unit_of_work():
        first = lookups.active_node(counter.tx)
        assert lookups.transaction(counter.tx) is first
    assert sum("FROM catalogue_node" in s for s in seen) == 1
    with statements(db.engine) as seen, unit_of_work():
        lookups.active_node(counter.tx)
    assert sum("FROM catalogue_node" in s for s in seen) == 1
