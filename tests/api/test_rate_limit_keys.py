"""The API's rate limits count each device and each staff user on its own, and anyone else by the client's real
address: a busy office whose kiosks, panels and desks all reach the app through one nginx never shares one
budget (issue 13, «Security at scale»)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.apps import make_app
from tests.builders import make_device
from tests.helpers import bearer, token_for

NGINX = "127.0.0.1"


def _app(db_url: str, tmp_path: Path) -> Flask:
    return make_app(db_url, tmp_path / "limited", PROXY_COUNT=1, API_RATE_LIMIT="3 per minute",
                    ACCOUNT_CHECK_RATE_LIMIT="2 per minute")


def _get(client, headers: dict[str, str], address: str = "10.0.0.1") -> int:
    return client.get("/api/v1/catalogue", headers={**headers, "X-Forwarded-For": address},
                      environ_base={"REMOTE_ADDR": NGINX}).status_code


def test_each_kiosk_behind_one_proxy_has_its_own_budget(app, db_url: str, tmp_path: Path) -> None:
    limited = _app(db_url, tmp_path)
    with limited.app_context():
        one, two = make_device("kiosk")[1], make_device("kiosk")[1]
    client = limited.test_client()
    assert [_get(client, bearer(one)) for _ in range(4)] == [200, 200, 200, 429]
    assert _get(client, bearer(two)) == 200, "a second kiosk at the same address is not limited by the first"


def test_each_staff_user_has_its_own_budget(app, db_url: str, tmp_path: Path) -> None:
    limited = _app(db_url, tmp_path)
    with limited.app_context():
        ana, beto = token_for("ana-limite", "agent"), token_for("beto-limite", "agent")
    client = limited.test_client()
    assert [_get(client, bearer(ana)) for _ in range(4)] == [200, 200, 200, 429]
    assert _get(client, bearer(beto)) == 200


def test_callers_without_credentials_count_by_their_real_address(app, db_url: str, tmp_path: Path) -> None:
    client = _app(db_url, tmp_path).test_client()
    assert [_get(client, {}, "10.0.0.9") for _ in range(4)] == [200, 200, 200, 429]
    assert _get(client, {}, "10.0.0.10") == 200, "another PC behind the same proxy"


def test_the_account_check_is_limited_per_kiosk(app, db_url: str, tmp_path: Path) -> None:
    limited = _app(db_url, tmp_path)
    with limited.app_context():
        one, two = make_device("kiosk")[1], make_device("kiosk")[1]
    client = limited.test_client()

    def check(token: str) -> int:
        return client.post("/api/v1/accounts/check", json={"account": "100200"},
                           headers={**bearer(token), "X-Forwarded-For": "10.0.0.1"},
                           environ_base={"REMOTE_ADDR": NGINX}).status_code

    assert [check(one) for _ in range(3)] == [200, 200, 429]
    assert check(two) == 200
