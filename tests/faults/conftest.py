"""Fixtures of the fault tests: a PostgreSQL of the module's own (the tests stop it or kill what uses it), its
seeded rows restored per test, and an app context on it for building what a test needs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from core.extensions import db
from tests import services, templates
from tests.apps import make_app
from tests.faults import servers


@pytest.fixture(scope="module")
def fault_pg() -> Iterator[servers.Postgres]:
    """A PostgreSQL of this module alone, schema and seed loaded once (tests/templates.py)."""
    try:
        with servers.postgres() as server:
            templates.prepare_postgresql(server.url)
            templates._engines.pop(server.url).dispose()  # ours below survives a restart of the server
            yield server
    except services.ServiceUnavailable as error:
        pytest.fail(str(error))


@pytest.fixture
def pg_setup(fault_pg: servers.Postgres, tmp_path: Path) -> Iterator[Flask]:
    """The seeded rows restored, and an app context on that database for building the test's office."""
    engine = create_engine(fault_pg.url, pool_pre_ping=True)
    with engine.begin() as conn:
        conn.execute(text("SELECT turnero_reset()"))
    engine.dispose()
    application = make_app(fault_pg.url, tmp_path / "setup")
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def fault_redis() -> Iterator[servers.Redis]:
    """A Redis of this test alone (the test stops it or lets an instance die under it), restartable on its port."""
    try:
        with servers.redis() as server:
            yield server
    except services.ServiceUnavailable as error:
        pytest.fail(str(error))
