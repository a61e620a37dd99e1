"""A survey tablet answers only for the ticket its own desk just finished, inside the answer window.

Before this rule the tablet's desk came from the URL it posted to, so a tablet of one desk could answer for
any ticket served anywhere (POST /encuesta/<other desk>/respuesta) at any time, and forge another desk's
indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient

from core.models import SurveyAnswer
from core.tickets import desks, survey
from tests.builders import Counter
from tests.helpers import bearer, csrf_from, device_token


@dataclass
class Tablet:
    """A desk's tablet as its page calls the server: its device token and the page's CSRF token."""

    client: FlaskClient
    headers: dict[str, str]
    desk: str


@pytest.fixture
def tablet(app, counter) -> Tablet:
    """The counter's first desk's tablet."""
    client = app.test_client()
    headers = {**bearer(device_token("survey", "encuesta-meson-1", desk=counter.desk)),
               "X-CSRFToken": csrf_from(client.get("/login").get_data(as_text=True)), "Accept": "application/json"}
    return Tablet(client, headers, counter.desk)


def served_at(counter: Counter, desk: str, agent) -> int:
    """Issue a ticket of the counter, call it at `desk` and finish it; return its id."""
    counter.issue()
    desks.call_next(desk, actor=agent)
    return desks.finish(desk, actor=agent).id


def answer(tablet: Tablet, ticket_id: int, desk: str | None = None) -> Any:
    return tablet.client.post(f"/encuesta/{desk or tablet.desk}/respuesta",
                              json={"ticket": ticket_id, "satisfied": True, "score": 5}, headers=tablet.headers)


def answers_for(ticket_id: int) -> int:
    return SurveyAnswer.query.filter_by(ticket_id=ticket_id).count()


@pytest.mark.parametrize("url_desk", [1, 0], ids=["serving-desk-url", "own-desk-url"])
def test_tablet_of_one_desk_cannot_answer_for_another_desks_ticket(frozen, agent, counter, tablet, url_desk) -> None:
    """The first desk's tablet answering for a ticket the second desk just finished is refused, whichever desk
    its URL names."""
    ticket_id = served_at(counter, counter.desks[1], agent)
    response = answer(tablet, ticket_id, counter.desks[url_desk])
    assert response.status_code == 403, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "wrong_desk"
    assert "mesón" in response.get_json()["error"]["message"]
    assert answers_for(ticket_id) == 0


def test_answer_after_the_window_is_refused(frozen, agent, counter, tablet) -> None:
    """Past the answer window the desk's last ticket can no longer be rated from the tablet."""
    ticket_id = served_at(counter, tablet.desk, agent)
    frozen.advance(seconds=survey.SURVEY_WINDOW.total_seconds() + 1)
    response = answer(tablet, ticket_id)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "survey_closed"
    assert answers_for(ticket_id) == 0


def test_an_earlier_ticket_of_the_same_desk_is_refused(frozen, agent, counter, tablet) -> None:
    """Once the desk finished another customer, the previous one is no longer the tablet's to rate."""
    earlier = served_at(counter, tablet.desk, agent)
    frozen.advance(minutes=1)
    served_at(counter, tablet.desk, agent)
    response = answer(tablet, earlier)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "survey_closed"
    assert answers_for(earlier) == 0


def test_the_desks_last_ticket_is_recorded_once(frozen, agent, counter, tablet) -> None:
    """The ticket the desk just finished is rated from its tablet once; a second answer is refused."""
    ticket_id = served_at(counter, tablet.desk, agent)
    frozen.advance(minutes=2)
    first = answer(tablet, ticket_id)
    assert first.status_code == 201, first.get_data(as_text=True)
    assert first.get_json() == {"ticket": ticket_id, "satisfied": True, "score": 5}
    second = answer(tablet, ticket_id)
    assert second.status_code == 409 and second.get_json()["error"]["code"] == "already_answered"
    stored = survey.answer_for(ticket_id)
    assert answers_for(ticket_id) == 1 and stored is not None and stored.source == "tablet"


def test_the_customer_just_served_may_answer_while_the_next_one_walks_over(frozen, agent, counter, tablet) -> None:
    """Agents call at once after «Finalizar»: A's customer, still at the desk, answers 30 s after B was called,
    and the answer is A's."""
    finished = served_at(counter, tablet.desk, agent)
    counter.issue()
    desks.call_next(tablet.desk, actor=agent)
    frozen.advance(seconds=30)
    response = answer(tablet, finished)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert answers_for(finished) == 1


@pytest.mark.parametrize("next_customer", ["started", "called_45_s_ago"])
def test_an_answer_once_the_next_customer_is_at_the_desk_is_refused(frozen, agent, counter, tablet,
                                                                    next_customer) -> None:
    """The desk finished A and started serving B (or called B 45 s ago): the answer reaching the tablet now is
    B's customer's, not A's, so it is refused (nothing stored) with a message that says why, though A's answer
    window is still open."""
    finished = served_at(counter, tablet.desk, agent)
    counter.issue()
    frozen.advance(seconds=30)
    desks.call_next(tablet.desk, actor=agent)
    if next_customer == "started":
        frozen.advance(seconds=10)
        desks.start(tablet.desk, actor=agent)
    else:
        frozen.advance(seconds=survey.CLOSING_GRACE.total_seconds())
    response = answer(tablet, finished)
    assert response.status_code == 409, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "survey_closed" and "ya atiende a otro cliente" in error["message"]
    assert answers_for(finished) == 0


def test_the_question_stays_closed_after_the_next_customer_left(frozen, agent, counter, tablet) -> None:
    """Called next, then let go as a no-show (the desk is free again): A's question does not reopen."""
    finished = served_at(counter, tablet.desk, agent)
    counter.issue()
    desks.call_next(tablet.desk, actor=agent)
    frozen.advance(minutes=3)
    desks.no_show(tablet.desk, actor=agent)
    response = answer(tablet, finished)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "survey_closed"
    assert answers_for(finished) == 0
