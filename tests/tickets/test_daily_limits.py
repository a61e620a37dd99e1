"""The office's daily limits per queue (core/tickets/limits.py): a daily quota and a closing time with a «last
ticket» margin from the estimated service time. Past them the trámite is closed for today, with when it opens;
reception may still issue with a reason."""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta

import pytest

from core.actors import Actor
from core.errors import Forbidden
from core.extensions import db
from core.models import CatalogueNode, Desk, Setting, TicketEvent
from core.tickets import desks, intake, limits, positions
from core.tickets.limits import DayClosed
from tests.builders import Counter, make_actor, make_counter, make_device
from tests.helpers import actor_for

pytestmark = pytest.mark.postgres  # a Time column and the quota under the counter's row lock: both dialects

# Friday 27 November 2026, 10:00 in La Paz (UTC-4).
FRIDAY_10 = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
CLOSES = time(18, 0)


def limit(counter: Counter, **values: object) -> None:
    for key, value in values.items():
        setattr(counter.queue, key, value)
    db.session.commit()


def kiosk() -> Actor:
    return Actor.of_device(make_device("kiosk")[0])


# --- the quota ----------------------------------------------------------------------------------------------------

def test_the_quotas_last_ticket_is_issued(app, counter) -> None:
    """Quota 3: the third ticket of the day is still issued."""
    limit(counter, daily_quota=3)
    numbers = [counter.issue(now=FRIDAY_10).number for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_the_first_ticket_past_the_quota_is_refused(app, counter) -> None:
    """The fourth: closed for today, with why and when it opens (Monday, the next office day, at 08:00)."""
    limit(counter, daily_quota=3, opens_at=time(8, 0))
    for _ in range(3):
        counter.issue(now=FRIDAY_10)
    with pytest.raises(DayClosed) as refused:
        counter.issue(now=FRIDAY_10)
    assert "ya no recibe fichas hoy: ya se entregaron las 3 fichas del día" in refused.value.message
    assert refused.value.message.endswith("Vuelva el lunes 30 de noviembre a las 08:00.")
    assert refused.value.status == 409
    assert refused.value.details["opens_at"] == "2026-11-30T08:00:00-04:00"


@pytest.mark.postgres
def test_a_resend_of_the_quotas_last_ticket_gets_that_ticket(app, counter) -> None:
    """The kiosk's answer for the day's last ticket was lost and it sends again, with the same idempotency key: the
    queue is closed now, by that very ticket, but the customer gets their ticket, not «ya no recibe fichas hoy». A
    withdrawn trámite does not refuse the resend either. Another key is refused."""
    from core.tickets import engine

    limit(counter, daily_quota=1)
    device = kiosk()
    first = engine.issue_ticket(counter.tx, actor=device, idempotency_key="k-last-0001", now=FRIDAY_10)
    again = engine.issue_ticket(counter.tx, actor=device, idempotency_key="k-last-0001", now=FRIDAY_10)
    assert (again.id, again.number) == (first.id, 1)
    node = db.session.scalar(db.select(CatalogueNode).where(CatalogueNode.code == counter.tx))
    node.active = False
    db.session.commit()
    assert engine.issue_ticket(counter.tx, actor=device, idempotency_key="k-last-0001", now=FRIDAY_10).id == first.id
    node.active = True
    db.session.commit()
    with pytest.raises(DayClosed):
        engine.issue_ticket(counter.tx, actor=device, idempotency_key="k-last-0002", now=FRIDAY_10)


def test_reception_overrides_the_quota_with_a_reason(app, counter) -> None:
    """Reception issues anyway; the number is the next one (the refusal took none) and the reason is audited."""
    limit(counter, daily_quota=1)
    counter.issue(now=FRIDAY_10)
    with pytest.raises(DayClosed):
        intake.request_ticket(counter.tx, actor=kiosk(), now=FRIDAY_10)
    ticket = intake.request_ticket(counter.tx, actor=make_actor("recepcion1", "reception"),
                                   override_reason="Cliente citado por el jefe de agencia", now=FRIDAY_10)
    assert ticket.number == 2
    note = db.session.scalar(db.select(TicketEvent.note).where(TicketEvent.ticket_id == ticket.id))
    assert "cerrado por hoy" in note and "Cliente citado por el jefe de agencia" in note


def test_a_kiosk_cannot_override(app, counter) -> None:
    limit(counter, daily_quota=1)
    counter.issue(now=FRIDAY_10)
    with pytest.raises(Forbidden):
        intake.request_ticket(counter.tx, actor=kiosk(), override_reason="quiero pasar", now=FRIDAY_10)


# --- the closing time ---------------------------------------------------------------------------------------------

@pytest.fixture
def closing(app, counter) -> Counter:
    """Closes at 18:00; a service takes 10 min (the queue's default); two customers wait since the morning, so a
    new ticket needs 2 × 10 min of wait + 10 min of service: the last one fits at 17:30."""
    limit(counter, closes_at=CLOSES, opens_at=time(8, 30), default_service_minutes=10)
    for _ in range(2):
        counter.issue(now=FRIDAY_10)
    return counter


def at(hour: int, minute: int, second: int = 0) -> datetime:
    """That La Paz time on Friday 27 November (UTC-4)."""
    return datetime(2026, 11, 27, hour, minute, second, tzinfo=UTC) + timedelta(hours=4)


def test_the_last_ticket_before_closing_is_issued(closing) -> None:
    """At 17:30:00 the new ticket ends its service at 18:00: issued."""
    assert closing.issue(now=at(17, 30)).number == 3


def test_the_first_ticket_that_cannot_be_served_before_closing_is_refused(closing) -> None:
    """At 17:30:01 it would end after 18:00: closed, opening Monday at 08:30."""
    with pytest.raises(DayClosed) as refused:
        closing.issue(now=at(17, 30, 1))
    assert "la atención termina a las 18:00" in refused.value.message
    assert refused.value.message.endswith("Vuelva el lunes 30 de noviembre a las 08:30.")


def test_the_margin_grows_with_the_queue(closing) -> None:
    """With a third customer waiting, 17:30 no longer fits, 17:20 does."""
    closing.issue(now=at(17, 0))
    assert closing.issue(now=at(17, 20)).number == 4
    with pytest.raises(DayClosed):
        closing.issue(now=at(17, 20, 1))


def test_open_desks_share_the_wait(closing) -> None:
    """Two desks open: the wait is shared (2 × 10 min / 2 = 10 min), so the last ticket fits at 17:40."""
    assert len(closing.desks) == 2  # the `counter` fixture's
    for desk in db.session.scalars(db.select(Desk).where(Desk.code.in_(closing.desks))):
        desk.state = "open"
    db.session.commit()
    with pytest.raises(DayClosed):
        closing.issue(now=at(17, 40, 1))
    assert closing.issue(now=at(17, 40)).number == 3


def attending_since(counter: Counter, agent: Actor, called: datetime) -> Counter:
    """Closes at 18:00, services of 10 min; one desk open, which called the queue's only waiting customer at
    `called`: nobody waits, but that desk frees up about 10 minutes later."""
    limit(counter, closes_at=CLOSES, default_service_minutes=10)
    counter.issue(now=FRIDAY_10)
    desks.call_next(counter.desk, actor=agent, now=called)
    return counter


def test_a_desk_attending_someone_counts_until_it_frees_up(app, counter, agent) -> None:
    """At 17:45 nobody waits, but the only open desk attends a customer: a new ticket is called when that service
    ends, and its own must end by 18:00. Called at 17:40, 17:50 + 10 min fits: issued, its customer told 5 min;
    called at 17:40:30, it does not: closed. The limit used to count the busy desk as free, and took tickets until
    17:50 whose customers were told they would be served after closing."""
    on_time = attending_since(make_counter(), actor_for("asesor2", "agent"), at(17, 40))
    late = attending_since(counter, agent, at(17, 40, 30))
    assert limits.closed_today(on_time.tx, now=at(17, 45)) is None
    assert positions.wait(on_time.issue(now=at(17, 45)), now=at(17, 45)).minutes == 5
    closed = limits.closed_today(late.tx, now=at(17, 45))
    assert closed is not None and "la atención termina a las 18:00" in closed.message
    with pytest.raises(DayClosed):
        late.issue(now=at(17, 45))


def test_the_limit_estimates_the_wait_its_customer_is_told(app, counter, agent) -> None:
    """The closing time's estimate for a ticket issued now is the wait its customer is then told (rounded up to
    the minute): with the only desk busy and nobody waiting, with others waiting, with a second desk open."""
    attending_since(counter, agent, at(17, 40))
    limit(counter, closes_at=None)  # the limit aside: tickets issued at any time, to compare the two estimates
    second = actor_for("asesor2", "agent")
    for n, now in enumerate([at(17, 43, 20), at(17, 44), at(17, 46)]):
        if n == 2:  # a second desk opens: it calls the first waiting customer and finishes with them at once
            desks.call_next(counter.desks[1], actor=second, now=now)
            desks.finish(counter.desks[1], actor=second, now=now)
        estimate = positions.estimated_wait_for_new(counter.queue, now)
        ticket = counter.issue(now=now)
        assert positions.wait(ticket, now=now).minutes == math.ceil(estimate) > 0, now


def test_saturday_opens_when_the_office_works_saturdays(closing) -> None:
    db.session.merge(Setting(key="office_days", value="mon-sat"))
    db.session.commit()
    with pytest.raises(DayClosed) as refused:
        closing.issue(now=at(19, 0))
    assert refused.value.message.endswith("Vuelva el sábado 28 de noviembre a las 08:30.")


def test_no_limits_no_cutoff(app, counter) -> None:
    """A queue without limits issues at any hour, as before."""
    assert counter.issue(now=at(23, 59)).number == 1
