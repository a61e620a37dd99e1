"""Builders name things afresh in every test (`builders.restart_names`, called by tests/conftest.py), so what a
worker's earlier tests built never changes how a test's own queues sort."""

from __future__ import annotations

from tests import builders


def test_an_earlier_test_uses_up_most_prefixes() -> None:
    taken = [builders.make_prefix() for _ in range(100)]
    assert taken == sorted(taken)


def test_the_next_test_starts_again_from_the_first_prefix(app) -> None:
    """Before, the prefixes went on from the earlier test and wrapped from ZZ to QA after four more queues."""
    prefixes = [builders.make_queue().prefix for _ in range(6)]
    assert prefixes == ["QA", "QB", "QC", "QD", "QE", "QF"]
