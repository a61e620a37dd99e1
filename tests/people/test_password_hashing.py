"""Staff passwords are hashed with the configured method: scrypt in production, one cheap round in tests."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from core.actors import Actor
from core.config import Config, TestConfig
from core.extensions import db
from core.people import management, users
from tests.helpers import PASSWORD, make_user
from web.app import create_app


def test_production_hashes_passwords_with_scrypt(tmp_path: Path) -> None:
    """A user created under the production configuration gets a scrypt hash and still signs in."""
    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    config = type("Prod", (Config,), {"SECRET_KEY": "x" * 32, "INSTANCE_PATH": str(tmp_path),
                                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}"})
    application = create_app(config)
    with application.app_context():
        db.create_all()
        user = users.create_user("produccion", PASSWORD, ["agent"])
        assert user.password_hash.startswith("scrypt:")
        assert users.authenticate("produccion", PASSWORD) is not None
        assert users.authenticate("produccion", "otra-clave-cualquiera") is None
        db.session.remove()
        db.engine.dispose()


def test_tests_hash_with_one_pbkdf2_round(app: Flask) -> None:
    """The test configuration hashes cheaply, and sign-in, set_password and an admin reset all use it."""
    assert TestConfig.PASSWORD_HASH_METHOD == "pbkdf2:sha256:1"
    user = make_user("rapido")
    assert user.password_hash.startswith("pbkdf2:sha256:1$")
    assert users.authenticate("rapido", PASSWORD) is not None
    users.set_password("rapido", "otra-clave-larga")
    assert users.find_user("rapido").password_hash.startswith("pbkdf2:sha256:1$")
    assert users.authenticate("rapido", "otra-clave-larga") is not None
    admin = Actor.of_user(make_user("jefa", "admin"))
    reset, password = management.reset_password(user.id, None, actor=admin)
    assert reset.password_hash.startswith("pbkdf2:sha256:1$")
    assert users.authenticate("rapido", password) is not None
