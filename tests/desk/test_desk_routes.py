"""Desk console and survey tablet over HTTP: choosing a desk, its state, and the tablet's answer."""

from __future__ import annotations

import pytest
from flask import g
from flask.testing import FlaskClient

from bench.sql_count import statements
from core.actors import SYSTEM, Actor
from core.extensions import db
from core.models import Desk
from core.people import users
from core.tickets import desk_shifts, desks, engine, survey
from tests.builders import Counter
from tests.helpers import actor_for, bearer, csrf_from, device_token, login, make_user
from tests.staff import signed_in


def sign_in_at(client: FlaskClient, desk: str) -> str:
    """Pick the desk through the real form; return the page's CSRF token."""
    page = client.get("/desk").get_data(as_text=True)
    response = client.post("/desk/sign-in", data={"desk": desk, "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    return csrf_from(client.get("/desk").get_data(as_text=True))


@pytest.fixture
def agent_client(client, app) -> FlaskClient:
    make_user("asesor1", "agent")
    login(client, "asesor1")
    # The test's app context (and its `g`) is shared by every request of the test client: drop the CSRF token
    # Flask-WTF cached there before sign-in cleared the session, or pages keep rendering that stale one.
    g.pop("csrf_token", None)
    return client


def test_agent_without_a_desk_sees_the_picker(agent_client, counter) -> None:
    """The first visit to /desk asks where the agent sits."""
    html = agent_client.get("/desk").get_data(as_text=True)
    assert "¿En qué mesón atiende hoy?" in html and f'value="{counter.desk}"' in html


def test_choosing_a_desk_signs_in_and_opens_the_console(agent_client, counter) -> None:
    """The desk is opened for this agent and the console shows it."""
    code = counter.desks[1]
    sign_in_at(agent_client, code)
    desk = db.session.scalar(db.select(Desk).where(Desk.code == code))
    assert desk.state == "open" and desk.agent_id is not None
    assert f'data-desk="{code}"' in agent_client.get("/desk").get_data(as_text=True)


def test_state_lists_queues_current_ticket_and_verification(agent_client, counter) -> None:
    """/desk/state: the desk's queues with counts and longest wait, the ticket with its pending check."""
    sign_in_at(agent_client, counter.desk)
    counter.issue(verification="unverified", verification_note="Smartflex caído")
    counter.issue()
    first = agent_client.get("/desk/state").get_json()
    prefix = counter.queue.prefix
    assert [(q["code"], q["waiting"]) for q in first["queues"]] == [(counter.queue.code, 2)]
    assert [w["number"] for w in first["waiting"]] == [f"{prefix}-001", f"{prefix}-002"] and first["current"] is None
    desks.call_next(counter.desk, actor=Actor.of_user(users.find_user("asesor1")))
    current = agent_client.get("/desk/state").get_json()["current"]
    assert current["number"] == f"{prefix}-001" and current["verification"] == "unverified"
    assert current["verification_note"] == "Smartflex caído"
    assert current["account_note"]["title"] == "Verificación pendiente"
    assert current["account_note"]["lines"] == ["Smartflex caído"]


# The console's state (12 over HTTP): BEGIN, the agent (the session's user, also the desk's agent), the desk with its
# area and queues (one query), its queues' waiting counts, its ticket and that ticket's trámite (requirements), the
# ticket's last transfer (where the customer comes from, the sender's note), the first normal and the first
# preferential tickets it may call, the listed tickets' columns with whether each was transferred (one query), the
# no-show settings (the undo window, the automatic no-show and its rule: one query), the desk's attentions of the
# day («Hoy en este mesón», session 23). It was 15: the desk twice, its area, queue links and queues one by one,
# 25 whole tickets, then their transfers.
DESK_STATE_BUDGET = 12


def test_a_desk_state_read_stays_within_its_statement_budget(agent_client, counter) -> None:
    sign_in_at(agent_client, counter.desk)
    tickets = [counter.issue() for _ in range(26)]
    desks.call_next(counter.desk, actor=Actor.of_user(users.find_user("asesor1")))
    engine.transfer(tickets[5].id, actor=SYSTEM, desk=counter.desks[1])
    engine.transfer(tickets[5].id, actor=SYSTEM, queue=counter.queue.code)  # back in the queue, marked transferred
    db.session.commit()
    assert agent_client.get("/desk/state").status_code == 200
    with statements(db.engine) as seen:
        state = agent_client.get("/desk/state").get_json()
    assert len(seen) <= DESK_STATE_BUDGET, "\n".join(seen)
    # What the agent reads is whole: the queue's count, the ticket at the desk, the list in call order with its flags.
    assert [q["waiting"] for q in state["queues"]] == [25]
    assert state["current"]["number"] == tickets[0].label and state["desk"]["agent"]
    assert [w["number"] for w in state["waiting"]] == [t.label for t in tickets[1:]]
    assert [w["number"] for w in state["waiting"] if w["transferred"]] == [tickets[5].label]


def test_state_without_a_chosen_desk_is_refused(agent_client) -> None:
    """The console's JSON needs a desk first."""
    response = agent_client.get("/desk/state", headers={"Accept": "application/json"})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "no_desk"


def test_sign_out_frees_the_desk(agent_client, counter) -> None:
    """*Cambiar de mesón* closes the desk and shows the picker again."""
    token = sign_in_at(agent_client, counter.desk)
    assert agent_client.post("/desk/sign-out", data={"csrf_token": token}).status_code == 302
    desk = db.session.scalar(db.select(Desk).where(Desk.code == counter.desk))
    db.session.refresh(desk)
    assert (desk.state, desk.agent_id) == ("closed", None)
    assert "¿En qué mesón atiende hoy?" in agent_client.get("/desk").get_data(as_text=True)


def test_reception_cannot_open_the_desk_console(client, app) -> None:
    """Only agents and supervisors operate desks."""
    make_user("recepcion", "reception")
    login(client, "recepcion")
    assert client.get("/desk").status_code == 403


def finished(counter: Counter, desk: str | None = None) -> int:
    """A ticket of the counter called and finished at `desk` (the counter's first desk); its id."""
    desk = desk or counter.desk
    agent = actor_for("asesor2", "agent")
    counter.issue()
    desks.call_next(desk, actor=agent)
    return desks.finish(desk, actor=agent).id


def tablet(client: FlaskClient, desk: str) -> str:
    """Open the survey page with a tablet token; return its CSRF token."""
    token = device_token("survey", f"encuesta-{desk}", desk=desk)
    client.get(f"/encuesta/{desk}?token={token}")
    return csrf_from(client.get(f"/encuesta/{desk}").get_data(as_text=True))


def test_tablet_answer_is_recorded_once(client, counter) -> None:
    """The tablet's answer is stored (201); a second answer for the ticket is refused (409)."""
    ticket_id = finished(counter)
    csrf = tablet(client, counter.desk)
    headers = {"X-CSRFToken": csrf, "Accept": "application/json"}
    url = f"/encuesta/{counter.desk}/respuesta"
    first = client.post(url, json={"ticket": ticket_id, "satisfied": True, "score": 5}, headers=headers)
    assert first.status_code == 201 and first.get_json() == {"ticket": ticket_id, "satisfied": True, "score": 5}
    again = client.post(url, json={"ticket": ticket_id, "satisfied": False}, headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_answered"
    assert survey.answer_for(ticket_id).satisfied is True


def test_tablet_answer_needs_the_csrf_header(client, counter) -> None:
    """A cross-site form cannot answer for the customer: the tablet's session cookie alone is refused, in Spanish."""
    ticket_id = finished(counter)
    tablet(client, counter.desk)
    response = client.post(f"/encuesta/{counter.desk}/respuesta", json={"ticket": ticket_id, "satisfied": True},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400 and survey.answer_for(ticket_id) is None
    assert response.get_json()["error"] == {
        "code": "csrf", "message": "El formulario expiró o no es válido: recargue la página e intente de nuevo."}


def test_answer_with_the_tablets_bearer_token_needs_no_csrf(client, counter) -> None:
    """A survey device that sends its token as `Authorization: Bearer` (no page, so no CSRF token) records the
    customer's answer: no other site can make a browser send that header. It used to be refused as «csrf»."""
    ticket_id = finished(counter)
    token = device_token("survey", f"encuesta-{counter.desk}", desk=counter.desk)
    response = client.post(f"/encuesta/{counter.desk}/respuesta", json={"ticket": ticket_id, "satisfied": True},
                           headers={**bearer(token), "Accept": "application/json"})
    assert response.status_code == 201 and survey.answer_for(ticket_id).satisfied is True


def test_a_wrong_bearer_token_does_not_borrow_the_tablets_session(client, counter) -> None:
    """Skipping CSRF for a bearer call opens nothing to the cookie: the tablet's session with a wrong token
    beside it answers 401 and records nothing (the token alone decides who calls)."""
    ticket_id = finished(counter)
    tablet(client, counter.desk)
    response = client.post(f"/encuesta/{counter.desk}/respuesta", json={"ticket": ticket_id, "satisfied": True},
                           headers={**bearer("no-existe"), "Accept": "application/json"})
    assert response.status_code == 401 and survey.answer_for(ticket_id) is None


def test_tablet_of_another_desk_is_refused(client, counter) -> None:
    """The second desk's tablet can neither open the first desk's survey nor rate a ticket served there."""
    first, second = counter.desks
    ticket_id = finished(counter, first)
    csrf = tablet(client, second)
    assert client.get(f"/encuesta/{first}").status_code == 403
    response = client.post(f"/encuesta/{second}/respuesta", json={"ticket": ticket_id, "satisfied": True},
                           headers={"X-CSRFToken": csrf, "Accept": "application/json"})
    assert response.status_code == 403 and survey.answer_for(ticket_id) is None


def test_tablet_answer_without_yes_or_no_is_invalid(client, counter) -> None:
    """«satisfied» must be true or false."""
    ticket_id = finished(counter)
    csrf = tablet(client, counter.desk)
    response = client.post(f"/encuesta/{counter.desk}/respuesta", json={"ticket": ticket_id, "score": 3},
                           headers={"X-CSRFToken": csrf, "Accept": "application/json"})
    assert response.status_code == 422


def test_a_desks_queue_counts_what_it_may_call_and_names_what_was_sent_elsewhere(counter) -> None:
    """«Colas de este mesón»: a ticket sent to the other desk of the queue is not one this desk can call, so it is
    not in its count nor in its longest wait; it shows apart, with the desk it waits for and that desk's state
    («+1 para Mesón 2, que está cerrado»: nobody calls it while that desk is closed)."""
    from core.org.desk_names import desk_named
    from core.tickets import console
    from tests.helpers import FrozenClock

    frozen = FrozenClock()
    sent = counter.issue()
    frozen.advance(seconds=90)
    counter.issue()
    engine.transfer(sent.id, actor=SYSTEM, desk=counter.desks[1])
    frozen.advance(seconds=30)
    [mine] = console.desk_state(counter.desk)["queues"]
    other = db.session.scalar(db.select(Desk).where(Desk.code == counter.desks[1]))
    assert (mine["waiting"], mine["longest_wait_s"]) == (1, 30)
    assert mine["elsewhere"] == [{"count": 1, "code": other.code, "desk": other.name, "named": desk_named(other.name),
                                  "state": "closed"}]
    [theirs] = console.desk_state(counter.desks[1])["queues"]
    assert (theirs["waiting"], theirs["elsewhere"], theirs["longest_wait_s"]) == (2, [], 120)


def test_picker_shows_a_desk_someone_else_holds_as_occupied(app, counter) -> None:
    """asesor3 is not offered the desk asesor1 already opened: it says who is there and cannot be picked; a
    supervisor, who may cover any desk, still can."""
    holder = make_user("asesor1", "agent", full_name="Ana Rojas")
    name = desk_shifts.sign_in(counter.desk, actor=Actor.of_user(holder)).name
    page = signed_in(app, "asesor3", "agent").get("/desk").get_data(as_text=True)
    assert f'<option disabled value="{counter.desk}">{name} — ocupado por Ana Rojas</option>' in page
    assert "Los mesones ocupados por otro funcionario no se pueden elegir" in page
    page = signed_in(app, "supervisora", "supervisor").get("/desk").get_data(as_text=True)
    assert f'<option value="{counter.desk}">{name} — ocupado por Ana Rojas</option>' in page
