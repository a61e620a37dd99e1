"""The office's daily limits per queue (issue 11, after Berlin/Munich's ZMS): an optional daily quota, and a
closing time before which a new ticket must be served.

A ticket fits before closing when now + its estimated wait + one mean service ends no later than `closes_at`: that
is the «last ticket» margin, and it grows with the queue. The wait is the one its customer would be told
(positions.estimated_wait_for_new: a normal ticket's place in line, after the soonest busy desk frees up).
Past either limit the kiosk and reception are told that the trámite is closed for today and when it opens (the
next office day, America/La_Paz); reception may still issue with a reason (engine.issue_ticket's
`limit_override`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel.dates import format_date
from sqlalchemy import select

from core import clock, lookups, settings
from core.errors import DomainError
from core.extensions import db
from core.formatting import LOCALE
from core.models import DailyCounter, Queue
from core.tickets import positions, service_times

WEEKDAYS = {"mon-fri": range(0, 5), "mon-sat": range(0, 6), "all": range(0, 7)}


class DayClosed(DomainError):
    """The queue takes no more tickets today; `details` says why and when it opens."""

    code, status = "queue_closed_today", 409


@dataclass(frozen=True)
class Cutoff:
    reason: str  # "quota" | "closing"
    why: str  # Spanish, for the message


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=clock.tz())


def last_ticket_at(queue: Queue, now: datetime) -> datetime | None:
    """The latest moment a ticket issued now still fits before closing (None: the queue has no closing time)."""
    if queue.closes_at is None:
        return None
    margin = positions.estimated_wait_for_new(queue, now) + service_times.mean_service_minutes(queue, now)
    return _local(clock.business_day(now), queue.closes_at) - timedelta(minutes=margin)


def quota_cutoff(queue: Queue) -> Cutoff:
    """The quota's reason (the queue has one)."""
    quota = queue.daily_quota
    return Cutoff("quota", f"ya se entregaron las {quota} fichas del día" if quota != 1
                  else "ya se entregó la única ficha del día")


def closing_cutoff(queue: Queue, now: datetime) -> Cutoff | None:
    """The closing time's reason, when a ticket issued now would not be served before it; else None."""
    last = last_ticket_at(queue, now)
    if last is not None and now > last:
        closes = queue.closes_at.strftime("%H:%M") if queue.closes_at else ""
        return Cutoff("closing", f"la atención termina a las {closes} y ya no alcanza el tiempo para una ficha más")
    return None


def _quota_reached(queue: Queue, issued: int) -> bool:
    return queue.daily_quota is not None and issued >= queue.daily_quota


def cutoff(queue: Queue, now: datetime, issued_today: int) -> Cutoff | None:
    """Why `queue` takes no more tickets at `now`, having issued `issued_today` of them; None when it still does.
    The quota is said first."""
    return quota_cutoff(queue) if _quota_reached(queue, issued_today) else closing_cutoff(queue, now)


def refused(queue: Queue, now: datetime, closing: Cutoff | None) -> Cutoff:
    """Why an issue got no number, as `cutoff` says it: the quota when reached, else `closing`, the closing time
    found before the number was asked for (the counter refuses only at the quota)."""
    if _quota_reached(queue, issued_today(queue, now)):
        return quota_cutoff(queue)
    assert closing is not None
    return closing


def issued_today(queue: Queue, now: datetime) -> int:
    """The numbers the queue's counter has given today (tickets issued, and any skipped by a failed issue)."""
    return db.session.scalar(select(DailyCounter.last).where(
        DailyCounter.branch_id == queue.branch_id, DailyCounter.queue_id == queue.id,
        DailyCounter.day == clock.business_day(now))) or 0


def opens_next(queue: Queue, now: datetime) -> datetime | None:
    """The next office day after today, at the queue's opening time (None when it has none: the day is said)."""
    days = WEEKDAYS.get(str(settings.get("office_days")), WEEKDAYS["mon-fri"])
    day = clock.business_day(now) + timedelta(days=1)
    while day.weekday() not in days:
        day += timedelta(days=1)
    return _local(day, queue.opens_at or time(0, 0))


def closed_error(queue: Queue, label: str, found: Cutoff, now: datetime) -> DayClosed:
    opens = opens_next(queue, now)
    assert opens is not None
    day = format_date(opens.date(), "EEEE d 'de' MMMM", locale=LOCALE)
    when = f"el {day}" + (f" a las {queue.opens_at.strftime('%H:%M')}" if queue.opens_at else "")
    return DayClosed(f"El trámite «{label}» ya no recibe fichas hoy: {found.why}. Vuelva {when}.",
                     details={"reason": found.reason, "opens_at": clock.iso(opens), "opens_text": when})


def closed_today(transaction: str, now: datetime | None = None) -> DayClosed | None:
    """What issuing a ticket for `transaction` would answer now, if it is closed: the kiosk says so as soon as the
    customer picks it, instead of after the requirements and the account check (issuing checks again)."""
    now = now or clock.now()
    node = lookups.transaction(transaction)
    queue = node.queue
    found = cutoff(queue, now, issued_today(queue, now))
    return closed_error(queue, node.label, found, now) if found is not None else None
