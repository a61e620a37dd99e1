"""`calls_before` (the customer's «Personas delante») and `call_order` follow repeated `choose` exactly, over
mixed queues, streaks, ratios and max-wait cases (issue 10: one rule for the desk and the customer)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from core.tickets.policy import Candidate, Policy, call_order, calls_before
from tests.tickets.test_policy import drain

T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize("seed", range(40))
def test_call_order_and_calls_before_match_repeated_choose(seed: int) -> None:
    """Random offices: each ticket's calls_before is its index in what successive choose calls take."""
    rng = random.Random(seed)
    people = [Candidate(i, rng.random() < 0.35, T0 + timedelta(minutes=rng.randint(0, 40))) for i in range(1, 30)]
    rules = Policy(ratio=rng.choice([0, 1, 2, 3]), max_wait=timedelta(minutes=rng.choice([5, 20, 60])))
    streak, now = rng.randint(0, 3), T0 + timedelta(minutes=45)
    expected = drain(people, rules, streak=streak, now=now)
    assert [c.id for c in call_order(people, streak, now, rules)] == expected
    assert {c.id: calls_before(people, c.id, streak, now, rules) for c in people} == {
        ticket_id: index for index, ticket_id in enumerate(expected)}


def test_a_ticket_not_among_the_candidates_has_no_place() -> None:
    """None, so the caller falls back to counting earlier arrivals."""
    assert calls_before([Candidate(1, False, T0)], 99, 0, T0, Policy()) is None
