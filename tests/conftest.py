"""Shared fixtures: an app per test on SQLite (and PostgreSQL for core/api/socket tests), real commits,
throwaway PostgreSQL and Redis servers, a live server for socket and browser tests."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text
from werkzeug.serving import make_server

from core import clock
from core.config import TestConfig
from core.extensions import db
from core.org.seed import seed
from printers.fake import FakePrinter
from tests import services
from tests.clients import IsolatedClient
from web.app import create_app

# Test folders whose tests run once per database backend.
BOTH_BACKENDS = ("core", "api", "sockets", "deploy", "admin", "top10")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames:
        folder = Path(str(metafunc.definition.fspath)).parent.name
        only = os.environ.get("TURNERO_TEST_BACKENDS")
        backends = ["sqlite", "postgresql"] if folder in BOTH_BACKENDS else ["sqlite"]
        if only:
            backends = [b for b in backends if b in only.split(",")] or backends[:1]
        metafunc.parametrize("db_backend", backends)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    try:
        with services.postgres() as url:
            yield url
    except services.ServiceUnavailable as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    try:
        with services.redis() as url:
            yield url
    except services.ServiceUnavailable as error:
        pytest.fail(str(error))


_pg_schema_ready: set[str] = set()


def make_app(url: str, instance: Path, **overrides: object) -> Flask:
    attrs = {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance), **overrides}
    config = type("Cfg", (TestConfig,), attrs)
    application = create_app(config)
    application.test_client_class = IsolatedClient  # each request gets its own `g` and session, as in production
    return application


def _reset_database(app: Flask, backend: str) -> None:
    with app.app_context():
        if backend == "postgresql":
            url = app.config["SQLALCHEMY_DATABASE_URI"]
            if url not in _pg_schema_ready:
                db.drop_all()
                db.create_all()
                _pg_schema_ready.add(url)
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        else:
            db.create_all()
        seed(app.config["BRANCH_CODE"])
        db.session.remove()


@pytest.fixture
def db_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if db_backend == "postgresql":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'turnero.db'}"


@pytest.fixture
def app(db_backend: str, db_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = make_app(db_url, tmp_path / "instance")
    _reset_database(application, db_backend)
    ctx = application.app_context()
    ctx.push()
    yield application
    db.session.remove()
    ctx.pop()
    with application.app_context():
        db.engine.dispose()
    clock.set_now(None)


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def fake() -> Iterator[FakePrinter]:
    """A fake ESC/POS network printer on 127.0.0.1 that records and decodes what it receives."""
    with FakePrinter() as printer:
        yield printer


@pytest.fixture
def blackhole() -> Iterator[int]:
    """A loopback port whose accept queue is full: the kernel drops new SYNs, so connect() hangs as it does
    for a powered-off printer on the LAN (no reliance on an outside address being unroutable)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname(), timeout=1)
    try:
        yield listener.getsockname()[1]
    finally:
        filler.close()
        listener.close()


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.port = services.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


# In CI a skipped test is a missing check: it fails the run.
_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI") and _skipped and exitstatus == 0:
        print(f"\n{len(_skipped)} skipped test(s) in CI, which counts as a failure: {_skipped[:10]}")
        session.exitstatus = 1
