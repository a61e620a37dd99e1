"""Running the migrations in a process keeps that process's loggers: Alembic's fileConfig disables every
existing logger by default, and a server that migrated before serving (or a test after a migration test) would
then log nothing — not even its errors."""

from __future__ import annotations

import logging

import flask_migrate

from tests.apps import make_app
from web.db_commands import enable_migrations


def test_upgrading_leaves_the_app_loggers_enabled(tmp_path) -> None:
    loggers = [logging.getLogger(name) for name in ("werkzeug", "web.errors", "core.tickets.engine")]
    app = make_app(f"sqlite:///{tmp_path / 'migrated.db'}", tmp_path / "instance")
    enable_migrations(app)
    with app.app_context():
        flask_migrate.upgrade()
    assert [log.name for log in loggers if log.disabled] == []
