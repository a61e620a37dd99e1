"""Who may transfer a ticket: its holder, an agent of the queue or desk it waits for, and supervisors.

Before this rule any agent could transfer any ticket, including one another agent was serving, which
emptied that agent's desk. The rule lives in core (engine.transfer), so the API, the desk console (the same
API with its session cookie) and any socket path refuse alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from core.actors import SYSTEM
from core.tickets import engine
from tests.builders import Office
from tests.helpers import bearer, login, make_user, token_for


def console(app, username: str, desk: str) -> tuple[FlaskClient, dict[str, str]]:
    """An agent signed in at the desk console, as the browser is: session cookie plus CSRF header."""
    make_user(username, "agent")
    client = app.test_client()
    csrf = login(client, username)
    response = client.post("/desk/sign-in", data={"desk": desk, "csrf_token": csrf})
    assert response.status_code == 302
    return client, {"X-CSRFToken": csrf}


def ticket_state(client: FlaskClient, headers: dict[str, str], ticket_id: int) -> dict[str, Any]:
    return client.get(f"/api/v1/tickets/{ticket_id}", headers=headers).get_json()["ticket"]


def desk_current(client: FlaskClient, headers: dict[str, str]) -> int | None:
    current = client.get("/desk/state", headers=headers).get_json()["current"]
    return current["id"] if current else None


@pytest.fixture
def holder(app, office: Office) -> tuple[FlaskClient, dict[str, str]]:
    """Agent 1 at the first Plataforma desk, serving the customer of a ticket just issued."""
    client, headers = console(app, "asesor1", office.plat.desk)
    engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    assert client.post(f"/api/v1/desks/{office.plat.desk}/call-next", headers=headers).status_code == 200
    assert client.post(f"/api/v1/desks/{office.plat.desk}/start", headers=headers).status_code == 200
    return client, headers


def served_ticket(client: FlaskClient, headers: dict[str, str]) -> int:
    ticket_id = desk_current(client, headers)
    assert ticket_id is not None
    return ticket_id


def test_another_agent_cannot_transfer_the_ticket_being_served(app, holder, office) -> None:
    """Agent 2 at the queue's other desk tries to move agent 1's customer: 403 in Spanish, desk 1 keeps it."""
    boc = office.boc.queue.code
    client, headers = holder
    ticket_id = served_ticket(client, headers)
    other, other_headers = console(app, "asesor2", office.plat.desks[1])
    response = other.post(f"/api/v1/tickets/{ticket_id}/transfer", json={"queue": boc}, headers=other_headers)
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "transfer_forbidden"
    assert "solo puede transferirla el asesor que la atiende" in error["message"]
    assert desk_current(client, headers) == ticket_id
    state = ticket_state(client, headers, ticket_id)
    assert (state["status"], state["queue"]) == ("serving", office.plat.queue.code)


def test_an_agent_with_an_api_token_and_no_desk_cannot_transfer(app, holder, office) -> None:
    """The same refusal for an API client that never sat at a desk."""
    ticket_id = served_ticket(*holder)
    response = app.test_client().post(f"/api/v1/tickets/{ticket_id}/transfer", json={"desk": office.boc.desk},
                                      headers=bearer(token_for("integrador", "agent")))
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "transfer_forbidden"
    assert desk_current(*holder) == ticket_id


def test_the_holder_transfers_and_the_desk_is_freed(holder, office) -> None:
    """The agent serving the ticket moves it to BOC: it waits there and its desk is free for the next customer."""
    boc = office.boc.queue.code
    client, headers = holder
    ticket_id = served_ticket(client, headers)
    response = client.post(f"/api/v1/tickets/{ticket_id}/transfer", json={"queue": boc}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert (response.get_json()["ticket"]["status"], response.get_json()["ticket"]["queue"]) == ("waiting", boc)
    assert desk_current(client, headers) is None


def test_a_supervisor_transfers_a_ticket_another_agent_serves(app, holder, office) -> None:
    """Supervisors may move any ticket (e.g. an agent left the desk with a customer on it)."""
    ticket_id = served_ticket(*holder)
    response = app.test_client().post(f"/api/v1/tickets/{ticket_id}/transfer", json={"queue": office.boc.queue.code},
                                      headers=bearer(token_for("jefa", "supervisor")))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert desk_current(*holder) is None


def test_an_agent_of_the_queue_transfers_a_waiting_ticket(app, office) -> None:
    """A waiting Plataforma ticket may be moved by an agent at a Plataforma desk."""
    boc = office.boc.queue.code
    ticket = engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    client, headers = console(app, "asesor2", office.plat.desks[1])
    response = client.post(f"/api/v1/tickets/{ticket.id}/transfer", json={"queue": boc}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["ticket"]["queue"] == boc


def test_an_agent_of_another_queue_cannot_transfer_a_waiting_ticket(app, office) -> None:
    """A BOC agent cannot pull a customer out of the Plataforma queue."""
    boc = office.boc.queue.code
    ticket = engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    client, headers = console(app, "asesor3", office.boc.desk)
    response = client.post(f"/api/v1/tickets/{ticket.id}/transfer", json={"queue": boc}, headers=headers)
    assert response.status_code == 403
    assert ticket_state(client, headers, ticket.id)["queue"] == office.plat.queue.code


def test_a_ticket_reserved_for_a_desk_is_transferred_only_by_that_desk(app, office) -> None:
    """After a transfer to BOC's second desk, only that desk's agent (or a supervisor) may move the ticket again."""
    ticket = engine.issue_ticket(office.boc.tx, actor=SYSTEM)
    engine.transfer(ticket.id, actor=SYSTEM, desk=office.boc.desks[1])
    other, other_headers = console(app, "asesor1", office.boc.desk)
    assert other.post(f"/api/v1/tickets/{ticket.id}/transfer", json={"queue": office.plat.queue.code},
                      headers=other_headers).status_code == 403
    mine, my_headers = console(app, "asesor2", office.boc.desks[1])
    assert mine.post(f"/api/v1/tickets/{ticket.id}/transfer", json={"queue": office.plat.queue.code},
                     headers=my_headers).status_code == 200
