"""The desk's «Fichas en espera» order is the order call_next takes: one policy function for both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.tickets.policy import Candidate, Policy, call_order, choose, next_streak

T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def test_call_order_is_repeated_choose_with_the_streak() -> None:
    """Listing N ahead gives exactly what N successive *Llamar siguiente* would give, streak included."""
    people = [Candidate(i, i % 3 == 0, T0 + timedelta(minutes=i)) for i in range(1, 16)]
    people.append(Candidate(99, False, T0 - timedelta(minutes=30)))  # past the max-wait guard
    now, rules = T0 + timedelta(minutes=16), Policy(ratio=2, max_wait=timedelta(minutes=20))
    left, streak, expected = list(people), 1, []
    while left:
        chosen = choose(left, streak, now, rules)
        assert chosen is not None
        expected.append(chosen.id)
        streak = next_streak(streak, chosen)
        left.remove(chosen)
    assert [c.id for c in call_order(people, 1, now, rules)] == expected
    assert [c.id for c in call_order(people, 1, now, rules, limit=10)] == expected[:10]
    assert expected[0] == 99


def test_call_order_of_nobody_is_empty() -> None:
    """Nobody waiting lists nothing."""
    assert call_order([], 0, T0, Policy()) == []
