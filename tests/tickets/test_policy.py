"""The preferential policy (DESIGN.md §3): pure unit tests of core.tickets.policy, then the engine applying the
settings stored in the Setting table through core.tickets.desks.call_next."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from core.extensions import db
from core.models import Setting
from core.tickets import desks
from core.tickets.policy import Candidate, Policy, call_order, calls_before, choose, next_streak
from tests.builders import Counter
from tests.helpers import FrozenClock, actor_for

T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def cand(id_: int, preferential: bool, minute: float) -> Candidate:
    return Candidate(id_, preferential, T0 + timedelta(minutes=minute))


def drain(candidates: list[Candidate], policy: Policy, *, now_minute: float = 1.0, streak: int = 0,
          now: datetime | None = None) -> list[int]:
    """Call every candidate one after another at the same instant (`now`, or T0 + `now_minute`), the desk's
    preferential streak starting at `streak`; return the call order."""
    order, left = [], list(candidates)
    now = now or T0 + timedelta(minutes=now_minute)
    while left:
        chosen = choose(left, streak, now, policy)
        assert chosen is not None
        order.append(chosen.id)
        streak = next_streak(streak, chosen)
        left.remove(chosen)
    return order


# --- pure policy -------------------------------------------------------------------------------------------------

def test_empty_candidates_choose_nothing() -> None:
    """With nobody waiting the policy chooses nothing."""
    assert choose([], 0, T0, Policy()) is None


@pytest.mark.parametrize("ratio", [1, 2, 3])
def test_n_preferential_then_one_normal(ratio: int) -> None:
    """With ratio N, the desk calls N preferential tickets, then one normal, and again."""
    normals = [cand(i, False, i * 0.01) for i in range(1, 5)]  # normals arrived first
    prefs = [cand(100 + i, True, 0.5 + i * 0.01) for i in range(1, 3 * ratio + 1)]
    order = drain(normals + prefs, Policy(ratio=ratio, max_wait=timedelta(hours=5)))
    kinds = ["P" if i >= 100 else "N" for i in order]
    assert "".join(kinds[: 3 * (ratio + 1)]) == ("P" * ratio + "N") * 3


def test_within_each_class_earliest_arrival_first() -> None:
    """Preferential tickets among themselves, and normal ones among themselves, go by arrival."""
    mixed = [cand(1, True, 3), cand(2, False, 2), cand(3, True, 1), cand(4, False, 0)]
    order = drain(mixed, Policy(ratio=1, max_wait=timedelta(hours=5)), now_minute=4)
    assert order == [3, 4, 1, 2]


def test_ratio_zero_is_plain_arrival_order() -> None:
    """Ratio 0 turns the policy off: strict arrival order, preferential or not."""
    mixed = [cand(1, False, 0), cand(2, True, 1), cand(3, False, 2), cand(4, True, 3), cand(5, True, 4)]
    assert drain(list(reversed(mixed)), Policy(ratio=0), now_minute=5) == [1, 2, 3, 4, 5]


def test_only_preferential_queue_keeps_calling_preferential() -> None:
    """With no normal ticket waiting, the ratio never blocks a preferential one."""
    prefs = [cand(i, True, i) for i in range(1, 8)]
    assert drain(prefs, Policy(ratio=2), now_minute=10) == list(range(1, 8))


def test_only_normal_queue_is_arrival_order() -> None:
    """With no preferential ticket waiting, normal tickets go by arrival whatever the streak."""
    normals = [cand(i, False, i) for i in range(1, 6)]
    assert choose(normals, 0, T0 + timedelta(minutes=7), Policy(ratio=2)).id == 1
    assert choose(normals, 5, T0 + timedelta(minutes=7), Policy(ratio=2)).id == 1


def test_streak_below_ratio_prefers_preferential() -> None:
    """A desk that called fewer than N preferential tickets in a row calls another one."""
    waiting = [cand(1, False, 0), cand(2, True, 1)]
    assert choose(waiting, 1, T0 + timedelta(minutes=2), Policy(ratio=2)).id == 2


def test_streak_at_ratio_gives_a_normal_its_turn() -> None:
    """After N preferential calls in a row the next call is a normal ticket."""
    waiting = [cand(1, False, 1), cand(2, True, 0)]
    assert choose(waiting, 2, T0 + timedelta(minutes=2), Policy(ratio=2)).id == 1


def test_max_wait_guard_breaks_the_streak() -> None:
    """A normal ticket that waited max_wait goes as soon as the desk has called one preferential ticket since its
    last normal one, however far the streak is from the ratio."""
    waiting = [cand(1, False, 0), cand(2, True, 0.5)]
    policy = Policy(ratio=3, max_wait=timedelta(minutes=20))
    assert choose(waiting, 1, T0 + timedelta(minutes=19, seconds=59), policy).id == 2
    assert choose(waiting, 1, T0 + timedelta(minutes=20), policy).id == 1
    assert choose(waiting, 0, T0 + timedelta(minutes=20), policy).id == 2  # a normal one just went: a preferential


def test_a_long_normal_line_never_sends_a_preferential_customer_to_its_end() -> None:
    """The busy hour: 30 normal tickets waiting, the oldest past max_wait. A preferential customer arriving now is
    called within two calls, and their place never grows while the normal tickets keep aging (it grew from 0 to
    the whole line when every overdue normal ticket went first whatever the streak)."""
    policy = Policy(ratio=2, max_wait=timedelta(minutes=20))
    line = [cand(i, False, i) for i in range(1, 31)] + [cand(99, True, 30)]
    places = [calls_before(line, 99, streak, T0 + timedelta(minutes=minute), policy)
              for minute in (30, 40, 50, 60) for streak in (0, 1, 2)]
    assert max(places) <= 1
    assert call_order(line, 1, T0 + timedelta(minutes=60), policy)[:3] == [line[0], line[30], line[1]]


def test_next_streak_counts_preferential_and_resets_on_normal() -> None:
    """The streak grows with each preferential call and restarts at 0 after a normal one."""
    assert next_streak(0, cand(1, True, 0)) == 1
    assert next_streak(4, cand(1, True, 0)) == 5
    assert next_streak(4, cand(1, False, 0)) == 0


# --- property: a normal ticket is never starved ---------------------------------------------------------------------

@dataclass
class Simulation:
    """One desk, a fixed service time, a flood of preferential tickets and normal ones spaced at least two
    services apart (once overdue, normal tickets get every other call); returns each normal ticket's wait in
    minutes."""

    policy: Policy
    service_min: float = 5.0
    seed: int = 0
    horizon_min: float = 8 * 60

    def arrivals(self) -> list[Candidate]:
        rng = random.Random(self.seed)
        found: list[Candidate] = []
        next_id, t = 1, 0.0
        while t < self.horizon_min:  # preferential flood: more than the desk can serve
            found.append(cand(next_id, True, t))
            next_id += 1
            t += rng.uniform(0.2, 0.5) * self.service_min
        t = rng.uniform(0, self.service_min)
        while t < self.horizon_min:
            found.append(cand(next_id, False, t))
            next_id += 1
            t += self.service_min * rng.uniform(2.0, 3.5)
        return sorted(found, key=lambda c: c.arrival_at)

    def normal_waits(self) -> list[float]:
        pending = self.arrivals()
        normals_left = sum(1 for c in pending if not c.preferential)
        waiting: list[Candidate] = []
        streak, now, waits = 0, T0, []
        while normals_left:
            while pending and pending[0].arrival_at <= now:
                waiting.append(pending.pop(0))
            if not waiting:
                now = pending[0].arrival_at
                continue
            chosen = choose(waiting, streak, now, self.policy)
            assert chosen is not None
            waiting.remove(chosen)
            streak = next_streak(streak, chosen)
            if not chosen.preferential:
                waits.append((now - chosen.arrival_at).total_seconds() / 60)
                normals_left -= 1
            now += timedelta(minutes=self.service_min)
        return waits


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("ratio,max_wait", [(1, 10), (2, 15), (3, 20), (5, 12)])
def test_normal_ticket_never_waits_past_max_wait_plus_two_services(seed: int, ratio: int, max_wait: int) -> None:
    """Under a preferential flood, no normal ticket waits longer than max_wait plus two services (the one under
    way, and one preferential call if a normal one went just before)."""
    sim = Simulation(Policy(ratio=ratio, max_wait=timedelta(minutes=max_wait)), seed=seed)
    waits = sim.normal_waits()
    assert len(waits) > 30
    assert max(waits) <= max_wait + 2 * sim.service_min


def test_without_the_guard_the_same_flood_starves_normal_tickets() -> None:
    """The simulation can fail: with the guard out of reach, normal waits grow far past the bound."""
    sim = Simulation(Policy(ratio=2, max_wait=timedelta(days=1)), seed=1)
    assert max(sim.normal_waits()) > 20 + 2 * sim.service_min


# --- the engine applies the settings -------------------------------------------------------------------------------

def store_settings(**values: object) -> None:
    """Arrange: what the admin screen would have saved."""
    for key, value in values.items():
        db.session.merge(Setting(key=key, value=value))
    db.session.commit()


def issue_stream(frozen: FrozenClock, counter: Counter, kinds: str) -> dict[int, str]:
    """Issue one ticket of the counter per letter (N normal, P preferential), a minute apart; id → name like N1."""
    names, counts = {}, {"N": 0, "P": 0}
    for kind in kinds:
        counts[kind] += 1
        ticket = counter.issue(preferential="adulto_mayor" if kind == "P" else None)
        names[ticket.id] = f"{kind}{counts[kind]}"
        frozen.advance(minutes=1)
    return names


def call_all(names: dict[int, str], frozen: FrozenClock, counter: Counter, count: int) -> list[str]:
    agent = actor_for("asesor1", "agent")
    order = []
    for _ in range(count):
        order.append(names[desks.call_next(counter.desk, actor=agent).id])
        frozen.advance(seconds=30)
        desks.finish(counter.desk, actor=agent)
    return order


def test_engine_uses_default_ratio_two(frozen, counter) -> None:
    """Without stored settings a desk calls two preferential tickets per normal one."""
    names = issue_stream(frozen, counter, "NNPPPP")
    assert call_all(names, frozen, counter, 6) == ["P1", "P2", "N1", "P3", "P4", "N2"]


def test_engine_reads_ratio_from_settings(frozen, counter) -> None:
    """A stored preferential_ratio of 1 alternates preferential and normal calls."""
    store_settings(preferential_ratio=1)
    names = issue_stream(frozen, counter, "NNPPP")
    assert call_all(names, frozen, counter, 5) == ["P1", "N1", "P2", "N2", "P3"]


def test_engine_ratio_zero_from_settings_is_arrival_order(frozen, counter) -> None:
    """A stored ratio of 0 makes the desk call in plain arrival order."""
    store_settings(preferential_ratio=0)
    names = issue_stream(frozen, counter, "NPNP")
    assert call_all(names, frozen, counter, 4) == ["N1", "P1", "N2", "P2"]


def test_engine_reads_max_wait_from_settings(frozen, counter) -> None:
    """A normal ticket older than the stored normal_max_wait_min breaks the streak after one preferential call
    (ratio 3 would have called three)."""
    store_settings(preferential_ratio=3, normal_max_wait_min=5)
    names = issue_stream(frozen, counter, "NPPP")
    frozen.advance(minutes=1)  # N1 has now waited 5 minutes
    assert call_all(names, frozen, counter, 3) == ["P1", "N1", "P2"]


def test_engine_streak_is_kept_per_desk(frozen, counter) -> None:
    """Each desk keeps its own preferential streak: another desk starts its own count."""
    names = issue_stream(frozen, counter, "NNPPPP")
    one, two = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    calls = []
    first, second = counter.desks
    for desk, agent in ((first, one), (first, one), (second, two)):
        calls.append(names[desks.call_next(desk, actor=agent).id])
        desks.finish(desk, actor=agent)
    assert calls == ["P1", "P2", "P3"]
    assert names[desks.call_next(first, actor=one).id] == "N1"
