"""How long a queue's services take: its recent services today, blended with its default («Atención típica»),
kept per process for a while (every issue and every status page's refresh estimates a wait from them)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, select

from core import clock, tx
from core.models import Queue, Ticket

RECENT_SERVICES = 20


_RECENT_SERVICES = (
    select(Ticket.started_at, Ticket.finished_at)
    .where(Ticket.queue_id == bindparam("queue"), Ticket.day == bindparam("day"), Ticket.status == "done",
           Ticket.started_at.is_not(None), Ticket.finished_at.is_not(None))
    .order_by(Ticket.finished_at.desc()).limit(RECENT_SERVICES)
)


# Every issue and every status page's refresh estimates a wait from its queue's recent services, which change only
# when one of the queue's tickets is finished: each process keeps them for SERVICES_KEPT, and a finish in this
# process adds its own at once (`add_service`). Another instance's finish shows within that time, well inside the
# estimate's own rounding. The queue's default is not kept: an edited default counts at once (issue 13).
SERVICES_KEPT = timedelta(seconds=30)


def _kept_services() -> dict[tuple[int, date], tuple[datetime, tuple[float, ...]]]:
    return current_app.extensions.setdefault("turnero.recent_services", {})  # per app: tests make many


def _recent_services(queue_id: int, day: date, now: datetime) -> tuple[float, ...]:
    """Seconds of the queue's last services finished on `day`, newest first."""
    kept = _kept_services()
    hit = kept.get((queue_id, day))
    if hit is not None and timedelta(0) <= now - hit[0] < SERVICES_KEPT:
        return hit[1]
    rows = tx.run(_RECENT_SERVICES, {"queue": queue_id, "day": day}).all()
    services = tuple((end - start).total_seconds() for start, end in rows)
    if len(kept) > 500:  # past days' entries
        kept.clear()
    kept[(queue_id, day)] = (now, services)
    return services


def add_service(queue_id: int, day: date, started: datetime, finished: datetime) -> None:
    """After the commit that finished a ticket: its service becomes its queue's newest, where this process keeps
    them (the read time stays: another instance's finishes still show within SERVICES_KEPT)."""
    kept = _kept_services()
    if (queue_id, day) in kept:
        read_at, services = kept[(queue_id, day)]
        kept[(queue_id, day)] = (read_at, ((finished - started).total_seconds(), *services)[:RECENT_SERVICES])


# How many services the queue's default («Atención típica») weighs as, before any of the day's: its weight shrinks
# to nothing as the day's services reach RECENT_SERVICES. The morning's first service alone (a two-minute question
# in a queue whose services take ten) no longer sets every waiting customer's estimate to a fifth of the truth.
DEFAULT_WEIGHT = 3.0
# A service recorded shorter than this is a click, not a service («Iniciar» pressed as the customer left, or by
# mistake next to «Finalizar»): nobody is attended in 20 s. It tells nothing of how long the next customers take,
# and one of them in the morning cut every estimate of the queue by a quarter. The statistics still count it.
MIN_SERVICE_S = 20.0


def mean_service_minutes(queue: Queue, now: datetime | None = None) -> float:
    """Minutes per service: the queue's last services finished today (but clicks shorter than MIN_SERVICE_S),
    blended with its default while they are few (DEFAULT_WEIGHT); the default alone when there are none. Never
    under a minute."""
    return typical_minutes(queue.id, queue.default_service_minutes, now)


def typical_minutes(queue_id: int, default_minutes: float, now: datetime | None = None) -> float:
    """mean_service_minutes of a queue known by its id and default (a desk's current customer's queue, read as
    columns of the estimate's statement rather than loaded)."""
    now = now or clock.now()
    services = [s for s in _recent_services(queue_id, clock.business_day(now), now) if s >= MIN_SERVICE_S]
    default = float(default_minutes)
    if not services:
        return default
    weight = DEFAULT_WEIGHT * max(0.0, 1 - len(services) / RECENT_SERVICES)
    return max((sum(services) / 60.0 + weight * default) / (len(services) + weight), 1.0)
