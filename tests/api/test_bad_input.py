"""Bad input to /api/v1 → a 4xx with `{"error": {"code", "message"}}` in Spanish, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from core import clock
from core.actors import Actor
from core.extensions import db
from core.models import ApiToken
from core.people import users
from core.tickets import desk_shifts
from tests.builders import Counter, make_area, make_category, make_queue
from tests.helpers import bearer, device_token, login, make_user, token_for

SPANISH = {"de", "la", "el", "no", "que", "debe", "existe", "un", "una", "o", "en", "para", "es", "tiene", "ya", "los",
           "las", "su", "este", "esta"}
ENGLISH = {"the", "is", "not", "found", "please", "invalid", "missing", "request", "error"}
TX, CATEGORY = "<the counter's transaction>", "<a category>"  # filled in by fill()


def row_counts() -> dict[str, int]:
    db.session.remove()
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def assert_spanish_error(response: Any, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert set(error) >= {"code", "message"}
    words = set(error["message"].lower().replace(",", " ").replace(".", " ").replace(":", " ").split())
    assert words & SPANISH and not words & ENGLISH, error["message"]
    if code:
        assert error["code"] == code


def fill(body: dict[str, Any], counter: Counter) -> dict[str, Any]:
    """The body with TX and CATEGORY replaced by the codes of this test's own transaction and category."""
    codes = {TX: counter.tx, CATEGORY: make_category().code}
    return {key: [codes.get(v, v) for v in value] if isinstance(value, list) else codes.get(value, value)
            for key, value in body.items()}


@pytest.fixture
def agent_token(app) -> str:
    return token_for("asesor1", "agent")


@pytest.fixture
def kiosk(app) -> dict[str, str]:
    return bearer(device_token("kiosk"))


@pytest.mark.parametrize("body,status,code", [
    ({"transaction": "NO_EXISTE"}, 404, "unknown_transaction"),
    ({"transaction": CATEGORY}, 404, "unknown_transaction"),  # a category, not a transaction
    ({}, 422, "missing_field"),
    ({"transaction": [TX]}, 422, "invalid_field"),
    ({"transaction": TX, "preferential": "vip"}, 422, "invalid_preferential"),
    ({"transaction": TX, "idempotency_key": "corta"}, 422, "invalid_idempotency_key"),
    ({"transaction": TX, "account": "9" * 40}, 422, None),
])
def test_bad_ticket_request_is_refused_and_writes_nothing(client, kiosk, counter, body, status, code) -> None:
    """Unknown or malformed ticket requests answer 4xx in Spanish and issue nothing."""
    body = fill(body, counter)
    before = row_counts()
    assert_spanish_error(client.post("/api/v1/tickets", json=body, headers=kiosk), status, code)
    assert row_counts() == before


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", '"texto"', ""])
def test_malformed_json_is_refused(client, kiosk, data) -> None:
    """A body that is not a JSON object answers 422 malformed_json and writes nothing."""
    before = row_counts()
    response = client.post("/api/v1/tickets", data=data, headers={**kiosk, "Content-Type": "application/json"})
    assert_spanish_error(response, 422, "malformed_json")
    assert row_counts() == before


def test_unknown_desk_is_404(client, agent_token) -> None:
    """Calling at a desk that does not exist answers 404 unknown_desk."""
    before = row_counts()
    assert_spanish_error(client.post("/api/v1/desks/NOPE/call-next", headers=bearer(agent_token)), 404,
                         "unknown_desk")
    assert row_counts() == before


def test_unknown_queue_on_transfer_is_404_and_ticket_stays(client, agent_token, counter) -> None:
    """A transfer to an unknown queue answers 404 unknown_queue and leaves the ticket where it was."""
    desk_shifts.sign_in(counter.desk, actor=Actor.of_user(users.find_user("asesor1")))  # may transfer what waits there
    queue_code = counter.queue.code  # row_counts() ends the test's session
    ticket_id = counter.issue().id  # row_counts() ends the test's session
    before = row_counts()
    response = client.post(f"/api/v1/tickets/{ticket_id}/transfer", json={"queue": "NOPE"}, headers=bearer(agent_token))
    assert_spanish_error(response, 404, "unknown_queue")
    assert row_counts() == before
    got = client.get(f"/api/v1/tickets/{ticket_id}", headers=bearer(agent_token)).get_json()["ticket"]
    assert (got["queue"], got["status"]) == (queue_code, "waiting")


@pytest.mark.parametrize("body,code", [
    ({"ticket": "abc"}, "invalid_field"),
    ({"ticket": True}, "invalid_field"),
    ({}, "invalid_field"),
])
def test_bad_ticket_id_on_call_is_refused(client, agent_token, counter, body, code) -> None:
    """Calling a specific ticket needs a ticket number."""
    desk = counter.desk
    before = row_counts()
    assert_spanish_error(client.post(f"/api/v1/desks/{desk}/call", json=body, headers=bearer(agent_token)), 422, code)
    assert row_counts() == before


def test_unknown_ticket_and_area_are_404(client, agent_token) -> None:
    """A ticket or waiting area that does not exist answers 404 in Spanish."""
    assert_spanish_error(client.get("/api/v1/tickets/999999", headers=bearer(agent_token)), 404, "unknown_ticket")
    assert_spanish_error(client.get("/api/v1/display/NOPE/snapshot", headers=bearer(agent_token)), 404,
                         "unknown_area")


def test_bad_keep_arrival_flag_is_refused(client, agent_token, counter) -> None:
    """keep_arrival must be true or false, not a string."""
    ticket_id = counter.issue().id  # row_counts() ends the test's session
    other = make_queue().code
    before = row_counts()
    response = client.post(f"/api/v1/tickets/{ticket_id}/transfer", json={"queue": other, "keep_arrival": "si"},
                           headers=bearer(agent_token))
    assert_spanish_error(response, 422, "invalid_field")
    assert row_counts() == before


def test_wrong_role_is_403_and_writes_nothing(client, counter) -> None:
    """Reception may not call at a desk: 403 in Spanish, no ticket called."""
    counter.issue()
    desk = counter.desk
    reception = bearer(token_for("recep", "reception"))
    before = row_counts()
    response = client.post(f"/api/v1/desks/{desk}/call-next", headers=reception)
    assert_spanish_error(response, 403)
    assert row_counts() == before


def test_panel_device_cannot_issue_tickets(client, counter) -> None:
    """A panel's token is not a kiosk's: 403, nothing issued."""
    tx, panel = counter.tx, bearer(device_token("panel", area=make_area().code))
    before = row_counts()
    response = client.post("/api/v1/tickets", json={"transaction": tx}, headers=panel)
    assert_spanish_error(response, 403)
    assert row_counts() == before


def test_revoked_device_token_is_401(client, counter) -> None:
    """A revoked kiosk token issues nothing."""
    tx = counter.tx
    device, token = users.create_device("kiosk", "kiosco-viejo")
    users.revoke_device(device.id)
    before = row_counts()
    assert_spanish_error(client.post("/api/v1/tickets", json={"transaction": tx}, headers=bearer(token)),
                         401, "unauthorized")
    assert row_counts() == before


def test_rotated_device_token_is_stale(client, counter) -> None:
    """After a token rotation the old token is refused and the new one works."""
    device, old = users.create_device("kiosk", "kiosco-rotado")
    new = users.rotate_device_token(device.id)
    assert_spanish_error(client.post("/api/v1/tickets", json={"transaction": counter.tx}, headers=bearer(old)), 401)
    assert client.post("/api/v1/tickets", json={"transaction": counter.tx}, headers=bearer(new)).status_code == 201


def test_revoked_api_token_is_401(client) -> None:
    """A revoked API token of an agent is refused."""
    token = token_for("asesor9", "agent")
    db.session.execute(db.update(ApiToken).values(revoked_at=clock.now()))  # arrange: what admin revocation stores
    db.session.commit()
    assert_spanish_error(client.get("/api/v1/queues", headers=bearer(token)), 401)


def test_token_of_a_deactivated_user_is_401(client) -> None:
    """Deactivating a user stops their API token."""
    token = token_for("asesor8", "agent")
    user = users.find_user("asesor8")
    user.active = False  # arrange: what the admin screen stores
    db.session.commit()
    assert_spanish_error(client.get("/api/v1/queues", headers=bearer(token)), 401)


def test_unknown_token_is_401(client) -> None:
    """A made-up bearer token is refused."""
    assert_spanish_error(client.get("/api/v1/queues", headers=bearer("no-es-un-token")), 401, "unauthorized")


def test_cookie_post_without_csrf_is_refused(client, counter) -> None:
    """A signed-in browser POST without the X-CSRFToken header answers 400 csrf and issues nothing."""
    tx = counter.tx
    make_user("recep", "reception")
    token = login(client, "recep")
    before = row_counts()
    assert_spanish_error(client.post("/api/v1/tickets", json={"transaction": tx}), 400, "csrf")
    assert_spanish_error(client.post("/api/v1/tickets", json={"transaction": tx},
                                     headers={"X-CSRFToken": "falso"}), 400, "csrf")
    assert row_counts() == before
    response = client.post("/api/v1/tickets", json={"transaction": tx}, headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_wrong_method_and_unknown_path_answer_json_in_spanish(client) -> None:
    """Under /api even routing errors answer the JSON error shape."""
    assert_spanish_error(client.get("/api/v1/tickets"), 405, "method_not_allowed")
    assert_spanish_error(client.get("/api/v1/no-existe"), 404, "not_found")
