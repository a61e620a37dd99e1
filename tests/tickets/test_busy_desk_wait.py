"""The estimated wait counts the customer a desk is attending now (audit of session 23: the first in line was told
«en breve» while the only open desk had just called someone whose service takes 10 minutes)."""

from __future__ import annotations

import pytest

from bench.common import kiosk_issue
from core.tickets import desks
from tests.builders import make_counter
from tests.helpers import actor_for, bearer, device_token

pytestmark = pytest.mark.postgres


def status(client, ticket) -> tuple[int, int, str]:
    """(people ahead, minutes, the sentence) as the customer's status page reads them."""
    data = client.get(f"/t/{ticket.token}/estado").get_json()
    return data["people_ahead"], data["estimated_wait_min"], data["wait_text"]


def test_the_first_in_line_waits_for_the_only_desk_to_finish(client, frozen, agent) -> None:
    """One desk (services of 10 min) has just called the first customer: the next one waits about 10 minutes,
    the one with 2 ahead 30; four minutes later 6 and 26; a service running over still says a minute, not
    «en breve»."""
    counter = make_counter(service_minutes=10)
    tickets = [counter.issue() for _ in range(4)]
    desks.call_next(counter.desk, actor=agent)
    assert status(client, tickets[1]) == (0, 10, "10 min aprox.")
    assert status(client, tickets[3]) == (2, 30, "30 min aprox.")
    frozen.advance(minutes=1)
    desks.start(counter.desk, actor=agent)  # the service counts from its start
    frozen.advance(minutes=4)
    assert status(client, tickets[1]) == (0, 6, "6 min aprox.")
    assert status(client, tickets[3]) == (2, 26, "26 min aprox.")
    frozen.advance(minutes=20)
    assert status(client, tickets[1]) == (0, 1, "1 min aprox.")


def test_with_every_desk_attending_the_first_in_line_waits_for_the_sooner(client, frozen, agent) -> None:
    """Two desks (services of 10 min) both attending, one for 6 minutes already: the first in line waits about 4
    minutes, the second 4 + half a service; once a desk has finished and stands free, the first in line is next."""
    counter = make_counter(desks=2, service_minutes=10)
    tickets = [counter.issue() for _ in range(4)]
    desks.call_next(counter.desk, actor=agent)
    frozen.advance(minutes=6)
    desks.call_next(counter.desks[1], actor=actor_for("asesor2", "agent"))
    assert status(client, tickets[2]) == (0, 4, "4 min aprox.")
    assert status(client, tickets[3]) == (1, 9, "9 min aprox.")
    desks.finish(counter.desk, actor=agent)
    assert status(client, tickets[2]) == (0, 0, "en breve")
    assert status(client, tickets[3]) == (1, 5, "5 min aprox.")


def test_the_kiosk_ticket_answer_counts_the_busy_desk(client, frozen, agent) -> None:
    """The answer to a kiosk's issue (its screen and printed ticket), whose estimate rides on the waiting counts'
    statement: with the only desk attending, the new first in line waits about 10 minutes, not «en breve»."""
    counter = make_counter(service_minutes=10)
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    kiosk = bearer(device_token("kiosk", "kiosco-espera"))
    answer = client.post("/api/v1/tickets", json=kiosk_issue(counter.tx), headers=kiosk)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    ticket = answer.get_json()["ticket"]
    assert (ticket["people_ahead"], ticket["estimated_wait_min"], ticket["wait_text"]) == (0, 10, "10 min aprox.")
