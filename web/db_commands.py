"""`flask db …` (Flask-Migrate), loaded when a db command runs. Alembic is ~12 MB of memory and ~0.2 s of CPU
in imports that no server worker, print worker or test app needs, so `create_app` registers only this group."""

from __future__ import annotations

import logging

import click
from flask import Flask, current_app

from core.config import ROOT
from core.extensions import db

MIGRATIONS = ROOT / "migrations"


def enable_migrations(app: Flask) -> None:
    """Bind Flask-Migrate to `app`: its `flask db` commands and `flask_migrate.upgrade()` read it."""
    # Imported after create_app set INFO logging, Alembic would list each plugin it sets up on every command: it
    # sets them up as it is imported, so the level is set first (`make run` opened with seven such lines).
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    from flask_migrate import Migrate

    Migrate(app, db, render_as_batch=True, directory=str(MIGRATIONS))


class DbCommands(click.Command):
    """Stands in for Flask-Migrate's `db` group in the command list; once `flask db …` is typed, the real group
    (with its options) parses and runs it. Click invokes whatever command the context it made belongs to."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: object) -> click.Context:
        if "migrate" not in current_app.extensions:
            enable_migrations(current_app._get_current_object())
        from flask_migrate.cli import db

        return db.make_context(info_name, args, parent=parent, **extra)


db_commands = DbCommands("db", help="Migraciones de la base de datos (Alembic, vía Flask-Migrate).")
