"""Shared fixtures: an app per test on a copy of a seeded database, real commits, throwaway PostgreSQL and
Redis servers, a live server for socket and browser tests.

Databases: every test that takes `app` runs on SQLite. A test marked `postgres` (where the dialect matters:
numbering and concurrency, migrations, statistics/audit/Top 10 SQL, several instances, deploy) runs on
PostgreSQL too. The schema and the seed are built once per session (per xdist worker) and copied per test:
SQLite copies a template file; PostgreSQL restores the seeded rows with one stored function.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from core import clock
from core.actors import Actor
from core.extensions import db
from printers.fake import FakePrinter, powered_off
from tests import builders, schedule, services, templates
from tests.apps import make_app
from tests.builders import Counter, Office, make_actor, make_area, make_counter, make_office, make_transaction
from tests.helpers import FrozenClock, day_bound_clock
from tests.kiosk import helpers as kiosk_helpers
from tests.kiosk.helpers import Demo
from tests.staff import Staff, signed_in


def _backends(item: pytest.Item | pytest.Function) -> list[str]:
    backends = ["sqlite", "postgresql"] if item.get_closest_marker("postgres") else ["sqlite"]
    only = os.environ.get("TURNERO_TEST_BACKENDS")
    if only:
        backends = [b for b in backends if b in only.split(",")] or backends[:1]
    return backends


# Python's default (700, 10, 10) ran the cycle collector ~2,800 times over 520 ticket and Top 10 tests: 9 % of the
# worker's CPU. Every test builds an app and its objects, most freed by reference counting anyway, so the young
# generation is collected every 50,000 allocations instead (the collector's CPU fell to a third, the worker's by 8 %).
GC_THRESHOLDS = (50_000, 20, 20)


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames:
        metafunc.parametrize("db_backend", _backends(metafunc.definition))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A server a test needs is announced by its marker, so a phase can choose or leave out those tests."""
    unmarked = []
    for item in items:
        names = getattr(item, "fixturenames", ())
        callspec = getattr(item, "callspec", None)
        on_pg = "pg_url" in names or (callspec is not None and callspec.params.get("db_backend") == "postgresql")
        if on_pg and not item.get_closest_marker("postgres"):
            unmarked.append(f"{item.nodeid} uses PostgreSQL without @pytest.mark.postgres")
        if "redis_url" in names and not item.get_closest_marker("redis"):
            unmarked.append(f"{item.nodeid} uses Redis without @pytest.mark.redis")
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:  # xdist worker: deal the long tests out first (tests/schedule.py)
        schedule.order_for_workers(items, workerinput["workercount"])


@pytest.fixture(autouse=True)
def _fresh_builder_names() -> None:
    """Builders name things from the start in every test: nothing depends on the tests a worker ran before."""
    builders.restart_names()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A PostgreSQL server for this session (each xdist worker has its own), schema and seed loaded."""
    try:
        with services.postgres() as url:
            templates.prepare_postgresql(url)
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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema and the seed in a SQLite file, built once per session; tests get a copy."""
    return templates.build_sqlite(tmp_path_factory.mktemp("template"))


@pytest.fixture
def db_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A seeded database of this test's own: a copy of the SQLite template, or PostgreSQL restored to it."""
    if db_backend == "postgresql":
        url = request.getfixturevalue("pg_url")
        templates.restore_postgresql(url)
        return url
    path = tmp_path / "turnero.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def pg_app(pg_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on PostgreSQL alone, restored to the seed (several server processes are a PostgreSQL deployment)."""
    with templates.pg_app_context(pg_url, tmp_path / "instance") as application:
        yield application


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = make_app(db_url, tmp_path / "instance")
    clock.set_now(day_bound_clock())  # one business day per test, even one that runs across midnight
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
def frozen_start() -> datetime | None:
    """Where `frozen` starts (None: Monday 23 November 2026, 09:00 in La Paz); a folder may override it."""
    return None


@pytest.fixture
def frozen(app: Flask, frozen_start: datetime | None) -> FrozenClock:
    """The app's clock, stopped; the test moves it with `frozen.advance(minutes=…)`."""
    return FrozenClock(frozen_start)


@pytest.fixture
def supervisor(app: Flask) -> Staff:
    """A supervisor signed in through the login form."""
    return signed_in(app, "supervisora", "supervisor")


@pytest.fixture
def admin(app: Flask) -> Staff:
    """An administrator signed in through the login form."""
    return signed_in(app, "jefe", "admin")


@pytest.fixture
def demo(app: Flask) -> Demo:
    """`flask seed --demo`: info topics, directory, accounts 100200/100300/100400, the entrance kiosk."""
    return kiosk_helpers.demo()


@pytest.fixture
def counter(app: Flask) -> Counter:
    """One room, one queue, its transaction and two desks serving it (tests.builders.make_counter)."""
    return make_counter(desks=2)


@pytest.fixture
def office(app: Flask) -> Office:
    """Counters of our own (tests.builders.make_office), so no test leans on the seeded catalogue's codes."""
    return make_office()


@pytest.fixture
def checked_tx(app: Flask) -> str:
    """The code of a transaction with the account check (the kiosk asks for an account or CI first)."""
    return make_transaction(needs_account_check=True).code


@pytest.fixture
def rooms(app: Flask) -> tuple[str, str]:
    """Two waiting rooms' codes (tests.builders.make_area), «Plataforma» and «Mezanine» in the docstrings."""
    return make_area().code, make_area().code


@pytest.fixture
def agent(app: Flask) -> Actor:
    """A desk agent, «asesor1»."""
    return make_actor("asesor1", "agent")


@pytest.fixture
def fake() -> Iterator[FakePrinter]:
    """A fake ESC/POS network printer on 127.0.0.1 that records and decodes what it receives."""
    with FakePrinter() as printer:
        yield printer


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections at once, held for the test so nothing else takes it."""
    with services.closed_port() as port:
        yield port


@pytest.fixture
def blackhole() -> Iterator[int]:
    """The port of a powered-off printer (printers/fake.py `powered_off`)."""
    with powered_off() as port:
        yield port


class LiveServer:
    """The test's app served by Werkzeug in a thread, on a port the kernel chose."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


# In CI a skipped test is a missing check: it fails the run. Under xdist the controller sees every report.
_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI") and _skipped and exitstatus == 0:
        print(f"\n{len(_skipped)} skipped test(s) in CI, which counts as a failure: {_skipped[:10]}")
        session.exitstatus = 1
