"""Behind nginx (PROXY_COUNT=1) the sign-in limit counts each client, not the proxy (issue 13)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.apps import make_app
from tests.helpers import csrf_from

NGINX = "127.0.0.1"  # every request reaches the app from the proxy's address


def _failed_sign_in(client, client_address: str) -> int:
    headers = {"X-Forwarded-For": client_address}
    page = client.get("/login", headers=headers, environ_base={"REMOTE_ADDR": NGINX}).get_data(as_text=True)
    return client.post("/login", data={"username": "nadie", "password": "mala", "csrf_token": csrf_from(page)},
                       headers=headers, environ_base={"REMOTE_ADDR": NGINX}).status_code


def _app(tmp_path: Path, proxies: int) -> Flask:
    application = make_app(f"sqlite:///{tmp_path / 'p.db'}", tmp_path / "instance", PROXY_COUNT=proxies,
                           LOGIN_RATE_LIMIT="3 per minute")
    with application.app_context():
        from core.extensions import db

        db.create_all()
    return application


def test_one_office_behind_nginx_does_not_share_one_sign_in_budget(tmp_path: Path) -> None:
    """Four people at four PCs each sign in (wrongly) once: nobody gets 429 though nginx relays them all."""
    client = _app(tmp_path, proxies=1).test_client()
    codes = [_failed_sign_in(client, f"10.0.0.{n}") for n in range(1, 5)]
    assert 429 not in codes, codes


def test_one_client_behind_nginx_is_still_limited(tmp_path: Path) -> None:
    """The same client address past the limit gets 429, whatever address nginx connects from."""
    client = _app(tmp_path, proxies=1).test_client()
    codes = [_failed_sign_in(client, "10.0.0.7") for _ in range(4)]
    assert codes[-1] == 429 and 429 not in codes[:3], codes


def test_without_a_proxy_setting_forwarded_headers_are_not_trusted(tmp_path: Path) -> None:
    """PROXY_COUNT=0: a client cannot dodge the limit by inventing X-Forwarded-For addresses."""
    client = _app(tmp_path, proxies=0).test_client()
    codes = [_failed_sign_in(client, f"10.0.0.{n}") for n in range(1, 5)]
    assert codes[-1] == 429, codes
