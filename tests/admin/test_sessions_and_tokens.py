"""Sign-in hardening: an unknown name costs the same password check, signing out or a password reset ends every
session of that user, and API tokens are listed and revoked from the CLI and from Admin → Usuarios."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from core.extensions import db
from core.models import User
from core.people import users
from tests.helpers import bearer, csrf_from, login, make_user
from tests.staff import Staff, fresh_request_globals


def signed_in_client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    fresh_request_globals()
    login(client, username)
    return client


def still_signed_in(client: FlaskClient) -> bool:
    fresh_request_globals()
    response = client.get("/desk")
    return response.status_code == 200


def user_id(username: str) -> int:
    return db.session.scalar(db.select(User.id).where(User.username == username))


def test_unknown_username_runs_the_password_check(app, client, monkeypatch) -> None:
    """A sign-in with a name that does not exist still checks a password hash (same work as a wrong password),
    and answers the same Spanish message."""
    checked: list[str] = []
    real = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda pwhash, password: checked.append(password) or
                        real(pwhash, password))
    make_user("asesor1", "agent")
    for name in ("no-existe", "asesor1"):
        page = client.get("/login").get_data(as_text=True)
        answer = client.post("/login", data={"username": name, "password": "una-clave-mala", "csrf_token":
                                             csrf_from(page)})
        assert answer.status_code == 200 and "Usuario o contraseña incorrectos." in answer.get_data(as_text=True)
    assert checked == ["una-clave-mala", "una-clave-mala"]


def test_sign_out_ends_every_session_of_that_user(app) -> None:
    """The same agent signed in on two PCs: *Salir* on one signs the other out too."""
    make_user("asesor1", "agent")
    first, second = signed_in_client(app, "asesor1"), signed_in_client(app, "asesor1")
    assert still_signed_in(first) and still_signed_in(second)
    fresh_request_globals()
    csrf = csrf_from(first.get("/desk").get_data(as_text=True))
    fresh_request_globals()
    assert first.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert not still_signed_in(first) and not still_signed_in(second)
    assert still_signed_in(signed_in_client(app, "asesor1"))  # signing in again works


def test_password_reset_ends_the_sessions_of_that_user(app, admin: Staff) -> None:
    """Admin → Restablecer contraseña: whoever was signed in with the old password is signed out."""
    make_user("asesor1", "agent")
    agent = signed_in_client(app, "asesor1")
    assert still_signed_in(agent)
    admin.post(f"/admin/usuarios/{user_id('asesor1')}/clave", {"password": "otra-clave-larga-123"})
    assert not still_signed_in(agent)


def test_cli_lists_and_revokes_api_tokens(app) -> None:
    """`list-tokens NAME` shows each token's number and state; `revoke-token ID` stops that token at once."""
    make_user("integracion", "supervisor")
    first, second = users.create_api_token("integracion"), users.create_api_token("integracion")
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["list-tokens", "integracion"])
    ids = re.findall(r"^(\d+)  creado .* vigente$", listed.output, re.M)
    assert listed.exit_code == 0 and len(ids) == 2
    assert first not in listed.output and second not in listed.output  # the secret is never shown again
    revoked = runner.invoke(args=["revoke-token", ids[0]])
    assert revoked.exit_code == 0 and f"Token n.º {ids[0]} revocado." in revoked.output
    assert app.test_client().get("/api/v1/queues", headers=bearer(first)).status_code == 401
    assert app.test_client().get("/api/v1/queues", headers=bearer(second)).status_code == 200
    assert re.search(rf"^{ids[0]}  creado .* revocado ", runner.invoke(args=["list-tokens", "integracion"]).output,
                     re.M)


def test_cli_revoke_unknown_token_fails_in_spanish(app) -> None:
    result = app.test_cli_runner().invoke(args=["revoke-token", "987654"])
    assert result.exit_code != 0 and "No existe el token de API n.º 987654." in result.output


def test_admin_lists_and_revokes_api_tokens(app, admin: Staff) -> None:
    """Usuarios shows how many tokens work; the user's page lists them and *Revocar* stops one."""
    make_user("integracion", "supervisor")
    token = users.create_api_token("integracion")
    row = users.api_token(token)
    listing = admin.get("/admin/usuarios").get_data(as_text=True)
    assert re.search(r"integracion</td>.*?<td>1</td>", listing, re.S)
    page = admin.get(f"/admin/usuarios/{user_id('integracion')}").get_data(as_text=True)
    assert "Tokens de API" in page and f"Revocar<span class=\"visually-hidden\"> el token {row.id}" in page
    answer = admin.post(f"/admin/usuarios/{user_id('integracion')}/tokens/{row.id}/revocar")
    assert answer.status_code == 302
    assert app.test_client().get("/api/v1/queues", headers=bearer(token)).status_code == 401


def test_admin_cannot_revoke_another_users_token_through_this_user(app, admin: Staff) -> None:
    make_user("integracion", "supervisor")
    make_user("otro", "agent")
    token = users.create_api_token("integracion")
    row = users.api_token(token)
    admin.post(f"/admin/usuarios/{user_id('otro')}/tokens/{row.id}/revocar")
    assert app.test_client().get("/api/v1/queues", headers=bearer(token)).status_code == 200
