"""Which waiting ticket a desk calls next: the preferential policy, pure and unit-tested.

Rule (DESIGN.md §3): preferential tickets (adulto mayor, discapacidad, embarazada) go first, at most
`ratio` in a row per desk, then one normal ticket. A normal ticket that has waited `max_wait` or more breaks
the streak: it goes as soon as the desk has called one preferential ticket since its last normal one, so the
two classes alternate while normal tickets are overdue. Neither class starves: DESIGN's first wording («goes
first whatever the streak») sent every preferential customer behind the whole line once the queue was more than
`max_wait` long (an office's busy hour), their place in line growing as each normal ticket passed the limit.
Within each class, earliest arrival first. `ratio` 0 means plain arrival order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.models import Ticket


@dataclass(frozen=True)
class Candidate:
    id: int
    preferential: bool
    arrival_at: datetime


@dataclass(frozen=True)
class Policy:
    ratio: int = 2
    max_wait: timedelta = timedelta(minutes=20)


def _arrival(candidate: Candidate) -> tuple[datetime, int]:
    return candidate.arrival_at, candidate.id


def _pick(normal: Candidate | None, pref: Candidate | None, streak: int, now: datetime,
          policy: Policy) -> Candidate | None:
    """The rule itself, between the earliest normal and the earliest preferential ticket. With only one of them
    there is nothing to weigh: the policy is not read (a configured one then costs no settings query)."""
    if normal is None or pref is None:
        return normal or pref
    if policy.ratio <= 0:
        return min(normal, pref, key=_arrival)
    if streak >= policy.ratio or streak >= 1 and now - normal.arrival_at >= policy.max_wait:
        return normal
    return pref


def choose(candidates: list[Candidate], streak: int, now: datetime, policy: Policy) -> Candidate | None:
    """`streak` is how many preferential tickets this desk called in a row just before."""
    normal = min((c for c in candidates if not c.preferential), key=_arrival, default=None)
    pref = min((c for c in candidates if c.preferential), key=_arrival, default=None)
    return _pick(normal, pref, streak, now, policy)


def next_streak(streak: int, called: Candidate | Ticket) -> int:
    return streak + 1 if called.preferential else 0


def _calls(candidates: list[Candidate], streak: int, now: datetime, policy: Policy) -> Iterator[Candidate]:
    """Yields the tickets in the order repeated `choose` calls would take them: the same `_pick`, over both
    classes sorted once (a status page asks this for every phone: no re-sorting per step)."""
    ordered = sorted(candidates, key=_arrival)
    normals = deque(c for c in ordered if not c.preferential)
    prefs = deque(c for c in ordered if c.preferential)
    while normals or prefs:
        chosen = _pick(normals[0] if normals else None, prefs[0] if prefs else None, streak, now, policy)
        assert chosen is not None
        (prefs if chosen.preferential else normals).popleft()
        yield chosen
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


@dataclass(frozen=True)
class Counts:
    """A desk's waiting list seen from one of its tickets, in numbers: what `calls_before` needs of it. The
    call order depends only on these (within a class, earliest arrival first; a normal ticket that waited
    `max_wait` breaks a streak, and those are the earliest normals), so the place is known without the rows."""

    preferential: bool  # the ticket's own class
    normals_before: int  # normal tickets before it by (arrival, id)
    prefs_before: int
    normals: int  # every normal ticket of the list (the ticket included when it is normal)
    prefs: int
    overdue: int = 0  # normal tickets that have waited `max_wait` or more (a prefix of the normals by arrival)


def calls_before_counted(counts: Counts, streak: int, policy: Policy) -> int:
    """`calls_before` from counts: the same `_pick`, stepped over numbers instead of rows (issue 13: the
    estimate no longer loads a desk's waiting tickets). `policy` is read only when both classes wait."""
    own_before = counts.prefs_before if counts.preferential else counts.normals_before
    others = counts.normals if counts.preferential else counts.prefs
    if others == 0:
        return own_before  # one class: arrival order, the policy is not read
    if policy.ratio <= 0:
        return counts.normals_before + counts.prefs_before
    ahead = normals = prefs = 0  # normal and preferential tickets called so far
    while True:
        if counts.preferential and normals == counts.normals or not counts.preferential and prefs == counts.prefs:
            return ahead + own_before - (prefs if counts.preferential else normals)  # only its class is left
        if streak >= policy.ratio or streak >= 1 and normals < counts.overdue:  # the earliest normal goes
            if not counts.preferential and normals == counts.normals_before:
                return ahead
            normals, streak = normals + 1, 0
        else:  # the earliest preferential goes
            if counts.preferential and prefs == counts.prefs_before:
                return ahead
            prefs, streak = prefs + 1, streak + 1
        ahead += 1
