"""API.md shapes and statuses, sign-in protections, and the staff/device CLI commands."""

from __future__ import annotations

import re

from flask import Flask

from core.config import Config
from core.extensions import db
from core.models import Ticket, User
from core.people import users
from tests.apps import make_app
from tests.builders import Counter, make_area
from tests.helpers import PASSWORD, bearer, csrf_from, device_token, make_user, token_for

ISO_LA_PAZ = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-04:00$")
TICKET_FIELDS = {"id", "number", "status", "queue", "area", "desk", "preferential", "issued_at", "people_ahead",
                 "estimated_wait_min", "status_url"}


def issue(client, kiosk: dict[str, str], counter: Counter, **body: object) -> dict:
    """A ticket for the counter's transaction (no account check), issued through the API as a kiosk does."""
    response = client.post("/api/v1/tickets", json={"transaction": counter.tx, **body}, headers=kiosk)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["ticket"]


def test_issued_ticket_has_the_api_md_shape(client, counter) -> None:
    """POST /tickets → 201 {ticket} with every API.md field, La Paz offset and a working status URL."""
    kiosk, prefix = bearer(device_token("kiosk")), counter.queue.prefix
    first = issue(client, kiosk, counter)
    second = issue(client, kiosk, counter, preferential="embarazada")
    assert set(second) >= TICKET_FIELDS
    assert (first["number"], second["number"], second["status"]) == (f"{prefix}-001", f"{prefix}-002", "waiting")
    assert (second["queue"], second["area"], second["preferential"]) == (counter.queue.code, counter.area.code,
                                                                         "embarazada")
    # The preferential ticket is called before the first one (the call policy): nobody is ahead of it.
    assert ISO_LA_PAZ.match(second["issued_at"]) and second["people_ahead"] == 0
    # No desk of the queue is open: no minutes, as `wait_text` says «cuando abra un mesón» (positions.Wait.minutes).
    assert second["estimated_wait_min"] is None and second["wait_text"] == "cuando abra un mesón"
    assert client.get(second["status_url"].replace("http://localhost", "")).status_code == 200


def test_kiosk_answer_carries_no_account(client, counter) -> None:
    """The kiosk's answer never echoes the account number (it is printed and shown on a public screen)."""
    ticket = issue(client, bearer(device_token("kiosk")), counter, account="100200")
    assert "100200" not in repr(ticket)


def test_same_idempotency_key_gives_the_same_ticket(client, counter) -> None:
    """A kiosk retry with the same idempotency key gets the same ticket, and only one exists."""
    kiosk = bearer(device_token("kiosk"))
    first = issue(client, kiosk, counter, idempotency_key="kiosco-1-000001")
    again = issue(client, kiosk, counter, idempotency_key="kiosco-1-000001")
    assert again["id"] == first["id"] and db.session.scalar(db.select(db.func.count(Ticket.id))) == 1


def test_call_next_409_when_busy_and_404_when_nothing_waits(client, counter) -> None:
    """call-next → 200 {ticket}; again with the ticket active → 409; after finishing with none left → 404."""
    kiosk, agent = bearer(device_token("kiosk")), bearer(token_for("asesor1", "agent"))
    desk = counter.desk
    ticket = issue(client, kiosk, counter)
    called = client.post(f"/api/v1/desks/{desk}/call-next", headers=agent)
    assert called.status_code == 200
    body = called.get_json()["ticket"]
    assert (body["id"], body["status"], body["desk"]) == (ticket["id"], "called", desk)
    busy = client.post(f"/api/v1/desks/{desk}/call-next", headers=agent)
    assert busy.status_code == 409 and busy.get_json()["error"]["code"] == "desk_busy"
    finished = client.post(f"/api/v1/desks/{desk}/finish", json={"outcome": "Reclamo registrado"}, headers=agent)
    assert finished.get_json()["ticket"]["status"] == "done"
    empty = client.post(f"/api/v1/desks/{desk}/call-next", headers=agent)
    assert empty.status_code == 404 and empty.get_json()["error"]["code"] == "nothing_waiting"


def test_queues_list_shape(client, counter) -> None:
    """GET /queues → [{code, prefix, name, area, waiting, longest_wait_s}]."""
    issue(client, bearer(device_token("kiosk")), counter)
    queues = client.get("/api/v1/queues", headers=bearer(token_for("recep", "reception"))).get_json()
    boc = next(q for q in queues if q["code"] == counter.queue.code)
    assert set(boc) >= {"code", "prefix", "name", "area", "waiting", "longest_wait_s"}
    assert (boc["prefix"], boc["area"], boc["waiting"]) == (counter.queue.prefix, counter.area.code, 1)


def test_snapshot_shape(client) -> None:
    """GET /display/<area>/snapshot → {seq, current, history, waiting, announcements}."""
    area = make_area().code
    body = client.get(f"/api/v1/display/{area}/snapshot", headers=bearer(device_token("panel", area=area))).get_json()
    assert {"seq", "current", "history", "waiting", "announcements"} <= set(body)


def test_panel_cannot_read_another_areas_snapshot(client) -> None:
    """A Plataforma panel asking for Mezanine's snapshot is refused."""
    plat, mez = make_area().code, make_area().code
    response = client.get(f"/api/v1/display/{mez}/snapshot", headers=bearer(device_token("panel", area=plat)))
    assert response.status_code == 403


# --- sign-in -----------------------------------------------------------------------------------------------------

def _bad_login(client, csrf: str):
    return client.post("/login", data={"username": "asesor1", "password": "equivocada", "csrf_token": csrf})


def test_eleventh_bad_login_in_a_minute_is_429_in_spanish(client) -> None:
    """Ten wrong passwords are answered; the eleventh in the same minute is refused with 429 in Spanish."""
    make_user("asesor1", "agent")
    csrf = csrf_from(client.get("/login").get_data(as_text=True))
    assert [_bad_login(client, csrf).status_code for _ in range(10)] == [200] * 10
    limited = _bad_login(client, csrf)
    assert limited.status_code == 429 and "Demasiados intentos" in limited.get_data(as_text=True)


def test_login_without_csrf_is_refused(client) -> None:
    """A login form posted without its CSRF token is refused and signs nobody in."""
    make_user("asesor1", "agent")
    response = client.post("/login", data={"username": "asesor1", "password": PASSWORD})
    assert response.status_code == 400 and "recargue la página" in response.get_data(as_text=True)
    assert client.get("/desk").status_code == 302


def test_production_session_cookie_is_secure(app: Flask, db_url: str, tmp_path) -> None:
    """With the production cookie settings, the session cookie is Secure, HttpOnly and SameSite=Lax."""
    prod = make_app(db_url, tmp_path / "prod", SESSION_COOKIE_SECURE=Config.SESSION_COOKIE_SECURE,
                    REMEMBER_COOKIE_SECURE=Config.REMEMBER_COOKIE_SECURE)
    assert Config.SESSION_COOKIE_SECURE is True
    client = prod.test_client()
    cookie = client.get("/login", base_url="https://turnero.local").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_secret_key(tmp_path) -> None:
    """No SECRET_KEY, no app: there is no default secret."""
    import pytest

    from web.app import create_app

    config = type("NoSecret", (Config,), {"SECRET_KEY": None, "INSTANCE_PATH": str(tmp_path),
                                          "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


# --- CLI -----------------------------------------------------------------------------------------------------------

def test_create_user_reads_the_password_from_stdin(app, client) -> None:
    """`create-user --password-stdin` creates the user without echoing the password; it signs in."""
    result = app.test_cli_runner().invoke(args=["create-user", "maria", "--role", "agent", "--password-stdin"],
                                          input="clave-de-maria-2026\n")
    assert result.exit_code == 0 and "clave-de-maria-2026" not in result.output
    assert users.authenticate("maria", "clave-de-maria-2026") is not None


def test_create_user_prompts_twice(app, monkeypatch) -> None:
    """Without --password-stdin the password is asked for, hidden, twice (on a terminal)."""
    monkeypatch.setattr("cli.setup._terminal", lambda: True)
    result = app.test_cli_runner().invoke(args=["create-user", "jose", "--role", "reception"],
                                          input="clave-de-jose-2026\nclave-de-jose-2026\n")
    assert result.exit_code == 0 and users.authenticate("jose", "clave-de-jose-2026") is not None


def test_create_user_refuses_a_short_password(app) -> None:
    """A short password fails with a Spanish message and creates nobody."""
    result = app.test_cli_runner().invoke(args=["create-user", "ana", "--role", "agent", "--password-stdin"],
                                          input="corta\n")
    assert result.exit_code != 0 and "contraseña" in result.output
    assert db.session.scalar(db.select(User).where(User.username == "ana")) is None


def test_create_token_prints_a_working_token(app, client) -> None:
    """`create-token` prints a bearer token that the API accepts; an unknown user fails."""
    make_user("asesor1", "agent")
    result = app.test_cli_runner().invoke(args=["create-token", "asesor1"])
    assert result.exit_code == 0
    assert client.get("/api/v1/queues", headers=bearer(result.output.strip())).status_code == 200
    assert app.test_cli_runner().invoke(args=["create-token", "nadie"]).exit_code != 0


def test_create_device_prints_a_working_token(app, client) -> None:
    """`create-device panel --area <room>` prints a token that opens that panel's snapshot."""
    area = make_area().code
    result = app.test_cli_runner().invoke(args=["create-device", "panel", "--name", "panel-1", "--area", area])
    assert result.exit_code == 0
    snapshot = client.get(f"/api/v1/display/{area}/snapshot", headers=bearer(result.output.strip()))
    assert snapshot.status_code == 200


def test_create_device_needs_area_or_desk(app) -> None:
    """A panel needs its area and a survey tablet its desk: otherwise a Spanish error and exit ≠ 0."""
    runner = app.test_cli_runner()
    panel = runner.invoke(args=["create-device", "panel", "--name", "p"])
    survey = runner.invoke(args=["create-device", "survey", "--name", "s"])
    assert panel.exit_code != 0 and "sala" in panel.output
    assert survey.exit_code != 0 and "mesón" in survey.output


def test_device_page_remembers_the_token_once(client) -> None:
    """A kiosk opens /kiosk?token=… once; the token leaves the URL and the session remembers the device."""
    token = device_token("kiosk")
    first = client.get(f"/kiosk?token={token}")
    assert first.status_code == 302 and "token" not in first.headers["Location"]
    assert client.get("/kiosk").status_code == 200
