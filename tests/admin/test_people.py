"""Admin → users and devices: passwords and tokens shown once, roles, disable, rotate, revoke."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.models import Device, User
from tests.helpers import PASSWORD, csrf_from, make_user
from tests.helpers import fresh_request_globals as _fresh_request_globals


def secret_of(html: str, element: str = "secret-value") -> str:
    found = re.search(rf'id="{element}">([^<]+)<', html)
    assert found, "no secret on the page"
    return found.group(1).strip()


def user(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def can_sign_in(app: Flask, username: str, password: str) -> bool:
    client = app.test_client()
    _fresh_request_globals()
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": csrf_from(page)})
    return response.status_code == 302


def test_create_user_with_generated_password(app, admin) -> None:
    """Without a typed password one is generated, shown once, and it signs in."""
    response = admin.post("/admin/usuarios/nuevo", {"username": "asesor7", "full_name": "Asesor Siete",
                                                    "roles": ["agent"]})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = secret_of(response.get_data(as_text=True))
    assert user("asesor7").roles == {"agent"}
    assert can_sign_in(app, "asesor7", password)


def test_create_user_with_typed_password(app, admin) -> None:
    """A typed password is used as given."""
    admin.post("/admin/usuarios/nuevo", {"username": "cartera1", "roles": ["agent", "reception"],
                                         "password": "clave-segura-123"})
    assert user("cartera1").roles == {"agent", "reception"}
    assert can_sign_in(app, "cartera1", "clave-segura-123")


def test_short_password_is_refused(admin) -> None:
    """A typed password under 10 characters is refused and no user is created."""
    response = admin.post("/admin/usuarios/nuevo", {"username": "corto", "roles": ["agent"], "password": "123"})
    assert response.status_code == 422
    assert "La contraseña debe tener al menos 10 caracteres." in response.get_data(as_text=True)
    assert user("corto") is None


def test_user_needs_a_role(admin) -> None:
    """A user without roles is refused."""
    response = admin.post("/admin/usuarios/nuevo", {"username": "sinrol"})
    assert response.status_code == 422 and "Elija al menos un rol." in response.get_data(as_text=True)


def test_duplicate_username_is_refused(admin) -> None:
    """Usernames are unique, whatever the case."""
    make_user("asesor1", "agent")
    response = admin.post("/admin/usuarios/nuevo", {"username": "ASESOR1", "roles": ["agent"]})
    assert response.status_code == 422 and "El usuario «ASESOR1» ya existe." in response.get_data(as_text=True)


def test_change_roles(admin) -> None:
    """Editing a user replaces their roles and full name."""
    target = make_user("asesor1", "agent")
    admin.post(f"/admin/usuarios/{target.id}", {"full_name": "Ana Pérez", "roles": ["agent", "supervisor"]})
    assert (user("asesor1").full_name, user("asesor1").roles) == ("Ana Pérez", {"agent", "supervisor"})


def test_admin_cannot_drop_own_admin_role(admin) -> None:
    """An admin cannot lock themselves out by removing their admin role."""
    me = user("jefe")
    response = admin.post(f"/admin/usuarios/{me.id}", {"roles": ["supervisor"]})
    assert response.status_code == 422
    assert "No puede quitarse a sí mismo el rol de administrador." in response.get_data(as_text=True)
    assert "admin" in user("jefe").roles


def test_disabled_user_cannot_sign_in(app, admin) -> None:
    """Disabling a user stops their sign-in; enabling restores it."""
    target = make_user("asesor1", "agent")
    admin.post(f"/admin/usuarios/{target.id}/estado", {})
    assert user("asesor1").active is False and not can_sign_in(app, "asesor1", PASSWORD)
    admin.post(f"/admin/usuarios/{target.id}/estado", {"active": "1"})
    assert can_sign_in(app, "asesor1", PASSWORD)


def test_admin_cannot_disable_self(admin) -> None:
    """An admin cannot disable their own user."""
    response = admin.post(f"/admin/usuarios/{user('jefe').id}/estado", {}, follow_redirects=True)
    assert "No puede desactivar su propio usuario." in response.get_data(as_text=True)
    assert user("jefe").active


def test_reset_password(app, admin) -> None:
    """A reset shows a new password once; the old one stops working."""
    target = make_user("asesor1", "agent")
    response = admin.post(f"/admin/usuarios/{target.id}/clave", {})
    password = secret_of(response.get_data(as_text=True))
    assert can_sign_in(app, "asesor1", password) and not can_sign_in(app, "asesor1", PASSWORD)


def test_supervisor_cannot_manage_users(supervisor) -> None:
    """Users and devices are for the admin role only."""
    assert supervisor.get("/admin/usuarios").status_code == 403
    assert supervisor.post("/admin/usuarios/nuevo", {"username": "x", "roles": ["admin"]}).status_code == 403
    assert supervisor.get("/admin/dispositivos").status_code == 403


def test_create_kiosk_shows_token_and_start_url(app, admin) -> None:
    """A new kiosk's token and start URL are shown once, and the URL signs the kiosk in."""
    response = admin.post("/admin/dispositivos/nuevo", {"kind": "kiosk", "name": "kiosco-2"})
    html = response.get_data(as_text=True)
    token, url = secret_of(html), secret_of(html, "start-url")
    assert url == f"http://localhost/kiosk?token={token}"
    # A new kiosk has no printer yet: the admin reads where to give it one (it greeted customers with «La impresora
    # no está disponible» and the admin was not told).
    assert "Asígnele una impresora en Administración → Impresoras" in html
    device_client = app.test_client()
    assert device_client.get(f"/kiosk?token={token}").status_code == 302
    assert device_client.get("/kiosk").status_code == 200


def test_panel_start_url_names_its_area(admin, rooms) -> None:
    """A panel's start URL opens its waiting area's display."""
    area = rooms[1]
    html = admin.post("/admin/dispositivos/nuevo", {"kind": "panel", "name": "panel-2", "area": area}).get_data(
        as_text=True)
    assert secret_of(html, "start-url").startswith(f"http://localhost/display/{area}?token=")


def test_survey_tablet_needs_a_desk(admin) -> None:
    """A survey tablet without its desk is refused."""
    response = admin.post("/admin/dispositivos/nuevo", {"kind": "survey", "name": "encuesta-2", "desk": ""})
    assert response.status_code == 422
    assert "Una tableta de encuesta necesita su mesón" in response.get_data(as_text=True)


def test_device_name_is_required(admin) -> None:
    """A device needs a name."""
    response = admin.post("/admin/dispositivos/nuevo", {"kind": "kiosk", "name": ""})
    assert response.status_code == 422
    assert "Falta «Nombre del dispositivo»." in response.get_data(as_text=True)


def test_rotate_token_invalidates_the_old_one(app, admin) -> None:
    """After rotation the old token is refused and the new one works."""
    old = secret_of(admin.post("/admin/dispositivos/nuevo", {"kind": "kiosk", "name": "k"}).get_data(as_text=True))
    device = db.session.scalar(select(Device).where(Device.name == "k"))
    new = secret_of(admin.post(f"/admin/dispositivos/{device.id}/token").get_data(as_text=True))
    assert new != old
    assert app.test_client().get(f"/kiosk?token={old}").status_code == 401
    assert app.test_client().get(f"/kiosk?token={new}").status_code == 302


def test_revoke_device(app, admin) -> None:
    """A revoked device's token is refused."""
    token = secret_of(admin.post("/admin/dispositivos/nuevo", {"kind": "kiosk", "name": "k"}).get_data(as_text=True))
    device = db.session.scalar(select(Device).where(Device.name == "k"))
    admin.post(f"/admin/dispositivos/{device.id}/revocar")
    assert app.test_client().get(f"/kiosk?token={token}").status_code == 401


def test_revoked_device_names_itself_as_a_device(admin) -> None:
    """Renewing a revoked tablet's token is refused in words that agree with any name («Tableta…»)."""
    admin.post("/admin/dispositivos/nuevo", {"kind": "kiosk", "name": "Tableta de la entrada"})
    device = db.session.scalar(select(Device).where(Device.name == "Tableta de la entrada"))
    admin.post(f"/admin/dispositivos/{device.id}/revocar")
    html = admin.post(f"/admin/dispositivos/{device.id}/token", follow_redirects=True).get_data(as_text=True)
    assert "El dispositivo «Tableta de la entrada» está revocado" in html
