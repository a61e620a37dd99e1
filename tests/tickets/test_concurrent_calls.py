"""Desks calling at the same moment, on SQLite (WAL, BEGIN IMMEDIATE) and PostgreSQL (row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.actors import SYSTEM, Actor
from core.errors import DeskBusy
from core.extensions import db
from core.models import Ticket
from core.tickets import desks, engine
from tests.helpers import actor_for

pytestmark = pytest.mark.postgres

ROUNDS = 100


def at_once(app: Flask, *jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs in threads released by one barrier; each result is a value or the exception raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[i] = job()
            except Exception as error:  # noqa: BLE001 - the test inspects it
                results[i] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def call(desk: str, actor: Actor) -> Callable[[], int]:
    return lambda: desks.call_next(desk, actor=actor).id


def test_two_desks_calling_next_at_once_never_get_the_same_ticket(app, db_backend, office) -> None:
    """100 times, two desks of one queue press *Llamar siguiente* together: always two different tickets."""
    one, two = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    desk_one, desk_two = office.plat.desks
    for _ in range(2 * ROUNDS):
        engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    db.session.remove()
    called: list[int] = []
    for _ in range(ROUNDS):
        first, second = at_once(app, call(desk_one, one), call(desk_two, two))
        assert isinstance(first, int) and isinstance(second, int), (first, second)
        assert first != second
        called += [first, second]
        at_once(app, lambda: desks.finish(desk_one, actor=one), lambda: desks.finish(desk_two, actor=two))
    assert len(set(called)) == 2 * ROUNDS
    assert db.session.scalar(select(func.count(Ticket.id)).where(Ticket.status == "done")) == 2 * ROUNDS


def test_double_click_on_one_desk_calls_once(app, db_backend, office) -> None:
    """Two *Llamar siguiente* from the same desk at once: one ticket is called, the other click is refused."""
    agent = actor_for("asesor1", "agent")
    for _ in range(2):
        engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    db.session.remove()
    results = at_once(app, call(office.plat.desk, agent), call(office.plat.desk, agent))
    assert sorted(type(r).__name__ for r in results) == sorted(["int", DeskBusy.__name__])
    assert db.session.scalar(select(func.count(Ticket.id)).where(Ticket.status == "called")) == 1
