"""kill -9 of one of two instances during a burst of issuing on both (issue 13, item 4).

Kiosks issue through both instances; a kiosk whose instance dies sends the same request (same idempotency key)
to the other, as nginx does with a dead upstream. A desk calls through the surviving instance, where a panel
watches. After the killed instance is started again: every ticket a kiosk got a 201 for exists, once; no
number is given twice; and the panel showed every call.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import Ticket
from tests.builders import make_counter
from tests.faults import servers
from tests.faults.clients import Running
from tests.faults.panel import Panel, issue, server_seq
from tests.helpers import bearer, device_token, token_for
from tests.services import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

KIOSKS = 4  # half on each instance
PACE = 0.2  # seconds between one kiosk's tickets (300 a minute, within the API's 600 per device)
WAIT = 30  # seconds: a guard against hanging, not an assertion


class Burst(Running):
    """Kiosks issuing through their instance, failing over to the other when theirs does not answer; and one
    desk calling and finishing through the surviving instance."""

    def __init__(self, killed: servers.Instance, surviving: servers.Instance, kiosks: list[str], tx: str,
                 desk: str, agent: str) -> None:
        self.killed, self.surviving = killed, surviving
        self.kiosks, self.tx, self.desk, self.agent = kiosks, tx, desk, agent
        self.created: list[tuple[str, str, int, str]] = []  # (key, instance, ticket id, number) per 201
        self.failures: list[str] = []  # anything but a 201, a refused connection or the other instance's answer
        self.called: list[str] = []
        super().__init__([*(threading.Thread(target=self._kiosk, args=(n,)) for n in range(KIOSKS)),
                          threading.Thread(target=self._desk)])

    def _kiosk(self, n: int) -> None:
        count = 0
        while not self.done.is_set():
            count += 1
            key = f"kiosco-{n}-{count:05d}"
            order = [self.killed, self.surviving] if n % 2 == 0 else [self.surviving]
            for instance in order:
                try:
                    answer = issue(instance.base, self.kiosks[n], self.tx, key)
                except requests.ConnectionError:
                    continue  # that instance is dead: the same request to the other one
                if answer.status_code == 201:
                    ticket = answer.json()["ticket"]
                    self.created.append((key, instance.base, ticket["id"], ticket["number"]))
                else:
                    self.failures.append(f"{key}: {answer.status_code} {answer.text}")
                break
            self.done.wait(PACE)

    def _desk(self) -> None:
        base = self.surviving.base
        while not self.done.is_set():
            called = requests.post(f"{base}/api/v1/desks/{self.desk}/call-next", headers=bearer(self.agent),
                                   timeout=WAIT)
            if called.status_code == 200:
                self.called.append(called.json()["ticket"]["number"])
                finished = requests.post(f"{base}/api/v1/desks/{self.desk}/finish", headers=bearer(self.agent),
                                         json={}, timeout=WAIT)
                if finished.status_code != 200:
                    self.failures.append(f"finish: {finished.status_code} {finished.text}")
            elif called.json()["error"]["code"] != "nothing_waiting":
                self.failures.append(f"call: {called.status_code} {called.text}")
            self.done.wait(PACE)

    def through(self, base: str) -> int:
        return sum(1 for _key, used, _id, _number in self.created if used == base)



def test_kill_9_of_one_instance_during_a_burst(pg_setup: Flask, fault_pg: servers.Postgres, fault_redis: servers.Redis,
                                               tmp_path: Path) -> None:
    counter = make_counter()
    tx, desk, area, queue_id = counter.tx, counter.desk, counter.area.code, counter.queue.id
    kiosks = [device_token("kiosk", f"kiosco-{n}") for n in range(KIOSKS)]
    agent, panel_token = token_for("asesor-burst", "agent"), device_token("panel", area=area)
    db.session.commit()
    db.session.remove()
    panel = None
    try:
        with servers.instances(fault_pg.url, fault_redis.url, tmp_path, 2) as (killed, surviving):
            panel = Panel(surviving.base, panel_token)
            with Burst(killed, surviving, kiosks, tx, desk, agent) as burst:
                first_base = killed.base
                wait_until(lambda: burst.through(first_base) >= 10 and len(burst.called) >= 3, WAIT,
                           "tickets issued through the first instance and calls made")
                killed.kill()
                after_kill = len(burst.created)
                wait_until(lambda: len(burst.created) >= after_kill + 15, WAIT, "tickets issued after the kill")
                killed.start()  # on a new port: its kiosks turn to it again
                wait_until(lambda: burst.through(killed.base) >= 5, WAIT, "tickets through the restarted instance")
            called = list(burst.called)
            wait_until(lambda: panel.has_shown(called), WAIT, "every call on the panel")
            panel.wait_at(server_seq(surviving.base, area, panel_token))
    finally:
        if panel is not None:
            panel.close()

    assert burst.failures == []
    db.session.remove()
    stored = {t.id: t.label for t in db.session.scalars(select(Ticket).where(Ticket.queue_id == queue_id))}
    for _key, _base, ticket_id, number in burst.created:
        assert stored.get(ticket_id) == number  # every ticket a kiosk was given exists, with that number
    numbers = db.session.scalars(select(Ticket.number).where(Ticket.queue_id == queue_id)).all()
    assert len(numbers) == len(set(numbers))  # no number given twice
    keys = db.session.execute(select(Ticket.idempotency_key, func.count()).where(Ticket.queue_id == queue_id)
                              .group_by(Ticket.idempotency_key).having(func.count() > 1)).all()
    assert keys == []  # a request sent again to the other instance did not make a second ticket
    assert len({key for key, *_rest in burst.created}) == len({ticket_id for _k, _b, ticket_id, _n in burst.created})
