"""People ahead and the estimated wait (core/positions.py), from the live queue and today's service times."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import clock
from core.actors import SYSTEM
from core.extensions import db
from core.models import Ticket
from core.tickets import desk_shifts, desks, engine, positions, service_times, waiting_counts
from core.tx import unit_of_work
from tests.builders import make_ticket
from tests.helpers import FrozenClock, actor_for

pytestmark = pytest.mark.postgres

PLAT_DEFAULT_MIN = 10  # the default service time of the office's queues (tests.builders.make_office)


def issue(tx: str, **kwargs: object) -> int:
    """Issue a ticket and return its id (objects go stale once `fresh` starts a new session)."""
    return make_ticket(tx, **kwargs).id


def fresh(ticket_id: int) -> Ticket:
    """The ticket as a new request would read it."""
    db.session.remove()
    found = db.session.get(Ticket, ticket_id)
    assert found is not None
    return found


def serve(agent, frozen: FrozenClock, minutes: float, desk: str) -> Ticket:
    """Call the next ticket at `desk`, serve it for `minutes`, finish it."""
    desks.call_next(desk, actor=agent)
    desks.start(desk, actor=agent)
    frozen.advance(minutes=minutes)
    return desks.finish(desk, actor=agent)


def test_people_ahead_counts_earlier_waiting_tickets_of_the_same_queue(frozen, office) -> None:
    """Only earlier tickets still waiting in the same queue are ahead; another queue does not count."""
    first, second = issue(office.plat.tx), issue(office.plat.tx)
    issue(office.boc.tx)
    third = issue(office.plat.tx)
    assert [positions.people_ahead(fresh(t)) for t in (first, second, third)] == [0, 1, 2]


def test_people_ahead_drops_when_someone_is_called(frozen, agent, office) -> None:
    """A called ticket is no longer ahead of anyone."""
    issue(office.plat.tx), issue(office.plat.tx)
    last = issue(office.plat.tx)
    desks.call_next(office.plat.desk, actor=agent)
    assert positions.people_ahead(fresh(last)) == 1


def test_ticket_not_waiting_has_nobody_ahead_and_no_wait(frozen, agent, office) -> None:
    """A called ticket shows 0 people ahead and 0 minutes."""
    issue(office.plat.tx)
    called = desks.call_next(office.plat.desk, actor=agent).id
    assert positions.people_ahead(fresh(called)) == 0
    assert positions.estimated_wait_minutes(fresh(called)) == 0


def test_estimate_without_services_today_uses_the_queue_default(frozen, office) -> None:
    """With no service finished today, each person ahead counts the queue's default minutes."""
    issue(office.plat.tx), issue(office.plat.tx)
    third = issue(office.plat.tx)
    assert positions.estimated_wait_minutes(fresh(third)) == 2 * PLAT_DEFAULT_MIN


def test_estimate_divides_by_open_desks_of_the_queue(frozen, office) -> None:
    """Two open desks serving the queue halve the estimate; desks of other queues do not count."""
    for _ in range(4):
        issue(office.plat.tx)
    fifth = issue(office.plat.tx)
    desk_shifts.sign_in(office.plat.desk, actor=actor_for("asesor1", "agent"))
    desk_shifts.sign_in(office.plat.desks[1], actor=actor_for("asesor2", "agent"))
    desk_shifts.sign_in(office.boc.desk, actor=actor_for("boc", "agent"))
    assert positions.estimated_wait_minutes(fresh(fifth)) == 4 * PLAT_DEFAULT_MIN // 2


def test_estimate_uses_recent_service_times(frozen, agent, office) -> None:
    """After services of 4 and 6 minutes today (a mean of 5), the queue's default of 10 still weighs 2.7 services
    of the twenty: (4 + 6 + 2.7 × 10) / 4.7 = 7.87 minutes a person; 3 ahead at one open desk wait 24."""
    issue(office.plat.tx), issue(office.plat.tx)
    waiting = [issue(office.plat.tx) for _ in range(4)]
    serve(agent, frozen, 4, office.plat.desk)
    serve(agent, frozen, 6, office.plat.desk)
    assert service_times.mean_service_minutes(fresh(waiting[0]).queue) == pytest.approx(7.8723, abs=1e-3)
    assert positions.estimated_wait_minutes(fresh(waiting[-1])) == 24


def test_the_first_service_of_the_day_does_not_set_the_estimate_alone(frozen, agent, office) -> None:
    """A two-minute question first thing in the morning, in a queue whose services take ten: the 30 people behind
    it are told about 4 hours (7.9 minutes each), not the 1 hour that two minutes each would say."""
    issue(office.plat.tx)
    waiting = [issue(office.plat.tx) for _ in range(31)]
    serve(agent, frozen, 2, office.plat.desk)
    assert service_times.mean_service_minutes(fresh(waiting[-1]).queue) == pytest.approx(7.922, abs=1e-3)
    assert positions.estimated_wait_minutes(fresh(waiting[-1])) == 238


def test_estimate_rounds_up_to_whole_minutes(frozen, agent, office) -> None:
    """A 2.5-minute service blended with the default (8.05 minutes a person) and one person ahead shows 9
    minutes, never fewer than the truth."""
    issue(office.plat.tx)
    second, third = issue(office.plat.tx), issue(office.plat.tx)
    serve(agent, frozen, 2.5, office.plat.desk)
    assert positions.people_ahead(fresh(third)) == 1
    assert positions.estimated_wait_minutes(fresh(third)) == 9
    assert positions.estimated_wait_minutes(fresh(second)) == 0


def test_very_short_services_count_at_least_one_minute(frozen, agent, office) -> None:
    """Twenty services of half a minute (the default no longer weighs) still count one minute each, so the
    estimate is never 0 with people ahead."""
    for _ in range(service_times.RECENT_SERVICES + 1):
        issue(office.plat.tx)
    for _ in range(service_times.RECENT_SERVICES):
        serve(agent, frozen, 0.5, office.plat.desk)
    last = issue(office.plat.tx)
    assert positions.people_ahead(fresh(last)) == 1
    assert service_times.mean_service_minutes(fresh(last).queue) == 1.0
    assert positions.estimated_wait_minutes(fresh(last)) == 1


def test_a_service_of_a_few_seconds_is_a_click_and_does_not_move_the_estimate(frozen, agent, office) -> None:
    """«Iniciar» then «Finalizar» a second apart (a mis-click, or «Iniciar» pressed as the customer left) is not a
    service: the estimate of the 20 behind stays the queue's typical time. It cut them by a quarter."""
    waiting = [issue(office.plat.tx) for _ in range(21)]
    before = positions.estimated_wait_minutes(fresh(waiting[-1]))
    serve(agent, frozen, 1 / 60, office.plat.desk)
    queue = fresh(waiting[-1]).queue
    assert service_times.mean_service_minutes(queue) == float(queue.default_service_minutes)
    assert positions.estimated_wait_minutes(fresh(waiting[-1])) <= before


def test_only_the_last_twenty_services_count(frozen, agent, office) -> None:
    """An early 60-minute service drops out of the mean after twenty newer ones."""
    for _ in range(service_times.RECENT_SERVICES + 1):
        issue(office.plat.tx)
    serve(agent, frozen, 60, office.plat.desk)
    for _ in range(service_times.RECENT_SERVICES):
        serve(agent, frozen, 2, office.plat.desk)
    probe = issue(office.plat.tx)
    assert service_times.mean_service_minutes(fresh(probe).queue) == pytest.approx(2.0)


def test_services_of_another_day_do_not_count(frozen, agent, office) -> None:
    """Yesterday's slow services do not inflate today's estimate."""
    issue(office.plat.tx)
    serve(agent, frozen, 45, office.plat.desk)
    frozen.advance(days=1)
    issue(office.plat.tx)
    today = issue(office.plat.tx)
    assert positions.estimated_wait_minutes(fresh(today)) == PLAT_DEFAULT_MIN


def test_transfer_keeping_arrival_keeps_the_place(frozen, office) -> None:
    """A ticket transferred with its arrival time goes ahead of tickets that arrived after it."""
    moved = issue(office.plat.tx)
    frozen.advance(minutes=2)
    boc = [issue(office.boc.tx), issue(office.boc.tx)]
    engine.transfer(moved, actor=SYSTEM, queue=office.boc.queue.code)
    assert positions.people_ahead(fresh(moved)) == 0
    assert [positions.people_ahead(fresh(t)) for t in boc] == [1, 2]


def test_transfer_without_keeping_arrival_goes_to_the_end(frozen, office) -> None:
    """A ticket transferred as a new arrival waits behind everyone already in the target queue."""
    moved = issue(office.plat.tx)
    frozen.advance(minutes=2)
    boc = [issue(office.boc.tx), issue(office.boc.tx)]
    frozen.advance(minutes=1)
    engine.transfer(moved, actor=SYSTEM, queue=office.boc.queue.code, keep_arrival=False)
    assert positions.people_ahead(fresh(moved)) == 2
    assert positions.people_ahead(fresh(boc[0])) == 0


def test_ticket_reserved_for_a_desk_is_not_ahead_of_the_general_queue(frozen, office) -> None:
    """A ticket transferred to one desk only is not counted ahead of tickets any desk of the queue may call."""
    reserved = issue(office.boc.tx)
    frozen.advance(minutes=1)
    general = issue(office.boc.tx)
    engine.transfer(reserved, actor=SYSTEM, desk=office.boc.desks[1])
    assert positions.people_ahead(fresh(general)) == 0
    later_reserved = issue(office.boc.tx)
    engine.transfer(later_reserved, actor=SYSTEM, desk=office.boc.desks[1])
    assert positions.people_ahead(fresh(later_reserved)) == 2


def test_waiting_by_queue_counts_and_longest_wait(frozen, office) -> None:
    """Per queue: how many wait and since when the oldest waits."""
    start = frozen.value
    issue(office.plat.tx)
    frozen.advance(minutes=3)
    issue(office.plat.tx), issue(office.boc.tx)
    counts = waiting_counts.waiting_by_queue()
    plat = fresh(issue(office.plat.tx)).queue_id
    assert counts[plat] == (2, start)
    assert sorted(count for count, _ in counts.values()) == [1, 2]
    assert start + timedelta(minutes=3) in {earliest for _, earliest in counts.values()}


def test_recent_services_are_kept_per_process(frozen, agent, office) -> None:
    """Each process keeps its queues' recent services (issue 13: a statement less per issue and per status page
    refresh). Its own finish counts at once, without reading them again; one made by another instance (written to
    the database directly here, as that instance would) counts once SERVICES_KEPT has passed."""
    from bench.sql_count import statements

    _, second, probe = issue(office.plat.tx), issue(office.plat.tx), issue(office.plat.tx)
    desks.call_next(office.plat.desk, actor=agent)
    desks.start(office.plat.desk, actor=agent)
    frozen.advance(minutes=4)
    assert service_times.mean_service_minutes(fresh(probe).queue) == PLAT_DEFAULT_MIN  # none yet: read and kept
    desks.finish(office.plat.desk, actor=agent)  # a 4-minute service, here
    queue = fresh(probe).queue
    with statements(db.engine) as seen:
        assert service_times.mean_service_minutes(queue) == pytest.approx(8.4416, abs=1e-3)  # 4 min, with the default
    assert not [s for s in seen if "finished_at" in s], seen
    with unit_of_work():  # another instance finishes the second ticket after 8 minutes
        other = db.session.get(Ticket, second)
        other.status, other.started_at, other.finished_at = "done", clock.now() - timedelta(minutes=8), clock.now()
    assert service_times.mean_service_minutes(fresh(probe).queue) == pytest.approx(8.4416, abs=1e-3)
    frozen.advance(seconds=service_times.SERVICES_KEPT.total_seconds())
    assert service_times.mean_service_minutes(fresh(probe).queue) == pytest.approx(8.2979, abs=1e-3)  # 4 and 8 min
