"""The office's daily limits per queue (core/tickets/limits.py): a daily quota and a closing time with a «last
ticket» margin from the estimated service time. Past them the trámite is closed for today, with when it opens;
reception may still issue with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from core.actors import Actor
from core.errors import Forbidden
from core.extensions import db
from core.models import CatalogueNode, Desk, Setting, TicketEvent
from core.tickets import intake
from core.tickets.limits import DayClosed
from tests.builders import Counter, make_actor, make_device

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


def test_saturday_opens_when_the_office_works_saturdays(closing) -> None:
    db.session.merge(Setting(key="office_days", value="mon-sat"))
    db.session.commit()
    with pytest.raises(DayClosed) as refused:
        closing.issue(now=at(19, 0))
    assert refused.value.message.endswith("Vuelva el sábado 28 de noviembre a las 08:30.")


def test_no_limits_no_cutoff(app, counter) -> None:
    """A queue without limits issues at any hour, as before."""
    assert counter.issue(now=at(23, 59)).number == 1
