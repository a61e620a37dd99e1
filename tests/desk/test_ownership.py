"""Desk ownership and the survey tablet's desk, each decided once in core (core/tickets/desks.py,
core/tickets/survey.py) for the console, the tablet page, its answers and its live channel."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM, Actor
from core.errors import Forbidden
from core.extensions import socketio
from core.org.desk_names import desk_subject
from core.people import users
from core.tickets import desk_shifts, desks, survey
from tests.desk.test_desk_routes import finished, sign_in_at, tablet
from tests.helpers import actor_for, csrf_from, device_token, login, make_user


def test_a_console_whose_desk_another_agent_took_asks_for_a_desk_again(client, counter) -> None:
    """Once the desk is handed to another agent, the first agent's console shows the picker again, not it."""
    make_user("asesor1", "agent")
    login(client, "asesor1")
    agent_client = client
    sign_in_at(agent_client, counter.desk)
    desk_shifts.sign_out(counter.desk, actor=SYSTEM)
    desk_shifts.sign_in(counter.desk, actor=actor_for("asesor7", "agent"))
    assert "¿En qué mesón atiende hoy?" in agent_client.get("/desk").get_data(as_text=True)
    assert agent_client.get("/desk/state", headers={"Accept": "application/json"}).status_code == 403


def test_the_signed_in_desk_is_the_one_core_lets_the_agent_work(counter) -> None:
    mine, other = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    desk = counter.desk
    desk_shifts.sign_in(desk, actor=mine)
    assert desk_shifts.signed_in_desk(desk, mine) == desk
    assert desk_shifts.signed_in_desk(desk, other) is None
    assert desk_shifts.signed_in_desk(desk, actor_for("supervisora", "supervisor")) == desk
    assert desk_shifts.signed_in_desk("NO_EXISTE", mine) is None and desk_shifts.signed_in_desk(None, mine) is None


def test_a_tablet_cannot_answer_through_another_desks_address(client, counter) -> None:
    """The second desk's tablet posting to the first desk's survey address, for a ticket served at the first
    desk, is refused and nothing is stored."""
    first, second = counter.desks
    ticket_id = finished(counter, first)
    csrf = tablet(client, second)
    response = client.post(f"/encuesta/{first}/respuesta", json={"ticket": ticket_id, "satisfied": True},
                           headers={"X-CSRFToken": csrf, "Accept": "application/json"})
    assert response.status_code == 403 and survey.answer_for(ticket_id) is None


@pytest.mark.parametrize("score", ["5", 7, 0, True])
def test_the_tablet_score_is_checked_by_the_survey_rule(client, counter, score) -> None:
    """A score other than a whole number from 1 to 5 is refused with the survey's own message."""
    ticket_id = finished(counter)
    csrf = tablet(client, counter.desk)
    response = client.post(f"/encuesta/{counter.desk}/respuesta",
                           json={"ticket": ticket_id, "satisfied": True, "score": score},
                           headers={"X-CSRFToken": csrf, "Accept": "application/json"})
    error = response.get_json()["error"]
    assert response.status_code == 422 and error["code"] == "invalid_score"
    assert error["message"] == "La calificación debe ser un número del 1 al 5."


def test_a_tablet_asks_for_its_own_desks_pending_survey_only(app, counter) -> None:
    """Over the live channel, the second desk's tablet naming the first desk gets nothing; it gets its own
    desk's pending service."""
    first, second = counter.desks
    counter.issue()
    desks.call_next(first, actor=SYSTEM)
    desks.finish(first, actor=SYSTEM)
    own = finished(counter, second)
    live = socketio.test_client(app, auth={"token": device_token("survey", f"encuesta-{second}", desk=second)})
    assert not live.emit("survey_pending", {"desk": first}, callback=True)
    assert live.emit("survey_pending", {"desk": second}, callback=True)["ticket"] == own
    assert live.emit("survey_pending", callback=True)["ticket"] == own


def test_desk_for_tablets_and_staff(counter) -> None:
    other, own = counter.desks
    device, _token = users.create_device("survey", f"encuesta-{own}", desk=own)
    tablet_actor = Actor.of_device(device)
    assert survey.desk_for(tablet_actor, None).code == survey.desk_for(tablet_actor, own.lower()).code == own
    with pytest.raises(Forbidden):
        survey.desk_for(tablet_actor, other)
    assert survey.desk_for(actor_for("supervisora", "supervisor"), other).code == other
    with pytest.raises(Forbidden):
        survey.desk_for(actor_for("asesor1", "agent"), other)


def test_an_agent_who_signs_in_at_another_desk_leaves_the_first(counter) -> None:
    """Signed in at one PC, gone to another without signing out: the first desk closes, so the monitor shows where
    the agent is and no estimate counts a desk nobody works."""
    from core import lookups
    from core.tickets import positions

    agent = actor_for("asesor1", "agent")
    first, second = counter.desks
    desk_shifts.sign_in(first, actor=agent)
    waiting = counter.issue()
    desk_shifts.sign_in(second, actor=agent)
    left = lookups.desk(first)
    assert (left.state, left.agent_id) == ("closed", None)
    now = lookups.desk(second)
    assert (now.state, now.agent_id) == ("open", agent.id)
    assert [d.code for d in positions.serving_desks(waiting) if d.state != "closed"] == [second]


def test_an_agent_with_a_customer_at_their_desk_cannot_sign_in_elsewhere(client, counter) -> None:
    """The customer at the first desk is not left behind: the second desk is refused, in Spanish, on the picker."""
    from core import lookups

    make_user("asesor1", "agent")
    login(client, "asesor1")
    agent = Actor.of_user(users.find_user("asesor1"))
    first, second = counter.desks
    desk_shifts.sign_in(first, actor=agent)
    counter.issue()
    desks.call_next(first, actor=agent)
    picker = client.get("/desk").get_data(as_text=True)  # another PC: the agent picks the second desk there
    assert client.post("/desk/sign-in", data={"desk": second, "csrf_token": csrf_from(picker)}).status_code == 302
    page = client.get("/desk").get_data(as_text=True)
    assert "Tiene una ficha activa en" in page and "finalícela o transfiérala" in page
    assert lookups.desk(second).agent_id is None and lookups.desk(first).agent_id == agent.id


def test_leaving_turnero_closes_the_agents_desk_unless_a_customer_is_there(client, counter) -> None:
    """«Salir» at the end of the day: the desk does not stay «Abierto» overnight in the agent's name. A desk with a
    customer still at it stays open, and the agent is told so on the sign-in page."""
    from core import lookups

    make_user("asesor1", "agent")
    agent = Actor.of_user(users.find_user("asesor1"))
    first, second = counter.desks
    login(client, "asesor1")
    desk_shifts.sign_in(first, actor=agent)
    csrf = csrf_from(client.get("/desk").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert (lookups.desk(first).state, lookups.desk(first).agent_id) == ("closed", None)

    login(client, "asesor1")
    desk_shifts.sign_in(second, actor=agent)
    counter.issue()
    desks.call_next(second, actor=agent)
    csrf = csrf_from(client.get("/desk").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": csrf})
    assert "sigue abierto: tiene una ficha activa" in client.get("/login").get_data(as_text=True)
    assert (lookups.desk(second).state, lookups.desk(second).agent_id) == ("open", agent.id)


def test_the_nightly_close_closes_the_desks_left_open_but_not_one_with_a_customer(app, counter) -> None:
    """`flask close-desks` (a nightly timer): desks nobody signed out of close; one serving a customer stays;
    running it again closes nothing more."""
    from core import lookups

    first, second = counter.desks
    desk_shifts.sign_in(first, actor=actor_for("asesor1", "agent"))
    busy = actor_for("asesor2", "agent")
    desk_shifts.sign_in(second, actor=busy)
    counter.issue()
    desks.call_next(second, actor=busy)
    out = app.test_cli_runner().invoke(args=["close-desks"])
    assert out.exit_code == 0, out.output
    assert f"Mesones cerrados: {lookups.desk(first).name}." in out.output
    assert f"Sigue abierto {lookups.desk(second).name}: tiene una ficha activa." in out.output
    assert (lookups.desk(first).state, lookups.desk(first).agent_id) == ("closed", None)
    assert lookups.desk(second).state == "open"
    assert "Mesones cerrados: ninguno." in app.test_cli_runner().invoke(args=["close-desks"]).output


def test_an_agents_first_action_at_another_desk_through_the_api_leaves_the_first_too(client, counter) -> None:
    """One desk per agent whichever way they take one: a call through the API at a free desk closes the desk they
    held; with a customer still there it is refused (409) and nothing changes."""
    from core import lookups
    from tests.helpers import bearer, token_for

    first, second = counter.desks
    headers = bearer(token_for("asesor1", "agent"))
    agent = Actor.of_user(users.find_user("asesor1"))
    desk_shifts.sign_in(first, actor=agent)
    counter.issue()
    desks.call_next(first, actor=agent)  # a customer at the first desk
    refused = client.post(f"/api/v1/desks/{second}/call-next", headers=headers)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "agent_busy_elsewhere"
    assert lookups.desk(second).agent_id is None and lookups.desk(first).state == "open"
    desks.finish(first, actor=agent)
    counter.issue()
    assert client.post(f"/api/v1/desks/{second}/call-next", headers=headers).status_code == 200
    assert (lookups.desk(first).state, lookups.desk(first).agent_id) == ("closed", None)
    assert lookups.desk(second).agent_id == agent.id


def test_disabling_an_agent_or_resetting_their_password_closes_their_desks(admin, counter) -> None:
    """Their sessions end, so nobody is left at their desks: an idle one closes (no estimate counts it, the monitor
    stops showing it «Abierto»); one with a customer stays, and the admin is told which and who may end it."""
    from core import lookups

    first, second = counter.desks
    idle, busy = make_user("asesor1", "agent"), make_user("asesor2", "agent")
    desk_shifts.sign_in(first, actor=Actor.of_user(idle))
    desk_shifts.sign_in(second, actor=Actor.of_user(busy))
    counter.issue()
    desks.call_next(second, actor=Actor.of_user(busy))

    page = admin.post(f"/admin/usuarios/{idle.id}/estado", {}, follow_redirects=True).get_data(as_text=True)
    assert (lookups.desk(first).state, lookups.desk(first).agent_id) == ("closed", None)
    assert "sigue a nombre" not in page

    page = admin.post(f"/admin/usuarios/{busy.id}/clave", {}).get_data(as_text=True)
    assert (lookups.desk(second).state, lookups.desk(second).agent_id) == ("open", busy.id)
    assert (f"{desk_subject(lookups.desk(second).name)} sigue a nombre de «asesor2»: tiene una ficha activa. Un "
            "supervisor puede finalizarla o transferirla desde ese mesón.") in page
    desks.finish(second, actor=actor_for("supervisora", "supervisor"))
    admin.post(f"/admin/usuarios/{busy.id}/clave", {})
    assert (lookups.desk(second).state, lookups.desk(second).agent_id) == ("closed", None)


def test_the_picker_offers_the_desk_where_the_agent_still_has_a_customer(client, counter) -> None:
    """Back after a closed browser, with a customer still at their desk: the picker says so and preselects that desk,
    the only one they may open; with none, it says nothing of it."""
    make_user("asesor1", "agent")
    agent = Actor.of_user(users.find_user("asesor1"))
    first, second = counter.desks
    desk_shifts.sign_in(second, actor=agent)
    counter.issue()
    desks.call_next(second, actor=agent)
    login(client, "asesor1")
    page = client.get("/desk").get_data(as_text=True)
    name = desk_shifts.with_customer(agent.id)[0].name
    assert f"Tiene una ficha activa en {name}: ábralo para finalizarla o transferirla." in page
    assert f'<option selected value="{second}">' in page and f'data-held="{second}"' in page
    desks.finish(second, actor=agent)
    page = client.get("/desk").get_data(as_text=True)
    assert "Tiene una ficha activa" not in page and "data-held" not in page


def test_a_supervisor_covering_a_free_desk_holds_it_until_leaving(client, counter) -> None:
    """A supervisor who opens a free desk (the console's picker, or a first call through the API) works it: the
    monitor names them, and «Salir» closes it. Before, it stayed «Abierto» with nobody's name, counted open by
    the home page and by every customer's estimate."""
    from core import lookups

    make_user("supervisora", "supervisor")
    boss = Actor.of_user(users.find_user("supervisora"))
    first, second = counter.desks
    login(client, "supervisora")
    desk_shifts.sign_in(first, actor=boss)
    assert (lookups.desk(first).state, lookups.desk(first).agent_id) == ("open", boss.id)
    counter.issue()
    desks.call_next(second, actor=boss)  # on to the other desk: the first one closes, as for an agent
    desks.finish(second, actor=boss)
    assert (lookups.desk(first).state, lookups.desk(first).agent_id) == ("closed", None)
    assert (lookups.desk(second).state, lookups.desk(second).agent_id) == ("open", boss.id)
    csrf = csrf_from(client.get("/desk").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert (lookups.desk(second).state, lookups.desk(second).agent_id) == ("closed", None)


def test_a_supervisor_acting_at_an_agents_desk_leaves_it_the_agents(counter) -> None:
    from core import lookups

    agent = actor_for("asesor1", "agent")
    boss = actor_for("supervisora", "supervisor")
    desk_shifts.sign_in(counter.desk, actor=agent)
    counter.issue()
    desks.call_next(counter.desk, actor=boss)
    desks.finish(counter.desk, actor=boss)
    assert lookups.desk(counter.desk).agent_id == agent.id
