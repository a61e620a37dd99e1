"""The change log covers what is done from the server's console too (`flask --app wsgi …`): a user, a device or an
API token created there, a token revoked, and a seed that adds to the office, each named as «consola del servidor
(login)», with no password or token in the summary."""

from __future__ import annotations

import getpass

import pytest

from core.extensions import db
from core.models import ApiToken, User
from core.org.seed import CREATED_LABELS, seed
from tests.builders import make_user
from tests.changelog import Change, ChangeLog, every_summary

CONSOLE = f"consola del servidor ({getpass.getuser()})"


@pytest.fixture
def log(app) -> ChangeLog:
    return ChangeLog()


def run(app, *args: str, given: str | None = None) -> str:
    result = app.test_cli_runner().invoke(args=list(args), input=given)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_user_created_at_the_console_is_logged_with_its_roles(app, log) -> None:
    run(app, "create-user", "cajero3", "--role", "reception", "--full-name", "Rosa Mamani", "--password-stdin",
        given="una-clave-larga-3\n")
    assert log.new() == [Change(CONSOLE, "user", "create", "Rosa Mamani", "cajero3",
                                ("Usuario: «cajero3»", "Nombre completo: «Rosa Mamani»",
                                 "Roles: «Asesor Comercial de Informes (recepción)»"))]
    assert "una-clave-larga-3" not in every_summary()


def test_an_empty_password_at_the_console_is_refused_and_creates_nobody(app, log) -> None:
    result = app.test_cli_runner().invoke(args=["create-user", "vacio", "--role", "agent", "--password-stdin"],
                                          input="\n")
    assert result.exit_code != 0 and "La contraseña debe tener al menos 10 caracteres." in result.output
    assert db.session.query(User).filter_by(username="vacio").count() == 0 and log.new() == []


def test_a_device_created_at_the_console_is_logged_without_its_token(app, log) -> None:
    token = run(app, "create-device", "kiosk", "--name", "kiosco-entrada").strip()
    assert log.new() == [Change(CONSOLE, "device", "create", "kiosco-entrada", "Kiosco",
                                ("Tipo: «Kiosco»", "Nombre: «kiosco-entrada»"))]
    assert token not in every_summary()


def test_an_api_token_made_and_revoked_at_the_console_is_logged_by_number(app, log) -> None:
    user = make_user("integracion", "supervisor", full_name="Integración Smartflex")
    log.new()
    token = run(app, "create-token", "integracion").strip()
    [row] = db.session.query(ApiToken).filter_by(user_id=user.id).all()
    run(app, "revoke-token", str(row.id))
    assert log.new() == [
        Change(CONSOLE, "user", "token_created", "Integración Smartflex", "integracion",
               (f"Token de API n.º {row.id} creado.",)),
        Change(CONSOLE, "user", "token_revoked", "Integración Smartflex", "integracion",
               (f"Token de API n.º {row.id} revocado.",)),
    ]
    assert token not in every_summary()


def test_a_seed_logs_what_it_added_once(app, log) -> None:
    """The demo seed on top of the office: one «Carga inicial» line with what it added; run again, nothing."""
    run(app, "seed", "--demo")
    [change] = log.new()
    assert (change.actor, change.kind, change.action, change.name) == (CONSOLE, "seed", "create",
                                                                       "Datos de demostración")
    assert any(line.startswith("Usuarios de demostración: ") for line in change.lines)
    run(app, "seed", "--demo")
    seed(app.config["BRANCH_CODE"])
    assert log.new() == []


def test_every_count_a_seed_logs_is_named_in_spanish(app, log) -> None:
    """«Carga inicial» lines read «Casos Top 10 de demostración: 9», never a table name like «top10_case: 9»:
    every key the office and demo seeds count (Top 10 demo included) has its label."""
    run(app, "seed", "--demo")
    [change] = log.new()
    counted = [line.rpartition(": ")[0] for line in change.lines]
    assert set(counted) <= set(CREATED_LABELS.values()), counted
    assert {"Reportes de daño de demostración", "Bajas de productos de demostración",
            "Casos Top 10 de demostración"} <= set(counted)
