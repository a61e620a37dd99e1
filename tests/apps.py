"""The test app factory: TestConfig with a database URL, an instance folder and any overrides."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from core.config import TestConfig
from core.extensions import db
from core.org.seed import seed
from tests import compile_cache
from tests.clients import IsolatedClient
from web.app import create_app

compile_cache.install()


def make_app(url: str, instance: Path, **overrides: object) -> Flask:
    attrs = {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance), **overrides}
    config = type("Cfg", (TestConfig,), attrs)
    application = create_app(config)
    compile_cache.share_templates(application)
    with application.app_context():
        compile_cache.share_sql(db.engines.values())
    application.test_client_class = IsolatedClient  # each request gets its own `g` and session, as in production
    return application


def create_and_seed(application: Flask) -> None:
    """Schema and seed in the app's database, built by the app itself (tests of a database file's own set-up;
    every other test copies the session's template, tests/templates.py)."""
    with application.app_context():
        db.create_all()
        seed(application.config["BRANCH_CODE"])
        db.session.remove()


@contextmanager
def busy_sqlite_app(folder: Path, busy_timeout: float) -> Iterator[Flask]:
    """An app on its own SQLite file whose writes give up after waiting `busy_timeout` s for the lock
    (production waits 15 s), inside its app context."""
    application = make_app(f"sqlite:///{folder / 'turnero.db'}", folder / "instance", SQLITE_BUSY_TIMEOUT=busy_timeout)
    create_and_seed(application)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()

