"""Bad input to /api/v1 → a 4xx with `{"error": {"code", "message"}}` in Spanish, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from core import clock
from core.actors import SYSTEM, Actor
from core.extensions import db
from core.models import ApiToken
from core.people import users
from core.tickets import desks, engine
from tests.helpers import KIOSK_TX, bearer, device_token, login, make_user, token_for

SPANISH = {"de", "la", "el", "no", "que", "debe", "existe", "un", "una", "o", "en", "para", "es", "tiene", "ya", "los",
           "las", "su", "este", "esta"}
ENGLISH = {"the", "is", "not", "found", "please", "invalid", "missing", "request", "error"}
NO_CHECK_TX = "PV_RECLAMO_FACT"


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


@pytest.fixture
def agent_token(app) -> str:
    return token_for("asesor1", "agent")


@pytest.fixture
def kiosk(app) -> dict[str, str]:
    return bearer(device_token("kiosk"))


@pytest.mark.parametrize("body,status,code", [
    ({"transaction": "NO_EXISTE"}, 404, "unknown_transaction"),
    ({"transaction": "VENTA"}, 404, "unknown_transaction"),  # a category, not a transaction
    ({}, 422, "missing_field"),
    ({"transaction": ["V_INST_INT"]}, 422, "invalid_field"),
    ({"transaction": NO_CHECK_TX, "preferential": "vip"}, 422, "invalid_preferential"),
    ({"transaction": NO_CHECK_TX, "idempotency_key": "corta"}, 422, "invalid_idempotency_key"),
    ({"transaction": NO_CHECK_TX, "account": "9" * 40}, 422, None),
])
def test_bad_ticket_request_is_refused_and_writes_nothing(client, kiosk, body, status, code) -> None:
    """Unknown or malformed ticket requests answer 4xx in Spanish and issue nothing."""
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


def test_unknown_queue_on_transfer_is_404_and_ticket_stays(client, agent_token) -> None:
    """A transfer to an unknown queue answers 404 unknown_queue and leaves the ticket where it was."""
    desks.sign_in("P01", actor=Actor.of_user(users.find_user("asesor1")))  # may transfer what waits for P01
    ticket_id = engine.issue_ticket(KIOSK_TX, actor=SYSTEM).id  # row_counts() ends the test's session
    before = row_counts()
    response = client.post(f"/api/v1/tickets/{ticket_id}/transfer", json={"queue": "NOPE"}, headers=bearer(agent_token))
    assert_spanish_error(response, 404, "unknown_queue")
    assert row_counts() == before
    got = client.get(f"/api/v1/tickets/{ticket_id}", headers=bearer(agent_token)).get_json()["ticket"]
    assert (got["queue"], got["status"]) == ("PLAT", "waiting")


@pytest.mark.parametrize("body,code", [
    ({"ticket": "abc"}, "invalid_field"),
    ({"ticket": True}, "invalid_field"),
    ({}, "invalid_field"),
])
def test_bad_ticket_id_on_call_is_refused(client, agent_token, body, code) -> None:
    """Calling a specific ticket needs a ticket number."""
    before = row_counts()
    assert_spanish_error(client.post("/api/v1/desks/P01/call", json=body, headers=bearer(agent_token)), 422, code)
    assert row_counts() == before


def test_unknown_ticket_and_area_are_404(client, agent_token) -> None:
    """A ticket or waiting area that does not exist answers 404 in Spanish."""
    assert_spanish_error(client.get("/api/v1/tickets/999999", headers=bearer(agent_token)), 404, "unknown_ticket")
    assert_spanish_error(client.get("/api/v1/display/NOPE/snapshot", headers=bearer(agent_token)), 404,
                         "unknown_area")


def test_bad_keep_arrival_flag_is_refused(client, agent_token) -> None:
    """keep_arrival must be true or false, not a string."""
    ticket_id = engine.issue_ticket(KIOSK_TX, actor=SYSTEM).id  # row_counts() ends the test's session
    before = row_counts()
    response = client.post(f"/api/v1/tickets/{ticket_id}/transfer", json={"queue": "BOC", "keep_arrival": "si"},
                           headers=bearer(agent_token))
    assert_spanish_error(response, 422, "invalid_field")
    assert row_counts() == before


def test_wrong_role_is_403_and_writes_nothing(client) -> None:
    """Reception may not call at a desk: 403 in Spanish, no ticket called."""
    engine.issue_ticket(KIOSK_TX, actor=SYSTEM)
    reception = bearer(token_for("recep", "reception"))
    before = row_counts()
    response = client.post("/api/v1/desks/P01/call-next", headers=reception)
    assert_spanish_error(response, 403)
    assert row_counts() == before


def test_panel_device_cannot_issue_tickets(client) -> None:
    """A panel's token is not a kiosk's: 403, nothing issued."""
    panel = bearer(device_token("panel", area="PLAT"))
    before = row_counts()
    response = client.post("/api/v1/tickets", json={"transaction": NO_CHECK_TX}, headers=panel)
    assert_spanish_error(response, 403)
    assert row_counts() == before


def test_revoked_device_token_is_401(client) -> None:
    """A revoked kiosk token issues nothing."""
    device, token = users.create_device("kiosk", "kiosco-viejo")
    users.revoke_device(device.id)
    before = row_counts()
    assert_spanish_error(client.post("/api/v1/tickets", json={"transaction": NO_CHECK_TX}, headers=bearer(token)),
                         401, "unauthorized")
    assert row_counts() == before


def test_rotated_device_token_is_stale(client) -> None:
    """After a token rotation the old token is refused and the new one works."""
    device, old = users.create_device("kiosk", "kiosco-rotado")
    new = users.rotate_device_token(device.id)
    assert_spanish_error(client.post("/api/v1/tickets", json={"transaction": NO_CHECK_TX}, headers=bearer(old)), 401)
    assert client.post("/api/v1/tickets", json={"transaction": NO_CHECK_TX}, headers=bearer(new)).status_code == 201


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


def test_cookie_post_without_csrf_is_refused(client) -> None:
    """A signed-in browser POST without the X-CSRFToken header answers 400 csrf and issues nothing."""
    make_user("recep", "reception")
    token = login(client, "recep")
    before = row_counts()
    assert_spanish_error(client.post("/api/v1/tickets", json={"transaction": NO_CHECK_TX}), 400, "csrf")
    assert_spanish_error(client.post("/api/v1/tickets", json={"transaction": NO_CHECK_TX},
                                     headers={"X-CSRFToken": "falso"}), 400, "csrf")
    assert row_counts() == before
    response = client.post("/api/v1/tickets", json={"transaction": NO_CHECK_TX}, headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_wrong_method_and_unknown_path_answer_json_in_spanish(client) -> None:
    """Under /api even routing errors answer the JSON error shape."""
    assert_spanish_error(client.get("/api/v1/tickets"), 405, "method_not_allowed")
    assert_spanish_error(client.get("/api/v1/no-existe"), 404, "not_found")
