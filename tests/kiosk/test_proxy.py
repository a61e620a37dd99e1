"""Behind nginx (PROXY_COUNT=1) the sign-in rate limit counts each client by its X-Forwarded-For address, not the
proxy's; without it the header is ignored, so a client cannot escape the limit by inventing one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from core.extensions import db
from tests.conftest import _reset_database, make_app
from tests.helpers import csrf_from


def proxied_app(tmp_path: Path, proxies: int) -> Iterator[Flask]:
    application = make_app(f"sqlite:///{tmp_path / 'p.db'}", tmp_path / "instance", PROXY_COUNT=proxies,
                           LOGIN_RATE_LIMIT="2 per minute")
    _reset_database(application, "sqlite")
    with application.app_context():
        yield application
        db.engine.dispose()


@pytest.fixture
def behind_nginx(tmp_path: Path) -> Iterator[Flask]:
    yield from proxied_app(tmp_path, 1)


@pytest.fixture
def direct(tmp_path: Path) -> Iterator[Flask]:
    yield from proxied_app(tmp_path, 0)


def attempts(app: Flask, forwarded_for: str, count: int) -> list[int]:
    client = app.test_client()
    headers = {"X-Forwarded-For": forwarded_for}
    statuses = []
    for _ in range(count):
        csrf = csrf_from(client.get("/login", headers=headers).get_data(as_text=True))
        statuses.append(client.post("/login", headers=headers, data={"username": "nadie", "password": "x" * 12,
                                                                     "csrf_token": csrf}).status_code)
    return statuses


def test_behind_a_proxy_each_client_has_its_own_limit(behind_nginx) -> None:
    assert attempts(behind_nginx, "10.0.0.1", 3) == [200, 200, 429]
    assert attempts(behind_nginx, "10.0.0.2", 1) == [200]


def test_without_a_proxy_the_forwarded_header_is_ignored(direct) -> None:
    assert attempts(direct, "10.0.0.1", 2) == [200, 200]
    assert attempts(direct, "10.0.0.2", 1) == [429]
