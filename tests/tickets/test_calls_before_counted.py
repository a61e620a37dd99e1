"""The estimate's place from counts (issue 13: no waiting rows loaded) is the place the call order gives: for
every ticket of random waiting lists, `calls_before_counted` equals `calls_before` over the rows."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from core.tickets.policy import Candidate, Counts, Policy, calls_before, calls_before_counted

T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def counts_for(people: list[Candidate], ticket: Candidate, now: datetime, rules: Policy) -> Counts:
    """What the estimate's query returns for `ticket`'s desk (core/tickets/positions.py)."""
    def key(c: Candidate) -> tuple[datetime, int]:
        return c.arrival_at, c.id

    before = [c for c in people if key(c) < key(ticket)]
    return Counts(
        preferential=ticket.preferential,
        normals_before=sum(not c.preferential for c in before), prefs_before=sum(c.preferential for c in before),
        normals=sum(not c.preferential for c in people), prefs=sum(c.preferential for c in people),
        overdue=sum(not c.preferential and now - c.arrival_at >= rules.max_wait for c in people),
    )


@pytest.mark.parametrize("seed", range(60))
def test_the_counted_place_is_the_call_order_place(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.choice([1, 2, 5, 30, 80])
    share = rng.choice([0.0, 0.2, 0.5, 0.9, 1.0])
    people = [Candidate(i, rng.random() < share, T0 + timedelta(minutes=rng.randint(0, 40)))
              for i in range(1, size + 1)]
    rules = Policy(ratio=rng.choice([0, 1, 2, 3]), max_wait=timedelta(minutes=rng.choice([5, 20, 60])))
    streak, now = rng.randint(0, 4), T0 + timedelta(minutes=rng.choice([10, 45]))
    for ticket in people:
        assert calls_before_counted(counts_for(people, ticket, now, rules), streak, rules) == calls_before(
            people, ticket.id, streak, now, rules), (ticket, rules, streak)


class Unread:
    """A policy that fails when read: with one class waiting there is nothing to weigh."""

    @property
    def ratio(self) -> int:
        raise AssertionError("the policy was read")


def test_one_class_waiting_does_not_read_the_policy() -> None:
    normals = Counts(preferential=False, normals_before=3, prefs_before=0, normals=5, prefs=0)
    prefs = Counts(preferential=True, normals_before=0, prefs_before=2, normals=0, prefs=4)
    assert calls_before_counted(normals, 1, Unread())  # type: ignore[arg-type] == 3
    assert calls_before_counted(prefs, 1, Unread())  # type: ignore[arg-type] == 2
