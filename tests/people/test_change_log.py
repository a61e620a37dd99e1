"""The configuration change log (core/org/changes.py) for users, devices and tokens: each change by name, roles in
Spanish, and never a password, a token or a hash; a refused change leaves no entry."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.errors import DomainError
from core.extensions import db
from core.models import ApiToken, Device, User
from core.people import management, users
from tests.builders import make_user
from tests.changelog import Change, ChangeLog, every_summary


@pytest.fixture
def boss(app) -> Actor:
    """The administrator who makes the changes: «Jorge Vargas»."""
    return Actor.of_user(make_user("jvargas", "admin", full_name="Jorge Vargas"))


@pytest.fixture
def log(boss) -> ChangeLog:
    return ChangeLog()


def test_user_created_with_roles_in_spanish_and_no_password(boss, log) -> None:
    user, password = management.create_user("asesor7", full_name="Asesor Siete", roles=["agent"], password=None,
                                            actor=boss)
    change = log.one()
    assert change == Change("Jorge Vargas", "user", "create", "Asesor Siete", "asesor7",
                            ("Usuario: «asesor7»", "Nombre completo: «Asesor Siete»",
                             "Roles: «Asesor / funcionario de mesón»"))
    assert password not in every_summary() and user.password_hash not in every_summary()


def test_role_change_names_old_and_new_roles(boss, log) -> None:
    user = make_user("maria", "agent", full_name="María Quispe")
    log.new()
    management.update_user(user.id, full_name="María Quispe", roles=["agent", "reception"], actor=boss)
    assert log.one().lines == ("Roles: «Asesor / funcionario de mesón» → «Asesor Comercial de Informes (recepción)», "
                               "«Asesor / funcionario de mesón»",)
    management.update_user(user.id, full_name="María Quispe", roles=["agent", "reception"], actor=boss)
    assert log.new() == []  # nothing changed


def test_user_disabled_and_enabled(boss, log) -> None:
    user = make_user("maria", "agent", full_name="María Quispe")
    log.new()
    management.set_active(user.id, False, actor=boss)
    management.set_active(user.id, False, actor=boss)  # already disabled: no second entry
    management.set_active(user.id, True, actor=boss)
    assert [(c.action, c.name, c.lines) for c in log.new()] == [
        ("deactivate", "María Quispe", ("Activo: sí → no",)), ("activate", "María Quispe", ("Activo: no → sí",))]


def test_password_reset_is_said_in_words(boss, log) -> None:
    user = make_user("maria", "agent")
    log.new()
    _user, password = management.reset_password(user.id, "una-clave-nueva-larga", actor=boss)
    change = log.one()
    assert (change.action, change.code) == ("password_reset", "maria")
    assert change.lines == ("Contraseña restablecida: sus sesiones abiertas se cerraron.",)
    db.session.expire_all()
    stored = db.session.get(User, user.id).password_hash
    assert password not in every_summary() and stored not in every_summary()


def test_refused_people_changes_log_nothing(boss, log) -> None:
    """A short password, a duplicate user, an unknown role, disabling oneself, rotating a revoked device's token."""
    user = make_user("maria", "agent")
    device, _token = management.create_device("kiosk", "kiosco-1", actor=boss)
    management.revoke(device.id, actor=boss)
    log.new()
    refused = [
        lambda: management.reset_password(user.id, "corta", actor=boss),
        lambda: management.create_user("maria", full_name="", roles=["agent"], password=None, actor=boss),
        lambda: management.create_user("nuevo", full_name="", roles=["jefe"], password=None, actor=boss),
        lambda: management.set_active(boss.id, False, actor=boss),
        lambda: management.rotate_token(device.id, actor=boss),
        lambda: management.create_device("panel", "panel-x", area="NOEXISTE", actor=boss),
    ]
    for attempt in refused:
        with pytest.raises(DomainError):
            attempt()
    management.revoke(device.id, actor=boss)  # already revoked: nothing new happened
    assert log.new() == []


def test_devices_created_rotated_and_revoked_without_their_token(boss, log) -> None:
    device, first = management.create_device("kiosk", "kiosco-entrada", actor=boss)
    _device, second = management.rotate_token(device.id, actor=boss)
    management.revoke(device.id, actor=boss)
    assert [(c.kind, c.action, c.name, c.code, c.lines) for c in log.new()] == [
        ("device", "create", "kiosco-entrada", "Kiosco", ("Tipo: «Kiosco»", "Nombre: «kiosco-entrada»")),
        ("device", "token_rotated", "kiosco-entrada", "Kiosco", ("Token renovado: el anterior dejó de servir.",)),
        ("device", "revoke", "kiosco-entrada", "Kiosco", ("Revocado: su token dejó de servir.",)),
    ]
    db.session.expire_all()
    stored = db.session.get(Device, device.id).token_hash
    text = every_summary()
    assert first not in text and second not in text and stored not in text
    assert users.hash_token(first) not in text


def test_api_token_revoked_by_number_not_by_token(boss, log) -> None:
    make_user("integracion", "reception")
    token = users.create_api_token("integracion")
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == users.hash_token(token)))
    log.new()
    management.revoke_token(row.user_id, row.id, actor=boss)
    management.revoke_token(row.user_id, row.id, actor=boss)  # twice: one entry
    change = log.one()
    assert (change.kind, change.action, change.code, change.lines) == (
        "user", "token_revoked", "integracion", (f"Token de API n.º {row.id} revocado.",))
    assert token not in every_summary() and users.hash_token(token) not in every_summary()
