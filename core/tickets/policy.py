"""Which waiting ticket a desk calls next: the preferential policy, pure and unit-tested.

Rule (DESIGN.md §3): preferential tickets (adulto mayor, discapacidad, embarazada) go first, at most
`ratio` in a row per desk, then one normal ticket; a normal ticket that has waited `max_wait` or more
goes first whatever the streak, so nobody is starved. Within each class, earliest arrival first.
`ratio` 0 means plain arrival order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Candidate:
    id: int
    preferential: bool
    arrival_at: datetime


@dataclass(frozen=True)
class Policy:
    ratio: int = 2
    max_wait: timedelta = timedelta(minutes=20)


def choose(candidates: list[Candidate], streak: int, now: datetime, policy: Policy) -> Candidate | None:
    """`streak` is how many preferential tickets this desk called in a row just before."""
    if not candidates:
        return None
    ordered = sorted(candidates, key=lambda c: (c.arrival_at, c.id))
    if policy.ratio <= 0:
        return ordered[0]
    normals = [c for c in ordered if not c.preferential]
    prefs = [c for c in ordered if c.preferential]
    if normals and now - normals[0].arrival_at >= policy.max_wait:
        return normals[0]
    if prefs and (streak < policy.ratio or not normals):
        return prefs[0]
    return normals[0] if normals else None


def next_streak(streak: int, called: Candidate) -> int:
    return streak + 1 if called.preferential else 0


def _calls(candidates: list[Candidate], streak: int, now: datetime, policy: Policy):
    """Yields the tickets in the order repeated `choose` calls would take them."""
    left = list(candidates)
    while left:
        chosen = choose(left, streak, now, policy)
        assert chosen is not None
        yield chosen
        left.remove(chosen)
        streak = next_streak(streak, chosen)


def call_order(candidates: list[Candidate], streak: int, now: datetime, policy: Policy,
               limit: int | None = None) -> list[Candidate]:
    """The order in which repeated `choose` calls would take these tickets, right now: what *Llamar
    siguiente* does next, then after that, and so on. The desk console lists this (not arrival order)."""
    ordered: list[Candidate] = []
    for chosen in _calls(candidates, streak, now, policy):
        if limit is not None and len(ordered) >= limit:
            break
        ordered.append(chosen)
    return ordered


def calls_before(candidates: list[Candidate], ticket_id: int, streak: int, now: datetime,
                 policy: Policy) -> int | None:
    """How many of these tickets the desk calls before `ticket_id` (the customer's «Personas delante»), by
    the same order as `call_order`; None when the ticket is not among them."""
    for index, chosen in enumerate(_calls(candidates, streak, now, policy)):
        if chosen.id == ticket_id:
            return index
    return None
