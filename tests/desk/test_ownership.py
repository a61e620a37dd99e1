"""Desk ownership and the survey tablet's desk, each decided once in core (core/tickets/desks.py,
core/tickets/survey.py) for the console, the tablet page, its answers and its live channel."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM, Actor
from core.errors import Forbidden
from core.extensions import socketio
from core.people import users
from core.tickets import desks, engine, survey
from tests.desk.test_desk_routes import finished, sign_in_at, tablet
from tests.helpers import KIOSK_TX, actor_for, device_token, login, make_user


def test_a_console_whose_desk_another_agent_took_asks_for_a_desk_again(client, app) -> None:
    """Once P01 is handed to another agent, the first agent's console shows the picker again, not P01."""
    make_user("asesor1", "agent")
    login(client, "asesor1")
    agent_client = client
    sign_in_at(agent_client, "P01")
    desks.sign_out("P01", actor=SYSTEM)
    desks.sign_in("P01", actor=actor_for("asesor7", "agent"))
    assert "¿En qué mesón atiende hoy?" in agent_client.get("/desk").get_data(as_text=True)
    assert agent_client.get("/desk/state", headers={"Accept": "application/json"}).status_code == 403


def test_the_signed_in_desk_is_the_one_core_lets_the_agent_work(app) -> None:
    mine, other = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    desks.sign_in("P01", actor=mine)
    assert desks.signed_in_desk("P01", mine) == "P01"
    assert desks.signed_in_desk("P01", other) is None
    assert desks.signed_in_desk("P01", actor_for("supervisora", "supervisor")) == "P01"
    assert desks.signed_in_desk("NO_EXISTE", mine) is None and desks.signed_in_desk(None, mine) is None


def test_a_tablet_cannot_answer_through_another_desks_address(client, app) -> None:
    """The P02 tablet posting to P01's survey address for a ticket served at P01 is refused, nothing stored."""
    ticket_id = finished("P01")
    csrf = tablet(client, "P02")
    response = client.post("/encuesta/P01/respuesta", json={"ticket": ticket_id, "satisfied": True},
                           headers={"X-CSRFToken": csrf, "Accept": "application/json"})
    assert response.status_code == 403 and survey.answer_for(ticket_id) is None


@pytest.mark.parametrize("score", ["5", 7, 0, True])
def test_the_tablet_score_is_checked_by_the_survey_rule(client, app, score) -> None:
    """A score other than a whole number from 1 to 5 is refused with the survey's own message."""
    ticket_id = finished("P01")
    csrf = tablet(client, "P01")
    response = client.post("/encuesta/P01/respuesta", json={"ticket": ticket_id, "satisfied": True, "score": score},
                           headers={"X-CSRFToken": csrf, "Accept": "application/json"})
    error = response.get_json()["error"]
    assert response.status_code == 422 and error["code"] == "invalid_score"
    assert error["message"] == "La calificación debe ser un número del 1 al 5."


def test_a_tablet_asks_for_its_own_desks_pending_survey_only(app) -> None:
    """Over the live channel, the P02 tablet naming P01 gets nothing; it gets its own desk's pending service."""
    engine.issue_ticket(KIOSK_TX, actor=SYSTEM)
    desks.call_next("P01", actor=SYSTEM)
    desks.finish("P01", actor=SYSTEM)
    own = finished("P02")
    live = socketio.test_client(app, auth={"token": device_token("survey", "encuesta-P02", desk="P02")})
    assert not live.emit("survey_pending", {"desk": "P01"}, callback=True)
    assert live.emit("survey_pending", {"desk": "P02"}, callback=True)["ticket"] == own
    assert live.emit("survey_pending", callback=True)["ticket"] == own


def test_desk_for_tablets_and_staff(app) -> None:
    device, _token = users.create_device("survey", "encuesta-P03", desk="P03")
    tablet_actor = Actor.of_device(device)
    assert survey.desk_for(tablet_actor, None).code == survey.desk_for(tablet_actor, "p03").code == "P03"
    with pytest.raises(Forbidden):
        survey.desk_for(tablet_actor, "P01")
    assert survey.desk_for(actor_for("supervisora", "supervisor"), "P01").code == "P01"
    with pytest.raises(Forbidden):
        survey.desk_for(actor_for("asesor1", "agent"), "P01")
