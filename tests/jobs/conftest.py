from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from core.extensions import db
from tests import templates
from tests.apps import make_app


@contextmanager
def pg_app_context(pg_url: str, folder: Path, **overrides: object) -> Iterator[Flask]:
    """An app on the session's PostgreSQL, restored to the seed, that may print to the tests' fake printers."""
    templates.restore_postgresql(pg_url)
    application = make_app(pg_url, folder, PRINTER_NETWORK_ALLOW="127.0.0.1", **overrides)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def pg_app(pg_url: str, tmp_path: Path) -> Iterator[Flask]:
    with pg_app_context(pg_url, tmp_path / "instance") as application:
        yield application
